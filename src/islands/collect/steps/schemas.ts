// Start-up step 1 of the collection page (../../CollectIsland.tsx): the zod schemas.
import '../../../core/fields.ts';
