// Metrics as exact fractions of the decimals they are made of (scoring.ts). Every figure is first
// made in plain integers (safe doubles), which is exact while every product and sum stays below
// 2^53; the first step that would not is made again in BigInt, so results never depend on size.
import { evaluateCondition, type ConditionContext } from './condition.ts';
import { decimalFraction, floorDiv } from './decimal.ts';
import type { Metric } from './instrument.ts';
import type { Answers } from './answers.ts';

/**
 * A metric's exact value `num / den` (den > 0), the fraction as summed (not reduced): answers and
 * weights are read as the decimals they were written as (0.8999 stays 0.8999). `num` and `den`
 * are safe integers; `big` holds the fraction instead when they would not be.
 */
export interface ExactMetric {
  num: number;
  den: number;
  big?: { num: bigint; den: bigint };
}

/** A fraction p/q of safe integers (q > 0), or of BigInts. */
interface SmallFraction {
  p: number;
  q: number;
}
interface BigFraction {
  p: bigint;
  q: bigint;
}

const MAX = Number.MAX_SAFE_INTEGER;

const BIG_MAX = BigInt(MAX);
/** smallFraction's results by number: weights and answers repeat from one response to the next. */
const SMALL = new Map<number, SmallFraction | null>();

/** `decimalFraction(x)` in safe integers, or null when its parts are not safe integers (read-only). */
function smallFraction(x: number): SmallFraction | null {
  let f = SMALL.get(x);
  if (f === undefined) {
    const { p, q } = decimalFraction(x);
    f = p <= BIG_MAX && p >= -BIG_MAX && q <= BIG_MAX ? { p: Number(p), q: Number(q) } : null;
    if (SMALL.size >= 4096) SMALL.clear();
    SMALL.set(x, f);
  }
  return f;
}

/** The BigInt form of an exact metric. */
function bigOf(m: ExactMetric): { num: bigint; den: bigint } {
  return m.big ?? { num: BigInt(m.num), den: BigInt(m.den) };
}

/** What a term stands for: a number as written, an earlier metric, or undefined when missing. */
type TermValue = (t: Metric['numerator'][number]) => number | ExactMetric | undefined;

/**
 * Σ term × weight as a fraction p/q in safe integers, `undefined` when an input is missing, or
 * `null` when a step would leave the safe integers (then {@link sumTermsBig} is used).
 */
function sumTermsSmall(terms: Metric['numerator'], valueOf: TermValue): SmallFraction | undefined | null {
  let p = 0;
  let q = 1;
  for (const t of terms) {
    const v = valueOf(t);
    if (v === undefined) return undefined;
    let ap: number;
    let aq: number;
    if (typeof v === 'number') {
      if (Number.isSafeInteger(v)) {
        ap = v === 0 ? 0 : v;
        aq = 1;
      } else {
        const a = smallFraction(v);
        if (!a) return null;
        ap = a.p;
        aq = a.q;
      }
    } else {
      if (v.big) return null;
      ap = v.num;
      aq = v.den;
    }
    let tp = ap;
    let tq = aq;
    if (t.weight !== undefined && t.weight !== 1) {
      const w = smallFraction(t.weight);
      if (!w) return null;
      tp = ap * w.p;
      tq = aq * w.q;
    }
    if (!Number.isSafeInteger(tp) || !Number.isSafeInteger(tq)) return null;
    // The same steps as sumTermsBig, so both give the same (unreduced) fraction.
    if (tq === q) p += tp;
    else if (tq % q === 0) {
      p = p * (tq / q) + tp;
      q = tq;
    } else if (q % tq === 0) p += tp * (q / tq);
    else {
      p = p * tq + tp * q;
      q = q * tq;
    }
    if (!Number.isSafeInteger(p) || !Number.isSafeInteger(q)) return null;
  }
  return { p, q };
}

/** Σ term × weight as an exact fraction of BigInts, or undefined when an input is missing. */
function sumTermsBig(terms: Metric['numerator'], valueOf: TermValue): BigFraction | undefined {
  let p = 0n;
  let q = 1n;
  for (const t of terms) {
    const v = valueOf(t);
    if (v === undefined) return undefined;
    let a: BigFraction;
    if (typeof v === 'number') a = decimalFraction(v);
    else {
      const b = bigOf(v);
      a = { p: b.num, q: b.den };
    }
    const w = decimalFraction(t.weight ?? 1);
    const tp = a.p * w.p;
    const tq = a.q * w.q;
    // Same denominator (the usual case: powers of ten) adds directly; otherwise cross-multiply.
    if (tq === q) p += tp;
    else if (tq % q === 0n) {
      p = p * (tq / q) + tp;
      q = tq;
    } else if (q % tq === 0n) p += tp * (q / tq);
    else {
      p = p * tq + tp * q;
      q = q * tq;
    }
  }
  return { p, q };
}

