/**
 * A condition over a response's answers, as data (instruments never carry code).
 * Used for "applies when", "full marks when", gates and disqualifiers.
 * `item` names an item id; `metric` names a metric id of the instrument.
 */
export type Condition =
  | { op: 'answered'; item: string }
  | { op: 'eq'; item: string; value: string | number | boolean }
  | { op: 'in'; item: string; values: (string | number | boolean)[] }
  | { op: 'gte' | 'gt' | 'lte' | 'lt'; item?: string; metric?: string; value: number }
  | { op: 'full-marks'; items: string[] }
  | { op: 'all' | 'any'; of: Condition[] }
  | { op: 'not'; cond: Condition };

/** What a condition can look at while it is evaluated. */
export interface ConditionContext {
  /** The raw answer of an item, or undefined when unanswered. */
  answer(itemId: string): unknown;
  /** A metric's value, or undefined when it cannot be computed (missing inputs, zero denominator). */
  metric(metricId: string): number | undefined;
  /**
   * Compares a metric's exact value with a threshold as written (-1 below, 0 equal, 1 above), or
   * undefined when the metric cannot be computed. When given, metric comparisons use it instead of
   * the metric's float value, so a share of 9/10 meets "≥ 0.9" exactly.
   */
  compareMetric?(metricId: string, value: number): -1 | 0 | 1 | undefined;
  /** Whether an item scored its full marks. */
  isFullMarks(itemId: string): boolean;
}

/**
 * Evaluates a condition. Unanswered items and undefined metrics make comparisons false. Plain loops
 * rather than some() and every() with arrows: scoring evaluates conditions for every response read
 * (tens of thousands in the CLI's aggregate), and each arrow was an object made and dropped.
 */
export function evaluateCondition(cond: Condition, ctx: ConditionContext): boolean {
  switch (cond.op) {
    case 'answered':
      return ctx.answer(cond.item) !== undefined;
    case 'eq':
      return ctx.answer(cond.item) === cond.value;
    case 'in': {
      const a = ctx.answer(cond.item);
      for (const v of cond.values) if (v === a) return true;
      return false;
    }
    case 'gte':
    case 'gt':
    case 'lte':
    case 'lt': {
      if (cond.metric !== undefined && ctx.compareMetric) {
        const c = ctx.compareMetric(cond.metric, cond.value);
        if (c === undefined) return false;
        return cond.op === 'gte' ? c >= 0 : cond.op === 'gt' ? c > 0 : cond.op === 'lte' ? c <= 0 : c < 0;
      }
      const raw = cond.metric !== undefined ? ctx.metric(cond.metric) : ctx.answer(cond.item ?? '');
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return false;
      if (cond.op === 'gte') return raw >= cond.value;
      if (cond.op === 'gt') return raw > cond.value;
      if (cond.op === 'lte') return raw <= cond.value;
      return raw < cond.value;
    }
    case 'full-marks':
      for (const id of cond.items) if (!ctx.isFullMarks(id)) return false;
      return true;
    case 'all':
      for (const c of cond.of) if (!evaluateCondition(c, ctx)) return false;
      return true;
    case 'any':
      for (const c of cond.of) if (evaluateCondition(c, ctx)) return true;
      return false;
    case 'not':
      return !evaluateCondition(cond.cond, ctx);
  }
}

/** Lists the item ids and metric ids a condition refers to (for instrument validation). */
export function listConditionRefs(cond: Condition): { items: string[]; metrics: string[] } {
  const items: string[] = [];
  const metrics: string[] = [];
  const walk = (c: Condition): void => {
    switch (c.op) {
      case 'answered':
      case 'eq':
      case 'in':
        items.push(c.item);
        break;
      case 'gte':
      case 'gt':
      case 'lte':
      case 'lt':
        if (c.item !== undefined) items.push(c.item);
        if (c.metric !== undefined) metrics.push(c.metric);
        break;
      case 'full-marks':
        items.push(...c.items);
        break;
      case 'all':
      case 'any':
        c.of.forEach(walk);
        break;
      case 'not':
        walk(c.cond);
        break;
    }
  };
  walk(cond);
  return { items, metrics };
}
