// Shared by the sealed-survey tests: the real instruments, the frozen fixture's key, member files.
import { readFileSync } from 'node:fs';
import {
  createCatalog,
  serializeBundle,
  synthesizeResponses,
  writeResponseBundle,
  type Instrument,
  type Response,
  type ResponseBundle,
} from '../../src/core/index.ts';
import { randomIndexFrom, type RandomIndex } from '../../src/core/seal/index.ts';
import { restoreCommitteeKey, type CommitteeKey } from '../../src/sealing/keys.ts';
import { allInstrumentVersions, realInstruments } from '../builders.ts';

export const instruments = realInstruments();
/** Current and superseded versions: the frozen fixtures were made with the survey of their day. */
export const catalog = createCatalog(allInstrumentVersions());
export const survey = instruments.find((i) => i.id === 'khao-sat-sinh-hoat') as Instrument;
/** The survey version the frozen fixtures of tests/fixtures/sealed/ were made with. */
export const frozenSurvey = catalog.versions('khao-sat-sinh-hoat').find((i) => i.version === '2025.1') as Instrument;

/** A frozen fixture of tests/fixtures/sealed/, as text. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/sealed/${name}`, import.meta.url), 'utf8');
}

/** The passphrase of the fixture's key backup (test only; README of the fixtures). */
export const FIXTURE_PASSPHRASE = 'kiểm thử khóa ban 2026';

let fixtureKey: Promise<CommitteeKey> | undefined;
/** The committee key of the frozen fixtures, restored once (600,000 PBKDF2 rounds). */
export function fixtureCommitteeKey(): Promise<CommitteeKey> {
  fixtureKey ??= restoreCommitteeKey(fixture('committee-key.phieu-key.json'), FIXTURE_PASSPHRASE).then((r) => {
    if (!r.ok) throw new Error(r.error.message.en);
    return r.key;
  });
  return fixtureKey;
}

/** A seeded source of random indexes. */
export function seededRandom(seed: number): RandomIndex {
  let s = seed >>> 0 || 1;
  return randomIndexFrom(() => {
    // xorshift32
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  });
}

/** Synthetic survey answers of one cell, as files a member would send. */
export function memberFiles(
  count: number,
  seed: number,
  ins: Instrument = survey,
): { bundle: ResponseBundle; text: string }[] {
  const responses: Response[] = synthesizeResponses(ins, { count, seed, cells: 1, period: '2026-Q4' });
  return responses.map((response) => {
    const bundle = writeResponseBundle({
      instrument: ins,
      response,
      app: '0.1.0',
      createdAt: '2026-12-01T08:00:00+07:00',
    });
    return { bundle, text: serializeBundle(bundle) };
  });
}
