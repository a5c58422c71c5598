// Order that tells nothing: a uniform Fisher–Yates shuffle with the randomness passed in (core
// has no randomness of its own). Used where an order could point at a person: the sealed batch a
// secretary sends up (arrival order), the comments a committee reads (the order of the sheets).

/**
 * A random integer in [0, n): the caller's source of randomness. Browsers and the CLI pass one
 * over `crypto.getRandomValues` ({@link randomIndexFrom}); tests pass a seeded one.
 */
export type RandomIndex = (n: number) => number;

/** A uniform random integer in [0, n) from a source of random 32-bit words (rejection sampling: no bias). */
export function randomIndexFrom(words: () => number): RandomIndex {
  return (n) => {
    if (!Number.isInteger(n) || n < 1 || n > 0x1_0000_0000) throw new RangeError(`bad range ${n}`);
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
    for (;;) {
      const w = words() >>> 0;
      if (w < limit) return w % n;
    }
  };
}

/** A shuffled copy (Fisher–Yates): every order equally likely when `random` is uniform. */
export function shuffled<T>(items: readonly T[], random: RandomIndex): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    const t = out[i] as T;
    out[i] = out[j] as T;
    out[j] = t;
  }
  return out;
}
