// The schema of conditions (condition.ts evaluates them): shared by instruments and sheet rules.
import * as z from 'zod/mini';
import type { Condition } from './condition.ts';

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Schema of a {@link Condition} (conditions.ts evaluates them). Recursive through `all`, `any` and `not`. */
export const ConditionSchema: z.ZodMiniType<Condition> = z.lazy(() =>
  z.discriminatedUnion('op', [
    z.strictObject({ op: z.literal('answered'), item: z.string() }),
    z.strictObject({ op: z.literal('eq'), item: z.string(), value: Scalar }),
    z.strictObject({ op: z.literal('in'), item: z.string(), values: z.array(Scalar) }),
    z
      .strictObject({
        op: z.enum(['gte', 'gt', 'lte', 'lt']),
        item: z.optional(z.string()),
        metric: z.optional(z.string()),
        value: z.number(),
      })
      .check(
        z.refine((c) => (c.item === undefined) !== (c.metric === undefined), {
          message: 'a comparison names exactly one of item or metric',
        }),
      ),
    z.strictObject({ op: z.literal('full-marks'), items: z.array(z.string()).check(z.minLength(1)) }),
    z.strictObject({ op: z.enum(['all', 'any']), of: z.array(ConditionSchema).check(z.minLength(1)) }),
    z.strictObject({ op: z.literal('not'), cond: ConditionSchema }),
  ]),
) as z.ZodMiniType<Condition>;
