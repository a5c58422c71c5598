// Start-up step 5 of the collection page (../../CollectIsland.tsx): the collections' storage.
import '../../../storage/collections.ts';
