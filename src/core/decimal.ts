/**
 * Exact decimals for points. Sheets print points with at most two decimals (17.4, 0.25), and
 * binary floats cannot hold most of them: 13 + 17.4 + 41.3 + 18.3 is 89.99999999999999 in floats,
 * which a half-open band "Tốt ≥ 90" reads as Khá. So every sum of points is made in integers of
 * hundredths (1740 for 17.4) and turned back into a number only at the end (`9000 / 100` is the
 * double nearest 90, i.e. 90 itself): the number shown is always the number banded.
 *
 * Metrics and scaled totals are fractions of such integers, compared by cross-multiplication
 * (a/b ≥ c/d ⇔ a·d ≥ c·b for positive b, d), never by dividing first.
 */

/** A number of hundredths: 1740 stands for 17.4. Always a safe integer. */
export type Hundredths = number;

/** Largest magnitude accepted as points or a number typed by a person (keeps every product exact). */
export const MAX_DECIMAL = 1e11;

/**
 * The hundredths of a number that has at most two decimals, or undefined when it has more (0.125),
 * is not finite, or is too large to add up exactly.
 */
export function toHundredths(x: number): Hundredths | undefined {
  if (!Number.isFinite(x) || Math.abs(x) > MAX_DECIMAL) return undefined;
  const h = Math.round(x * 100);
  // h / 100 is the double nearest the decimal h/100; it equals x exactly when x was written with at
  // most two decimals (17.4 → 1740 → 17.4) and not otherwise (89.99999999999999 → 9000 → 90 ≠ x).
  return h / 100 === x ? (Object.is(h, -0) ? 0 : h) : undefined;
}

/** Whether a number has at most two decimals (the schema's rule for points). */
export function hasAtMostTwoDecimals(x: number): boolean {
  return toHundredths(x) !== undefined;
}

/**
 * The hundredths nearest a number. For points already checked by a schema (at most two decimals)
 * this is exact; for anything else it rounds half away from zero.
 */
export function hundredthsOf(x: number): Hundredths {
  const exact = toHundredths(x);
  if (exact !== undefined) return exact;
  if (!Number.isFinite(x)) return 0;
  const h = Math.sign(x) * Math.round(Math.abs(x) * 100);
  return Object.is(h, -0) ? 0 : h;
}

/** The number a count of hundredths stands for: the double nearest the exact decimal. */
export function fromHundredths(h: Hundredths): number {
  return h / 100;
}

/** Sum of numbers with at most two decimals, made exactly (numbers with more are rounded to hundredths first). */
export function sumDecimals(xs: Iterable<number>): number {
  let h = 0;
  for (const x of xs) h += hundredthsOf(x);
  return fromHundredths(h);
}

/** -1, 0 or 1 as a/b is below, equal to or above c/d (b, d > 0; all safe integers). */
export function compareFractions(a: number, b: number, c: number, d: number): -1 | 0 | 1 {
  const l = a * d;
  const r = c * b;
  if (Number.isSafeInteger(l) && Number.isSafeInteger(r)) return l < r ? -1 : l > r ? 1 : 0;
  const bl = BigInt(a) * BigInt(d);
  const br = BigInt(c) * BigInt(b);
  return bl < br ? -1 : bl > br ? 1 : 0;
}

/** A finite number as an exact fraction p/q of its shortest decimal writing (0.3 → 3/10, 1e-7 → 1/10000000). */
export function decimalFraction(x: number): { p: bigint; q: bigint } {
  // Thresholds and weights repeat on every score: read each once (a bounded cache).
  const cached = FRACTIONS.get(x);
  if (cached) return cached;
  const f = readFraction(x);
  if (FRACTIONS.size >= 4096) FRACTIONS.clear();
  FRACTIONS.set(x, f);
  return f;
}

const FRACTIONS = new Map<number, { p: bigint; q: bigint }>();

function readFraction(x: number): { p: bigint; q: bigint } {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) throw new RangeError(`unexpected number writing: ${x}`);
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? 0) - frac.length;
  let p = BigInt(`${m[1]}${m[2]}${frac}`);
  let q = 1n;
  if (exp >= 0) p *= 10n ** BigInt(exp);
  else q = 10n ** BigInt(-exp);
  return { p, q };
}

/** Whether the fraction num/den (den > 0, safe integers) is at least the decimal `x` as written. */
export function fractionAtLeast(num: number, den: number, x: number): boolean {
  const { p, q } = decimalFraction(x);
  return BigInt(num) * q >= p * BigInt(den);
}

/**
 * ⌊num / den⌋ for safe integers with den > 0, exact even when the quotient would round up in
 * floats. Used to turn a linear share of points into hundredths without ever giving more than earned.
 */
export function floorDiv(num: bigint, den: bigint): bigint {
  const q = num / den;
  return num % den !== 0n && num < 0n !== den < 0n ? q - 1n : q;
}

/** Digits of a count of hundredths: sign, whole part, and the two decimals with trailing zeros dropped. */
export function formatHundredths(h: Hundredths, decimal = '.', group = ''): string {
  const sign = h < 0 ? '-' : '';
  const abs = Math.abs(h);
  const whole = String(Math.floor(abs / 100));
  const cents = abs % 100;
  const grouped = group ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, group) : whole;
  if (cents === 0) return `${sign}${grouped}`;
  const frac = String(cents).padStart(2, '0').replace(/0$/, '');
  return `${sign}${grouped}${decimal}${frac}`;
}

/** a + b for numbers with at most two decimals, exactly (17.4 + 72.6 is 90). */
export function addDecimals(a: number, b: number): number {
  return fromHundredths(hundredthsOf(a) + hundredthsOf(b));
}

/** x² for a number with at most two decimals, exactly (as a number with at most four decimals). */
export function squareDecimal(x: number): number {
  const h = hundredthsOf(x);
  return (h * h) / 10000;
}

/** a + b for numbers with at most four decimals (sums of squares of points), exactly. */
export function addSquares(a: number, b: number): number {
  return (Math.round(a * 10000) + Math.round(b * 10000)) / 10000;
}

/**
 * The fraction num/den (den > 0) rounded down to hundredths, as a number: a mean or a scaled total
 * shown with two decimals that never reaches a band edge (at most two decimals) the fraction does not.
 */
export function floorFraction(num: number, den: number): number {
  return fromHundredths(Number(floorDiv(BigInt(num) * 100n, BigInt(den))));
}
