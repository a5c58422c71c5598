// Checks the instrument definitions in src/content/instruments: each file must parse against
// InstrumentSchema, and an all-best answer set must score the full 100 at the top level with nothing
// missing. Prints item counts, section maxima and the best/worst scores, plus a few scenario checks.
//
// Run: node_modules/.bin/node scripts/check-instruments.ts   (Node 22 strips the types.)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InstrumentSchema, type Instrument, type Item } from '../src/core/instrument.ts';
import { isScoredItem, itemMaxPoints, listItems } from '../src/core/items.ts';
import type { Answers, AnswerValue } from '../src/core/answers.ts';
import { scoreResponse, type Score } from '../src/core/scoring.ts';

const DIR = fileURLToPath(new URL('../src/content/instruments/', import.meta.url));

/** Answers that cannot be derived from points (counts, unscored yes/no), per instrument and case. */
const FIXED: Record<string, { best: Answers; worst: Answers }> = {
  'khao-sat-sinh-hoat': {
    best: { 'thematic-held': true },
    worst: { 'thematic-held': false },
  },
  'tu-danh-gia-dang-vien': {
    best: {
      'tasks-assigned': 10,
      'tasks-on-time': 10,
      'tasks-exceeded': 4,
      'tasks-late': 0,
      'dq-disciplined': false,
      'dq-degradation': false,
      'dq-job-rating': false,
    },
    worst: {
      'tasks-assigned': 10,
      'tasks-on-time': 0,
      'tasks-exceeded': 0,
      'tasks-late': 0,
      'dq-disciplined': true,
      'dq-degradation': true,
      'dq-job-rating': true,
    },
  },
  'phieu-cham-sinh-hoat': {
    best: {
      'members-on-roll': 25,
      'members-exempted': 2,
      'members-present': 23,
      'absent-with-reason': 0,
      'absent-without-reason': 0,
      'absent-three-in-a-row': false,
      'speaker-count': 15,
      'duration-minutes': 125,
      thematic: true,
      combined: true,
      'single-member-committee': false,
    },
    worst: {
      'members-on-roll': 25,
      'members-exempted': 2,
      'members-present': 12,
      'absent-with-reason': 10,
      'absent-without-reason': 1,
      'absent-three-in-a-row': true,
      'speaker-count': 2,
      'duration-minutes': 100,
      thematic: true,
      combined: true,
      'single-member-committee': false,
    },
  },
};

/** The answer giving an item its most (or least) points; undefined for items without a generic answer. */
function extremeAnswer(ins: Instrument, item: Item, best: boolean): AnswerValue | undefined {
  const pick = <T extends { points: number }>(xs: T[]): T | undefined =>
    [...xs].sort((a, b) => (best ? b.points - a.points : a.points - b.points))[0];
  switch (item.type) {
    case 'yes-no':
      if (!isScoredItem(item) || itemMaxPoints(item) === 0) return undefined;
      return best === (item.yesPoints ?? 0) >= (item.noPoints ?? 0);
    case 'choice':
      return pick(item.options)?.id;
    case 'rating':
      return pick(item.steps)?.value;
    case 'bonus':
      return best;
    case 'text':
      return best ? 'Ý kiến mẫu.' : undefined;
    case 'level':
      return (best ? ins.levels[0] : ins.levels.at(-1))?.id;
    default:
      return undefined;
  }
}

function answerSet(ins: Instrument, best: boolean): Answers {
  const answers: Answers = {};
  for (const { item } of listItems(ins)) {
    const a = extremeAnswer(ins, item, best);
    if (a !== undefined) answers[item.id] = a;
  }
  return { ...answers, ...(best ? FIXED[ins.id]?.best : FIXED[ins.id]?.worst) };
}

const fmt = (s: Score): string =>
  `total ${s.total}/${s.max}, scaled ${Math.round(s.scaled * 100) / 100}, band ${s.bandLevel}, level ${s.level}` +
  `, complete ${s.complete}` +
  (s.missing.length ? `, missing [${s.missing.join(', ')}]` : '') +
  (s.invalid.length ? `, invalid [${s.invalid.join(', ')}]` : '') +
  (s.gates.length ? `, gates [${s.gates.map((g) => `${g.id}: ${g.from}→${g.to}`).join(', ')}]` : '') +
  (s.disqualifiers.length ? `, disqualifiers [${s.disqualifiers.map((d) => d.id).join(', ')}]` : '') +
  (s.proposal ? `, proposal ${s.proposal.level} (${s.proposal.status})` : '');

const near = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;

let failed = false;
const fail = (msg: string): void => {
  failed = true;
  console.log(`  FAIL ${msg}`);
};