/**
 * A metric's exact value: the first case whose condition holds (conditions see the answers and the
 * metrics before this one) replaces its own terms. `earlier(id)` gives a metric computed before.
 */
export function computeMetric(
  metric: Metric,
  answers: Answers,
  earlier: (id: string) => ExactMetric | undefined,
): ExactMetric | undefined {
  let chosen: Pick<Metric, 'numerator' | 'denominator'> = metric;
  if (metric.cases) {
    const ctx: ConditionContext = {
      answer: (id) => (Object.hasOwn(answers, id) ? answers[id] : undefined),
      metric: (id) => {
        const m = earlier(id);
        return m ? metricValue(m) : undefined;
      },
      compareMetric: (id, value) => {
        const m = earlier(id);
        return m ? compareMetricTo(m, value) : undefined;
      },
      isFullMarks: () => false,
    };
    chosen = metric.cases.find((c) => evaluateCondition(c.when, ctx)) ?? metric;
  }
  const valueOf: TermValue = (t) => {
    if (t.constant !== undefined) return t.constant;
    if (t.metric !== undefined) return earlier(t.metric);
    const v = answers[t.item ?? ''];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  const top = sumTermsSmall(chosen.numerator, valueOf);
  if (top === undefined) return undefined;
  if (top !== null) {
    if (!chosen.denominator) return { num: top.p, den: top.q };
    const bottom = sumTermsSmall(chosen.denominator, valueOf);
    if (bottom === undefined) return undefined;
    if (bottom !== null) {
      if (bottom.p <= 0) return undefined;
      const num = top.p * bottom.q;
      const den = top.q * bottom.p;
      if (Number.isSafeInteger(num) && Number.isSafeInteger(den)) return { num, den };
    }
  }
  const bigTop = sumTermsBig(chosen.numerator, valueOf);
  if (!bigTop) return undefined;
  if (!chosen.denominator) return exactOf(bigTop.p, bigTop.q);
  const bottom = sumTermsBig(chosen.denominator, valueOf);
  if (!bottom || bottom.p <= 0n) return undefined;
  return exactOf(bigTop.p * bottom.q, bigTop.q * bottom.p);
}

function exactOf(num: bigint, den: bigint): ExactMetric {
  if (num <= BigInt(MAX) && num >= -BigInt(MAX) && den <= BigInt(MAX)) return { num: Number(num), den: Number(den) };
  return { num: NaN, den: NaN, big: { num, den } };
}

/** The nearest double of an exact metric (for display and for conditions on numbers). */
export function metricValue(m: ExactMetric): number {
  if (!m.big) return m.num / m.den;
  // Rare large fractions: scale down keeping 17 significant digits.
  const { num, den } = m.big;
  const shift = BigInt(Math.max(0, den.toString().length - 15));
  const d = den / 10n ** shift;
  return Number(num / 10n ** shift) / Number(d || 1n);
}

/** -1, 0 or 1 as the exact metric is below, equal to or above `value` as written. */
export function compareMetricTo(m: ExactMetric, value: number): -1 | 0 | 1 {
  const { num, den } = bigOf(m);
  const { p, q } = decimalFraction(value);
  const l = num * q;
  const r = p * den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * `fullH × value / full`, rounded down, for a linear band worth `fullH` hundredths at `full`
 * (0 at or below 0, `fullH` at or above `full`).
 */
export function linearBandHundredths(m: ExactMetric, fullH: number, full: number): number {
  const big = bigOf(m);
  const { p, q } = decimalFraction(full);
  const num = big.num * q;
  const den = big.den * p;
  if (num <= 0n) return 0;
  if (num >= den) return fullH;
  return Number(floorDiv(BigInt(fullH) * num, den));
}

/** ⌊a / b⌋ for safe integers with b > 0 (exact: the float quotient is corrected). */
export function floorDivSafe(a: number, b: number): number {
  if (Math.abs(a) + b > MAX) return Number(floorDiv(BigInt(a), BigInt(b)));
  let q = Math.floor(a / b);
  // a / b in floats may round across an integer; |q·b| ≤ |a| + b stays safe.
  while (q * b > a) q -= 1;
  while ((q + 1) * b <= a) q += 1;
  return q === 0 ? 0 : q;
}
