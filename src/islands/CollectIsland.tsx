// The collection page's island: CollectApp, whose code (zod schemas, core, storage, the panels)
// is evaluated in a few tasks rather than one. Evaluating it all at once took 60–100 ms on a
// 4× slowed CPU, a task that blocks input (Lighthouse's total blocking time); each step here
// stays well under 50 ms. The module resolves once every step is done, so Astro hydrates the
// finished app over the server's HTML (client:steps then renders it in a task of its own).
import type { ComponentType } from 'preact';
import type { Props } from './CollectApp.tsx';

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function loadInSteps(): Promise<ComponentType<Props>> {
  await import('../core/fields.ts');
  await nextTask();
  await import('../core/import.ts');
  await nextTask();
  await import('../storage/collections.ts');
  await nextTask();
  return (await import('./CollectApp.tsx')).default;
}

const CollectIsland = await loadInSteps();
export default CollectIsland;