/** Scenario checks: answers on top of the best set, and the expected outcome. */
const SCENARIOS: Record<string, { name: string; answers: Answers; expect: (s: Score) => boolean }[]> = {
  'khao-sat-sinh-hoat': [
    {
      name: 'no thematic meeting → thematic items score 0 (max stays 100)',
      answers: { 'thematic-held': false },
      expect: (s) => s.total === 95 && s.max === 100 && s.level === 'tot',
    },
    {
      name: 'speakers 40–50% → gate lowers Tốt to Khá',
      answers: { speakers: 'tu-40' },
      expect: (s) => s.total === 99 && s.level === 'kha',
    },
  ],
  'tu-danh-gia-dang-vien': [
    {
      name: 'one task late → 96.5 drops to hoan-thanh by gates',
      answers: { 'tasks-on-time': 9, 'tasks-exceeded': 3, 'tasks-late': 1 },
      expect: (s) => near(s.total, 96.5) && s.level === 'hoan-thanh',
    },
    {
      name: '3 of 10 late → khong-hoan-thanh by the 20% gate',
      answers: { 'tasks-on-time': 7, 'tasks-exceeded': 3, 'tasks-late': 3 },
      expect: (s) => s.level === 'khong-hoan-thanh',
    },
    {
      name: 'exceeded 2 of 10 → tot',
      answers: { 'tasks-exceeded': 2 },
      expect: (s) => s.total === 100 && s.level === 'tot',
    },
    {
      name: 'disciplined → khong-hoan-thanh',
      answers: { 'dq-disciplined': true },
      expect: (s) => s.level === 'khong-hoan-thanh',
    },
    {
      name: '4 of 10 done → under half, khong-hoan-thanh',
      answers: { 'tasks-on-time': 4, 'tasks-exceeded': 0 },
      expect: (s) => s.level === 'khong-hoan-thanh' && s.disqualifiers.some((d) => d.id === 'duoi-nua-chi-tieu'),
    },
    {
      name: 'proposing xuat-sac when computed tot → higher',
      answers: { 'tasks-exceeded': 2 },
      expect: (s) => s.proposal?.status === 'higher',
    },
  ],
  'phieu-cham-sinh-hoat': [
    {
      name: 'combined meeting of 100 min → duration 0, Khá',
      answers: { 'duration-minutes': 100 },
      expect: (s) => s.total === 95 && s.level === 'kha',
    },
    {
      name: 'regular meeting of 95 min → duration full',
      answers: { thematic: false, combined: false, 'duration-minutes': 95 },
      expect: (s) => s.total === 95 && s.max === 95 && s.scaled === 100 && s.level === 'tot',
    },
    {
      name: 'one absent without reason → attendance lowest (2), Khá',
      answers: { 'absent-without-reason': 1, 'members-present': 22 },
      expect: (s) => s.total === 97 && s.level === 'kha',
    },
    {
      name: 'single-member committee → prep-committee full marks',
      answers: { 'single-member-committee': true, 'prep-committee': false },
      expect: (s) => s.total === 100 && s.level === 'tot',
    },
    {
      name: 'exactly 50% speakers → 4 points, Khá',
      answers: { 'members-on-roll': 22, 'members-present': 20, 'speaker-count': 10 },
      expect: (s) => s.total === 99 && s.level === 'kha',
    },
  ],
};

for (const file of ['khao-sat-sinh-hoat', 'tu-danh-gia-dang-vien', 'phieu-cham-sinh-hoat']) {
  console.log(`\n${file}.json`);
  const parsed = InstrumentSchema.safeParse(JSON.parse(readFileSync(`${DIR}${file}.json`, 'utf8')));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fail(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
    continue;
  }
  const ins = parsed.data;
  if (ins.id !== file) fail(`id "${ins.id}" does not match the file name`);
  const items = listItems(ins);
  const scored = items.filter(({ item }) => isScoredItem(item)).length;
  console.log(`  items: ${items.length} (${scored} scored), metrics: ${ins.metrics?.length ?? 0}`);
  console.log(`  sections: ${ins.sections.map((s) => `${s.id} ${s.max}`).join(', ')} = ${ins.maxScore}`);

  const best = scoreResponse(ins, answerSet(ins, true));
  const worst = scoreResponse(ins, answerSet(ins, false));
  console.log(`  best:  ${fmt(best)}`);
  console.log(`  worst: ${fmt(worst)}`);
  if (best.scaled !== ins.maxScore) fail(`best case scores ${best.scaled}, not ${ins.maxScore}`);
  if (best.level !== ins.levels[0]?.id) fail(`best case level is ${best.level}`);
  if (!best.complete) fail('best case is not complete');
  if (!worst.complete) fail('worst case is not complete');
  if (worst.level !== ins.levels.at(-1)?.id) fail(`worst case level is ${worst.level}`);

  for (const sc of SCENARIOS[ins.id] ?? []) {
    const s = scoreResponse(ins, { ...answerSet(ins, true), ...sc.answers });
    const ok = sc.expect(s);
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${sc.name}: ${fmt(s)}`);
    if (!ok) failed = true;
  }
}

if (failed) {
  console.log('\nsome checks failed');
  process.exit(1);
}
console.log('\nall instruments check out');
