// A form page gives its island the strings of what its sheet has, and only those: whatever the
// score of any answers shows (a proposed level checked, a gate, a disqualifier, a cap held,
// scoring columns, the members' vote) finds its text on the page, and a sheet without such a
// thing does not carry its text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { islandStringPrefixes } from '../../src/components/form/strings.ts';
import type { AnswerValue, Answers } from '../../src/core/answers.ts';
import type { Instrument } from '../../src/core/instrument.ts';
import { listItems } from '../../src/core/items.ts';
import { scoreApplicable } from '../../src/core/scoring.ts';
import { DICTIONARIES } from '../../src/i18n/t.ts';
import { allInstrumentVersions, answerCandidates, extremeAnswers, instrument, section, yesNo } from '../builders.ts';

/** The keys a page of this instrument gives its island. */
function keysOf(ins: Instrument): string[] {
  const prefixes = islandStringPrefixes(ins);
  return Object.keys(DICTIONARIES.vi).filter((k) => prefixes.some((p) => k.startsWith(p)));
}

/** The keys the island shows for a score (islands/form/SheetNotes.tsx, Summary.tsx, paint.ts). */
function keysShown(score: ReturnType<typeof scoreApplicable>['score']): string[] {
  return [
    ...(score.proposal ? [`form.proposal.${score.proposal.status}.message`] : []),
    ...(score.gates.length > 0 ? ['form.gates.title', 'form.gate.item.label'] : []),
    ...(score.disqualifiers.length > 0 ? ['form.disqualifiers.title', 'form.disqualifier.item.label'] : []),
    ...(score.capsHeld?.length ? ['form.caps.held.message'] : []),
    ...(score.columns ? ['form.columns.empty.label', 'form.columns.item.label'] : []),
    ...(score.adoption ? [`form.adoption.${score.adoption.status}.message`] : []),
    ...(score.adoption && score.adoption.confirmation !== 'not-asked'
      ? [`form.confirmation.${score.adoption.confirmation}.message`]
      : []),
  ];
}

describe('the strings a form page gives its island', () => {
  it.each(allInstrumentVersions().map((i) => [`${i.id} ${i.version}`, i] as const))(
    '%s: every text its scores can show is there',
    (_name, ins) => {
      const keys = new Set(keysOf(ins));
      const items = listItems(ins).map(({ item }) => item);
      const shown = new Set<string>();
      const check = (answers: Record<string, AnswerValue | undefined>) => {
        const given = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined)) as Answers;
        for (const key of keysShown(scoreApplicable(ins, given).score)) {
          shown.add(key.split('.').slice(0, 2).join('.'));
          expect(keys, key).toContain(key);
        }
      };
      // The best sheet with one answer changed (a gate or a disqualifier at the top), every way ...
      const best = extremeAnswers(ins, 'best');
      for (const item of items) for (const value of answerCandidates(ins, item)) check({ ...best, [item.id]: value });
      // ... and any answers at all.
      const answers = fc.record(
        Object.fromEntries(
          items.map((item) => {
            const values = answerCandidates(ins, item);
            return [item.id, values.length > 0 ? fc.constantFrom(...values) : fc.constant(undefined)];
          }),
        ),
      );
      fc.assert(fc.property(answers, check), { numRuns: 200, seed: 13 });
      // The random answers reached the sheet's features (else the check above proved little).
      if (listItems(ins).some(({ item }) => item.type === 'level')) expect(shown).toContain('form.proposal');
      if (ins.gates?.length) expect(shown).toContain('form.gates');
      if (ins.disqualifiers?.length) expect(shown).toContain('form.disqualifiers');
      if (ins.adoption) expect(shown).toContain('form.adoption');
    },
  );

  it("leaves out the text of what a sheet does not have, and the other kind of sheet's notice", () => {
    const plain = instrument({ sections: [section('a', [yesNo('q1', 10)])] });
    const keys = keysOf(plain);
    for (const prefix of [
      'form.proposal.',
      'form.gate',
      'form.disqualifier',
      'form.caps.',
      'form.columns.',
      'form.adoption.',
      'form.confirmation.',
    ])
      expect(keys.filter((k) => k.startsWith(prefix))).toEqual([]);
    expect(keys).toContain('export.prepare.label');
    const anonymous = keysOf({ ...plain, anonymity: 'anonymous' });
    expect(anonymous).toContain('drafts.sent.message');
    expect(anonymous).not.toContain('drafts.sentNamed.message');
    expect(anonymous).not.toContain('form.name.missing.error');
    const named = keysOf({ ...plain, anonymity: 'named' });
    expect(named).toContain('drafts.sentNamed.message');
    expect(named).toContain('form.name.missing.error');
    expect(named).not.toContain('drafts.sent.message');
  });
});
