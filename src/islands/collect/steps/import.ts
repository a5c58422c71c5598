// Start-up step 4 of the collection page (../../CollectIsland.tsx): the reading of files, folders and ZIPs.
import '../../../core/import.ts';
