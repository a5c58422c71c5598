// `client:steps`: hydrates at once, like `client:load`, but in two tasks rather than one: the
// island's code is fetched and evaluated in one, the island renders in the next. With
// `client:load` both run in the same task (the render continues in the import's microtasks),
// which on a slow phone makes one long task that blocks input (Lighthouse's total blocking time).
import type { ClientDirective } from 'astro';

const steps: ClientDirective = (load) => {
  void (async () => {
    const hydrate = await load();
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    await hydrate();
  })();
};

export default steps;
