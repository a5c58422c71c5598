// Start-up step 2 of the collection page (../../CollectIsland.tsx): files and their envelopes (digests, bundles).
import '../../../core/bundle.ts';
