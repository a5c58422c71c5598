// storage/draft-lite.ts keeps zod off the form page's start: its plain check of a stored draft
// must never accept what core's `readDraft` refuses (nor give another value). Anything it does not
// accept goes to `readDraft`.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as core from '../../src/core/draft.ts';
import { DraftSchema, readDraft } from '../../src/core/draft-schema.ts';
import * as lite from '../../src/storage/draft-lite.ts';

const SURVEY = { id: 'khao-sat-sinh-hoat', version: '2025.1', anonymity: 'anonymous' as const };
const SELF = { id: 'tu-danh-gia-dang-vien', version: '2025.1', anonymity: 'named' as const };

const itemId = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,8}$/);
const answer = fc.oneof(
  fc.boolean(),
  fc.integer({ min: -5, max: 500 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 30 }),
  fc.constant({ na: true as const }),
);
const answers = fc.dictionary(itemId, answer, { maxKeys: 6 });
const respondent = fc.option(
  fc.record({ name: fc.string({ maxLength: 20 }), post: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }) }),
  { nil: undefined },
);
const responseId = fc.stringMatching(/^[A-Za-z0-9_-]{8,20}$/);
const time = fc.integer({ min: 0, max: 2_000_000_000_000 });

/** Drafts as the app makes them: created, changed, sent, in any order. */
const validDraft = fc
  .record({
    named: fc.boolean(),
    cell: fc.string({ maxLength: 10 }),
    period: fc.constantFrom('2026', '2026-Q4', '2026-11'),
    responseId,
    created: time,
    steps: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('change' as const), answers, respondent, at: time }),
        fc.record({ kind: fc.constant('sent' as const), at: time }),
      ),
      { maxLength: 5 },
    ),
  })
  .map(({ named, cell, period, responseId: id, created, steps }) => {
    let d = core.createDraft(named ? SELF : SURVEY, { cell, period }, id, created);
    for (const s of steps)
      d =
        s.kind === 'sent'
          ? core.markDraftSent(d, s.at)
          : core.changeDraft(d, { answers: s.answers, respondent: s.respondent }, s.at);
    return d;
  });

/** A value that breaks a draft in one place, or a valid value, for one field. */
const junk = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(NaN),
  fc.constant(Infinity),
  fc.constant(-1),
  fc.constant(0),
  fc.constant(1.5),
  fc.constant(2 ** 60),
  fc.constant(''),
  fc.constant('x'.repeat(200)),
  fc.constant('Bad Id!'),
  fc.constant('__proto__'),
  fc.constant([]),
  fc.constant({}),
  fc.constant({ na: true }),
  fc.constant({ na: false }),
  fc.constant({ na: true, extra: 1 }),
  fc.constant(new Date(0)),
  fc.boolean(),
  fc.string({ maxLength: 5 }),
  fc.integer(),
);
// Every field of core's schema, and one it does not know.
const FIELDS = [...Object.keys(DraftSchema.shape), 'extra'];

/** A valid draft with a few fields (or parts of them) replaced by junk. */
const brokenDraft = fc
  .tuple(
    validDraft,
    fc.array(fc.tuple(fc.constantFrom(...FIELDS), junk), { minLength: 1, maxLength: 3 }),
    fc.array(
      fc.tuple(
        fc.constantFrom(
          'instrument.id',
          'instrument.version',
          'instrument.x',
          'answers',
          'respondent.name',
          'respondent.post',
          'respondent.x',
        ),
        junk,
        itemId,
      ),
      { maxLength: 2 },
    ),
  )
  .map(([draft, top, deep]) => {
    const d = structuredClone(draft) as unknown as Record<string, unknown>;
    for (const [field, value] of top) d[field] = value;
    for (const [path, value, id] of deep) {
      const [outer, inner] = path.split('.') as [string, string | undefined];
      const target = d[outer];
      if (typeof target !== 'object' || target === null) continue;
      (target as Record<string, unknown>)[inner ?? id] = value;
    }
    return d;
  });

describe('the plain check of a stored draft', () => {
  it('accepts every draft the app writes, as core reads it', () => {
    fc.assert(
      fc.property(validDraft, (d) => {
        const stored = structuredClone(d);
        expect(lite.checkStoredDraft(stored)).toEqual(readDraft(structuredClone(d)));
        expect(lite.checkStoredDraft(stored)).toBeDefined();
      }),
    );
  });

  it('never accepts what core refuses, nor reads it otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(brokenDraft, fc.anything()), (value) => {
        const checked = lite.checkStoredDraft(structuredClone(value));
        if (checked !== undefined) expect(checked).toEqual(readDraft(structuredClone(value)));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads every stored value as core does, loading core for what it does not accept', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(brokenDraft, validDraft, fc.anything()), async (value) => {
        expect(await lite.readStoredDraft(structuredClone(value))).toEqual(readDraft(structuredClone(value)));
      }),
      { numRuns: 1000 },
    );
    // Optional fields present as `undefined` (a structured clone keeps them): a draft for both.
    const d = {
      ...core.createDraft(
        SELF,
        { cell: 'CB-01', period: '2026-Q4', respondent: { name: 'A', post: undefined } },
        'resp-000001',
        1,
      ),
      sentAt: undefined,
    };
    expect(lite.checkStoredDraft(structuredClone(d))).toEqual(readDraft(structuredClone(d)));
    expect(lite.checkStoredDraft(structuredClone(d))).toBeDefined();
    expect(await lite.readStoredDraft(null)).toBeUndefined();
    expect(await lite.readStoredDraft(undefined)).toBeUndefined();
  });

  it('accepts the drafts version 1 of the site stored, without loading core', () => {
    const file = new URL('../fixtures/stored/v1/drafts-store.json', import.meta.url);
    const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const drafts = Object.entries(entries).filter(([k]) => k.startsWith(lite.DRAFT_PREFIX));
    expect(drafts).toHaveLength(2);
    for (const [, value] of drafts) {
      expect(lite.checkStoredDraft(structuredClone(value))).toEqual(readDraft(structuredClone(value)));
      expect(lite.checkStoredDraft(structuredClone(value))).toBeDefined();
    }
    expect(lite.readLastContext(entries['ctx|tu-danh-gia-dang-vien'])).toEqual({ cell: 'CB-07', period: '2026-Q3' });
  });

  it('reads a stored last context, and nothing else', () => {
    expect(lite.readLastContext({ cell: 'x'.repeat(80), period: '2026-Q4' })?.cell).toHaveLength(64);
    for (const bad of [undefined, null, 'CB', 1, {}, { cell: 1, period: '2026' }, { cell: 'CB' }])
      expect(lite.readLastContext(bad)).toBeUndefined();
  });
});
