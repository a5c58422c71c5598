// Hydration in stages. The collection page's server HTML shows every panel at once, but hydrating
// them all (attaching Preact to the server's DOM) in the island's first render made one task of
// 30–40 ms on a 4× slowed CPU, blocking input (Lighthouse's total blocking time). A panel inside
// <Later> keeps the server's DOM as it is in that render and is hydrated in a task of its own, one
// after another in the order they were met. On the server <Later> renders its children at once;
// in the browser it always waits for its turn, so one mounted after the first render (none is in
// CollectApp today) shows its children a task later, without a server node to keep.
//
// It uses Preact's own way of pausing hydration (as its compat Suspense does, without compat):
// a component that throws a promise while hydrating leaves the server's DOM node in place, and is
// hydrated onto that node when rendered again. <Later> is the boundary that catches the promise,
// holds its children back until their turn, then renders them.
import { Component, type ComponentChildren } from 'preact';

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The turns taken so far: each <Later> hydrates in the task after the one before it. */
let turns: Promise<void> = Promise.resolve();

/**
 * Resolves in a task after every <Later> met so far has hydrated its children. The page says it is
 * ready (its `data-ready`) only then, so nothing is clicked before its handlers are attached.
 */
export function allHydrated(): Promise<void> {
  return turns.then(nextTask);
}

interface HoldProps {
  turn: Promise<void> | undefined;
  children?: ComponentChildren;
}

/** Throws its turn until it has come (only ever in the first, hydrating render). */
function Hold({ turn, children }: HoldProps) {
  // Preact's signal to pause hydration is a thrown promise (a "thenable"), not an error.
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  if (turn) throw turn;
  return <>{children}</>;
}

interface LaterProps {
  /** One element: the panel's root (Preact keeps one server node per paused component). */
  children: ComponentChildren;
}

export class Later extends Component<LaterProps> {
  /** The task this boundary's children wait for; undefined once they render. */
  private turn: Promise<void> | undefined = import.meta.env.SSR ? undefined : (turns = turns.then(nextTask));

  override componentDidMount(): void {
    const turn = this.turn;
    void turn?.then(() => {
      this.turn = undefined;
      this.forceUpdate();
    });
  }

  /** The paused children: mark the boundary handled (Preact then keeps their server DOM). */
  override componentDidCatch(thrown: unknown): void {
    if (thrown !== this.turn) throw thrown;
    this.setState({});
  }

  /** While the children wait, no render of the page reaches them (they would throw again). */
  override shouldComponentUpdate(): boolean {
    return this.turn === undefined;
  }

  render({ children }: LaterProps) {
    return <Hold turn={this.turn}>{children}</Hold>;
  }
}
