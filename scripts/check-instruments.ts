// Checks every instrument file under src/content/instruments (superseded versions included; a new
// file is never skipped): each must parse against InstrumentSchema and be named after its id (and
// version, for superseded ones). For each it prints item counts, section maxima, and the best and
// worst scores: among 2,000 synthesized answers (synth keeps the instrument's rules) for every
// instrument, and, for the versions that have hand-written answers below, the all-best and
// all-worst answer sets and scenario checks.
//
// Run: node_modules/.bin/node scripts/check-instruments.ts [--dir <folder>]   (Node 22 strips the types.)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InstrumentSchema, type Instrument, type Item } from '../src/core/instrument.ts';
import { isScoredItem, itemMaxPoints, listItems } from '../src/core/items.ts';
import type { Answers, AnswerValue } from '../src/core/answers.ts';
import { scoreResponse, type Score } from '../src/core/scoring.ts';
import { checkResponse } from '../src/core/response.ts';
import { synthesizeResponses } from '../src/core/synth.ts';

const dirArg = process.argv.indexOf('--dir');
const DIR =
  dirArg > 0 && process.argv[dirArg + 1]
    ? path.resolve(process.argv[dirArg + 1]!)
    : fileURLToPath(new URL('../src/content/instruments/', import.meta.url));

/** Every .json file under a folder, sorted, walked recursively. */
function listJson(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? listJson(full) : name.endsWith('.json') ? [full] : [];
    });
}

/**
 * Answers that cannot be derived from points (counts, unscored yes/no), per instrument version
 * (`id@version`) and case. Written for the 2025.1 files (now superseded); other versions are
 * checked through synthesized answers until answers are written for them here.
 */
const FIXED: Record<string, { best: Answers; worst: Answers }> = {
  'khao-sat-sinh-hoat@2025.1': {
    best: { 'thematic-held': true },
    worst: { 'thematic-held': false },
  },
  'tu-danh-gia-dang-vien@2025.1': {
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
  'phieu-cham-sinh-hoat@2025.1': {
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
  const fixed = FIXED[`${ins.id}@${ins.version}`];
  return { ...answers, ...(best ? fixed?.best : fixed?.worst) };
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
  'khao-sat-sinh-hoat@2025.1': [
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
  'tu-danh-gia-dang-vien@2025.1': [
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
  'phieu-cham-sinh-hoat@2025.1': [
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

/** The first period of a granularity in the instrument's first year in force. */
function periodsOf(ins: Instrument): string[] {
  const year = Number(ins.validFrom.slice(0, 4));
  const g = ins.periods[0];
  if (g === 'month') return ['01', '04', '07', '10'].map((m) => `${year}-${m}`);
  if (g === 'quarter') return ['Q1', 'Q2', 'Q3', 'Q4'].map((q) => `${year}-${q}`);
  return [String(year)];
}

const files = listJson(DIR);
const seen = new Map<string, string>();
console.log(`${files.length} instrument files in ${path.relative(process.cwd(), DIR) || '.'}`);
for (const file of files) {
  const rel = path.relative(DIR, file);
  console.log(`\n${rel}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
    continue;
  }
  const parsed = InstrumentSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fail(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
    continue;
  }
  const ins = parsed.data;
  const key = `${ins.id}@${ins.version}`;
  const base = path.basename(file, '.json');
  if (base !== ins.id && base !== `${ins.id}.${ins.version}`)
    fail(
      `the file is named "${base}.json" but holds ${ins.id} ${ins.version} (name it ${ins.id}.json, or ${ins.id}.${ins.version}.json when superseded)`,
    );
  if (seen.has(key)) fail(`${key} is also in ${seen.get(key)}`);
  seen.set(key, rel);
  const items = listItems(ins);
  const scored = items.filter(({ item }) => isScoredItem(item)).length;
  console.log(`  ${key}: items ${items.length} (${scored} scored), metrics ${ins.metrics?.length ?? 0}`);
  console.log(`  sections: ${ins.sections.map((s) => `${s.id} ${s.max}`).join(', ')} = ${ins.maxScore}`);

  // Synthesized answers: the best and worst found, and every one must fit the instrument.
  const synth = periodsOf(ins).flatMap((period, i) =>
    synthesizeResponses(ins, { count: 500, cells: 20, seed: `check-${i}`, period }),
  );
  let top: Score | undefined;
  let bottom: Score | undefined;
  const levels: Record<string, number> = {};
  let unfit = 0;
  for (const r of synth) {
    if (checkResponse(ins, r).length > 0) unfit += 1;
    const sc = scoreResponse(ins, r.answers);
    levels[sc.level] = (levels[sc.level] ?? 0) + 1;
    if (!top || sc.scaled > top.scaled) top = sc;
    if (!bottom || sc.scaled < bottom.scaled) bottom = sc;
  }
  if (top && bottom) {
    console.log(`  best of ${synth.length} synthesized:  ${fmt(top)}`);
    console.log(`  worst of ${synth.length} synthesized: ${fmt(bottom)}`);
    console.log(`  levels: ${ins.levels.map((l) => `${l.id} ${levels[l.id] ?? 0}`).join(', ')}`);
  }
  if (unfit > 0) fail(`${unfit} of ${synth.length} synthesized answers do not fit the instrument`);

  if (!FIXED[key]) continue;
  const best = scoreResponse(ins, answerSet(ins, true));
  const worst = scoreResponse(ins, answerSet(ins, false));
  console.log(`  all-best answers:  ${fmt(best)}`);
  console.log(`  all-worst answers: ${fmt(worst)}`);
  if (best.scaled !== ins.maxScore) fail(`best case scores ${best.scaled}, not ${ins.maxScore}`);
  if (best.level !== ins.levels[0]?.id) fail(`best case level is ${best.level}`);
  if (!best.complete) fail('best case is not complete');
  if (!worst.complete) fail('worst case is not complete');
  if (worst.level !== ins.levels.at(-1)?.id) fail(`worst case level is ${worst.level}`);

  for (const sc of SCENARIOS[key] ?? []) {
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
