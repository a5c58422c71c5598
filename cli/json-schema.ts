// JSON Schemas of our files, generated from the core zod schemas, so other tools can check files
// without this code. Used by `phieu schema` and scripts/gen-schemas.mjs (public/schema/*.json).
import * as z from 'zod/mini';
import { BundleSchema, ConditionSchema, InstrumentSchema, ReportBundleSchema } from '../src/core/index.ts';

type JsonSchema = Record<string, unknown>;

// Names for the definitions that become `$defs` (the recursive condition), instead of `__schema0`.
const names = z.registry<{ id: string }>();
names.add(ConditionSchema, { id: 'Condition' });

function generate(schema: z.ZodMiniType, title: string, description: string): JsonSchema {
  // draft 2020-12; `io: 'input'` describes what a reader accepts. Cross-field checks (digests,
  // section sums, references between ids) are not expressible here: readers still run them.
  // The recursive condition becomes a `$ref` into `$defs`.
  const generated = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    cycles: 'ref',
    reused: 'inline',
    metadata: names,
  }) as JsonSchema;
  const { $schema, ...rest } = generated;
  return { $schema, title, description, ...rest };
}

/** JSON Schema of any file of ours (a response file or a report file). */
export function bundleJsonSchema(): JsonSchema {
  return generate(
    BundleSchema,
    'Phiếu chi bộ file',
    'A response or report file of Phiếu chi bộ (format "phieu-chi-bo"). The digest, the answers against the instrument and the score are checked by the reader, not by this schema.',
  );
}

/** JSON Schema of an instrument definition (src/content/instruments/*.json). */
export function instrumentJsonSchema(): JsonSchema {
  return generate(
    InstrumentSchema,
    'Phiếu chi bộ instrument',
    'An instrument definition: sections, items, levels, gates, disqualifiers, metrics. Cross-field rules (unique ids, section sums, references) are checked by the app, not by this schema.',
  );
}

/** JSON Schema of a report file (one cell's counts, or merged). */
export function reportJsonSchema(): JsonSchema {
  return generate(
    ReportBundleSchema,
    'Phiếu chi bộ report file',
    'A report file of Phiếu chi bộ: counts and sums per cell that merge by addition.',
  );
}
