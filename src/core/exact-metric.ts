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

type Term = Metric['numerator'][number];

/** What a term stands for: a number as written, an earlier metric, or undefined when missing. */
function termValue(
  t: Term,
  answers: Answers,
  earlier: (id: string) => ExactMetric | undefined,
): number | ExactMetric | undefined {
  if (t.constant !== undefined) return t.constant;
  if (t.metric !== undefined) return earlier(t.metric);
  const v = answers[t.item ?? ''];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** {@link sumTermsSmall}'s fraction when it is SUM_OK: p/q in safe integers (no object per call). */
let sumP = 0;
let sumQ = 1;
const SUM_OK = 0;
const SUM_MISSING = 1;
const SUM_TOO_LARGE = 2;

/**
 * Σ term × weight as a fraction in safe integers, left in sumP/sumQ (SUM_OK), SUM_MISSING when an
 * input is missing, or SUM_TOO_LARGE when a step would leave the safe integers (then
 * {@link sumTermsBig} is used). Every response read computes its metrics: no object is made here.
 */
function sumTermsSmall(
  terms: Metric['numerator'],
  answers: Answers,
  earlier: (id: string) => ExactMetric | undefined,
): number {
  let p = 0;
  let q = 1;
  for (const t of terms) {
    const v = termValue(t, answers, earlier);
    if (v === undefined) return SUM_MISSING;
    let ap: number;
    let aq: number;
    if (typeof v === 'number') {
      if (Number.isSafeInteger(v)) {
        ap = v === 0 ? 0 : v;
        aq = 1;
      } else {
        const a = smallFraction(v);
        if (!a) return SUM_TOO_LARGE;
        ap = a.p;
        aq = a.q;
      }
    } else {
      if (v.big) return SUM_TOO_LARGE;
      ap = v.num;
      aq = v.den;
    }
    let tp = ap;
    let tq = aq;
    if (t.weight !== undefined && t.weight !== 1) {
      const w = smallFraction(t.weight);
      if (!w) return SUM_TOO_LARGE;
      tp = ap * w.p;
      tq = aq * w.q;
    }
    if (!Number.isSafeInteger(tp) || !Number.isSafeInteger(tq)) return SUM_TOO_LARGE;
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
    if (!Number.isSafeInteger(p) || !Number.isSafeInteger(q)) return SUM_TOO_LARGE;
  }
  sumP = p;
  sumQ = q;
  return SUM_OK;
}

/** Σ term × weight as an exact fraction of BigInts, or undefined when an input is missing. */
function sumTermsBig(
  terms: Metric['numerator'],
  answers: Answers,
  earlier: (id: string) => ExactMetric | undefined,
): BigFraction | undefined {
  let p = 0n;
  let q = 1n;
  for (const t of terms) {
    const v = termValue(t, answers, earlier);
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
  const top = sumTermsSmall(chosen.numerator, answers, earlier);
  if (top === SUM_MISSING) return undefined;
  if (top === SUM_OK) {
    if (!chosen.denominator) return { num: sumP, den: sumQ };
    const topP = sumP;
    const topQ = sumQ;
    const bottom = sumTermsSmall(chosen.denominator, answers, earlier);
    if (bottom === SUM_MISSING) return undefined;
    if (bottom === SUM_OK) {
      if (sumP <= 0) return undefined;
      const num = topP * sumQ;
      const den = topQ * sumP;
      if (Number.isSafeInteger(num) && Number.isSafeInteger(den)) return { num, den };
    }
  }
  const bigTop = sumTermsBig(chosen.numerator, answers, earlier);
  if (!bigTop) return undefined;
  if (!chosen.denominator) return exactOf(bigTop.p, bigTop.q);
  const bottom = sumTermsBig(chosen.denominator, answers, earlier);
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
