// Start-up step 3 of the collection page (../../CollectIsland.tsx): response codes (deflate tables).
import '../../../core/code.ts';
