// Panels the page does not need at start (the members of a named collection, the round link) are
// loaded when first shown, keeping the page's first load within its budget (size-budget.json).
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** A component loaded on first render; renders nothing until it has arrived. */
export function lazyPanel<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  return function LazyPanel(props: P) {
    const [Panel, setPanel] = useState<ComponentType<P> | undefined>(() => loaded);
    useEffect(() => {
      if (Panel) return;
      let live = true;
      loading ??= load().then((c) => (loaded = c));
      void loading.then((c) => live && setPanel(() => c));
      return () => {
        live = false;
      };
    }, []);
    return Panel ? <Panel {...props} /> : null;
  };
}
