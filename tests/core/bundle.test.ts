import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUNDLE_FORMAT_VERSION,
  MAX_BUNDLE_BYTES,
  READ_ERROR_CODES,
  buildReport,
  createCatalog,
  createUnitTally,
  decodeFileBytes,
  digestOf,
  hashInstrument,
  refInstrument,
  migrateEnvelope,
  readBundle,
  readError,
  scoreResponse,
  serializeBundle,
  summarizeUnits,
  toCanonicalJson,
  writeReportBundle,
  writeResponseBundle,
  type Answers,
  type Instrument,
  type ReadErrorCode,
  type ReadResult,
  type Response,
  type ResponseBundle,
} from '../../src/core/index.ts';
import {
  choice,
  extremeAnswers,
  instrument,
  level,
  local,
  realInstruments,
  allInstrumentVersions,
  responseFor,
  section,
  selfAssessment,
  text,
  yesNo,
} from '../builders.ts';

// ---------------------------------------------------------------------------------------------
// Two small instruments: an anonymous quarterly survey and a named self-assessment.

const survey = instrument({
  id: 'khao-sat',
  version: '2025.1',
  sections: [
    section('s1', [
      choice('q1', [
        ['a', 60],
        ['b', 30],
        ['c', 0],
      ]),
      yesNo('q2', 40),
      text('y-kien', { maxLength: 500 }),
    ]),
  ],
});
const self = selfAssessment({
  id: 'tu-danh-gia',
  version: '2025.1',
  sections: [
    section('a', [
      choice('q1', [
        ['a', 100],
        ['b', 75],
        ['c', 55],
        ['d', 0],
      ]),
    ]),
    section('d', [level('de-xuat')]),
  ],
});
const catalog = createCatalog([survey, self]);
const read = (input: unknown, maxBytes?: number): ReadResult =>
  readBundle(input, maxBytes === undefined ? { catalog } : { catalog, maxBytes });

const CREATED = '2026-03-31T14:22:05+07:00';

function writeFor(ins: Instrument, answers: Answers, overrides: Partial<Response> = {}): ResponseBundle {
  return writeResponseBundle({
    instrument: ins,
    response: responseFor(ins, answers, overrides),
    app: '0.1.0',
    createdAt: CREATED,
  });
}

const surveyBundle = writeFor(survey, { q1: 'a', q2: true, 'y-kien': 'Sinh hoạt đúng giờ, có chất lượng.' });
const selfBundle = writeFor(
  self,
  { q1: 'b', 'de-xuat': 'tot' },
  { respondent: { name: 'Nguyễn Thị Hoa', post: 'Đảng viên' } },
);

/** A deep copy to tamper with. */
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
/** Seals a tampered envelope again, as someone who knows the format could. */
function reseal<T extends { digest: string }>(bundle: T): T {
  const { digest: _old, ...rest } = bundle;
  return { ...rest, digest: digestOf(rest) } as T;
}
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const concat = (...parts: (number[] | Uint8Array)[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

function expectOk(r: ReadResult): Extract<ReadResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code} at ${r.error.path ?? '-'}: ${r.error.message.en}`);
  return r;
}
function expectError(r: ReadResult, code: ReadErrorCode, path?: string) {
  if (r.ok) throw new Error(`expected ${code}, got an ok ${r.kind}`);
  expect(r.error.code).toBe(code);
  if (path !== undefined) expect(r.error.path).toBe(path);
  // A clear message in both languages, not the same text twice.
  expect(r.error.message.vi.length).toBeGreaterThan(10);
  expect(r.error.message.en.length).toBeGreaterThan(10);
  expect(r.error.message.vi).not.toBe(r.error.message.en);
  // One full stop per sentence: a detail that ends in one is not given a second.
  expect(r.error.message.vi).not.toMatch(/\.\./);
  expect(r.error.message.en).not.toMatch(/\.\./);
  if (path !== undefined && ['schema', 'answers-invalid', 'inconsistent'].includes(code)) {
    expect(r.error.message.vi).toContain(path);
    expect(r.error.message.en).toContain(path);
  }
  return r.error;
}

// ---------------------------------------------------------------------------------------------

describe('write → read is the identity', () => {
  const text = serializeBundle(surveyBundle);
  const cases: [string, unknown][] = [
    ['the object', surveyBundle],
    ['its parsed JSON', JSON.parse(text)],
    ['serializeBundle text', text],
    ['text with a BOM', `\uFEFF${text}`],
    ['UTF-8 bytes', utf8(text)],
    ['UTF-8 bytes with a BOM', concat([0xef, 0xbb, 0xbf], utf8(text))],
    ['UTF-16LE bytes with a BOM', concat([0xff, 0xfe], Buffer.from(text, 'utf16le'))],
    ['UTF-16BE bytes with a BOM', concat([0xfe, 0xff], Buffer.from(text, 'utf16le').swap16())],
    ['text re-indented with tabs and CRLF', JSON.stringify(surveyBundle, null, '\t').replace(/\n/g, '\r\n')],
  ];
  it.each(cases)('from %s', (_name, input) => {
    const r = expectOk(read(input));
    expect(r.kind).toBe('response');
    expect(r.bundle).toEqual(surveyBundle);
    expect(r.warnings).toEqual([]);
  });

  it('re-scores the raw answers (60 + 40 = 100, Tốt)', () => {
    const r = expectOk(read(text));
    if (r.kind !== 'response') throw new Error('expected a response');
    expect(r.score.total).toBe(100);
    expect(r.score.level).toBe('tot');
    expect(r.instrument).toBe(survey);
  });

  it('writes two-space JSON with a final newline', () => {
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toMatch(/^ {2}"/);
    expect(JSON.parse(text)).toEqual(surveyBundle);
  });

  it('seals with the SHA-256 of the canonical JSON of every other field', () => {
    const { digest, ...rest } = surveyBundle;
    expect(digest).toBe(`sha256:${createHash('sha256').update(toCanonicalJson(rest), 'utf8').digest('hex')}`);
  });

  it('carries the envelope head: format, version, app, instrument with its hash, period, cell', () => {
    expect(surveyBundle).toMatchObject({
      format: 'phieu-chi-bo',
      formatVersion: 1,
      kind: 'response',
      app: '0.1.0',
      instrument: { id: 'khao-sat', version: '2025.1' },
      period: '2026-Q1',
      cell: 'CB-01',
    });
    expect(surveyBundle.instrument.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(surveyBundle.payload.score).toEqual({ total: 100, level: 'tot' });
  });

  it('reads a named self-assessment with its respondent and exact time', () => {
    const r = expectOk(read(serializeBundle(selfBundle)));
    expect(r.bundle).toEqual(selfBundle);
    expect(selfBundle.createdAt).toBe(CREATED);
    expect(selfBundle.payload.response.respondent).toEqual({ name: 'Nguyễn Thị Hoa', post: 'Đảng viên' });
  });

  it('reads a report file', () => {
    const tally = createUnitTally(survey, 'CB-01', 4);
    const answers = { q1: 'b', q2: true };
    tally.add(responseFor(survey, answers), scoreResponse(survey, answers));
    const bundle = writeReportBundle({
      report: buildReport(survey, '2026-Q1', 'CB-01', [tally.unit()]),
      app: '0.1.0',
      createdAt: CREATED,
    });
    const r = expectOk(read(serializeBundle(bundle)));
    expect(r.kind).toBe('report');
    expect(r.bundle).toEqual(bundle);
  });
});

describe('anonymous responses', () => {
  const named = writeFor(survey, { q1: 'a' }, { respondent: { name: 'Lê Văn Tám', post: 'Chi ủy viên' } });
  it('never carry a respondent, even when one is given', () => {
    expect(named.payload.response.respondent).toBeUndefined();
    expect(serializeBundle(named)).not.toContain('Lê Văn Tám');
    expect(serializeBundle(named)).not.toContain('respondent');
  });
  it('carry the date only, never the time', () => {
    expect(named.createdAt).toBe('2026-03-31');
  });
  it('still read back', () => {
    expect(expectOk(read(serializeBundle(named))).bundle).toEqual(named);
  });
});

describe('every error is reachable, with a clear message in Vietnamese and English', () => {
  const text = serializeBundle(surveyBundle);

  it.each<[string, unknown]>([
    ['an empty string', ''],
    ['white space only', ' \n\t '],
    ['a BOM only', '\uFEFF'],
    ['no bytes', new Uint8Array()],
    ['UTF-8 BOM bytes only', Uint8Array.from([0xef, 0xbb, 0xbf])],
  ])('empty: %s', (_n, input) => {
    expectError(read(input), 'empty');
  });

  it('too-large: states the size limit (text, bytes, multi-byte text)', () => {
    const e1 = expectError(read('x'.repeat(5000), 4096), 'too-large');
    expect(e1.message.vi).toContain('4 KB');
    expect(e1.message.en).toContain('4 KB');
    expectError(read(utf8('{'.repeat(5000)), 4096), 'too-large');
    // 1500 characters of 3 bytes each: 4500 bytes, over a 4096-byte limit.
    expectError(read('ạ'.repeat(1500), 4096), 'too-large');
  });

  it('too-large: the default limit, before any decoding', () => {
    const e = expectError(read(new Uint8Array(MAX_BUNDLE_BYTES + 1)), 'too-large');
    expect(e.message.en).toContain('32.0 MB');
    expect(e.message.vi).toContain('32,0 MB');
  });

  it.each<[string, Uint8Array]>([
    [
      'a PNG picture',
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    ],
    ['a ZIP archive (a .docx)', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00])],
    ['invalid UTF-8', Uint8Array.from([0x7b, 0xc3, 0x28, 0x7d])],
    ['UTF-16LE with an unpaired surrogate', Uint8Array.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00])],
  ])('not-text: %s', (_n, bytes) => {
    expectError(read(bytes), 'not-text');
  });

  it.each<[string, string]>([
    ['a file cut in half', text.slice(0, Math.floor(text.length / 2))],
    ['a file cut one character short', text.slice(0, text.trimEnd().length - 1)],
    ['a compact code pasted into a file', 'PCB1.eJyrVkrLz1eyUkpKLFKqBQApbwV1.abcdef12'],
    ['plain words', 'Kính gửi đồng chí bí thư'],
  ])('not-json: %s', (_n, input) => {
    expectError(read(input), 'not-json');
  });

  it.each<[string, unknown]>([
    ['an empty object', '{}'],
    ['an array', '[1, 2]'],
    ['a number', '42'],
    ['null', 'null'],
    ['a JSON string', '"phieu-chi-bo"'],
    ['another app\u2019s file', JSON.stringify({ type: 'excalidraw', version: 2, elements: [] })],
    ['an instrument definition opened by mistake', JSON.stringify(survey)],
    ['undefined', undefined],
    ['a number value', 7],
    ['a function', () => surveyBundle],
  ])('not-bundle: %s', (_n, input) => {
    expectError(read(input), 'not-bundle');
  });

  it('newer-format: names the version found', () => {
    const e = expectError(read({ ...copy(surveyBundle), formatVersion: 2 }), 'newer-format');
    expect(e.message.vi).toContain('2');
    expect(e.message.en).toContain('format 2');
  });

  it.each<[string, (b: ResponseBundle) => unknown, string]>([
    ['formatVersion 0', (b) => ({ ...b, formatVersion: 0 }), 'formatVersion'],
    ['formatVersion 1.5', (b) => ({ ...b, formatVersion: 1.5 }), 'formatVersion'],
    ['formatVersion "1"', (b) => ({ ...b, formatVersion: '1' }), 'formatVersion'],
    ['no formatVersion', (b) => ({ ...b, formatVersion: undefined }), 'formatVersion'],
    [
      'a bad period in the response',
      (b) => ({ ...b, payload: { ...b.payload, response: { ...b.payload.response, period: 'Q1-2026' } } }),
      'payload.response.period',
    ],
    ['a bad createdAt', (b) => ({ ...b, createdAt: '31/03/2026' }), 'createdAt'],
    ['a missing digest', (b) => ({ ...b, digest: undefined }), 'digest'],
    ['a bad instrument hash', (b) => ({ ...b, instrument: { ...b.instrument, hash: 'md5:00' } }), 'instrument.hash'],
    [
      'a revision of 0',
      (b) => ({ ...b, payload: { ...b.payload, response: { ...b.payload.response, revision: 0 } } }),
      'payload.response.revision',
    ],
    [
      'an answer that is an object',
      (b) => ({ ...b, payload: { ...b.payload, response: { ...b.payload.response, answers: { q1: { x: 1 } } } } }),
      'payload.response.answers.q1',
    ],
    ['an unknown kind', (b) => ({ ...b, kind: 'survey' }), 'kind'],
  ])('schema: %s → path %s', (_n, tamper, path) => {
    const e = expectError(read(JSON.stringify(tamper(copy(surveyBundle)))), 'schema', path);
    expect(e.path).toBe(path);
  });

  it('schema: an unknown top-level field is refused', () => {
    expectError(read({ ...copy(surveyBundle), extra: true }), 'schema');
  });

  it.each<[string, (b: ResponseBundle) => ResponseBundle]>([
    [
      'an answer changed',
      (b) => ({
        ...b,
        payload: {
          ...b.payload,
          response: { ...b.payload.response, answers: { ...b.payload.response.answers, q1: 'c' } },
        },
      }),
    ],
    ['the score note raised', (b) => ({ ...b, payload: { ...b.payload, score: { total: 100, level: 'tot' } } })],
    [
      'the cell changed in both places',
      (b) => ({ ...b, cell: 'CB-02', payload: { ...b.payload, response: { ...b.payload.response, cell: 'CB-02' } } }),
    ],
    ['the app version changed', (b) => ({ ...b, app: '9.9.9' })],
    ['the digest replaced', (b) => ({ ...b, digest: `sha256:${'0'.repeat(64)}` })],
  ])('digest-mismatch: %s', (_n, tamper) => {
    const original = writeFor(survey, { q1: 'b', q2: false });
    expectError(read(serializeBundle(tamper(copy(original)))), 'digest-mismatch');
  });

  it('unknown-instrument: names the instrument', () => {
    const e = expectError(
      readBundle(serializeBundle(surveyBundle), { catalog: createCatalog([self]) }),
      'unknown-instrument',
    );
    expect(e.message.vi).toContain('"khao-sat"');
    expect(e.message.en).toContain('"khao-sat"');
  });

  it('unknown-instrument-version: names the version', () => {
    const newer = instrument({ ...survey, version: '2026.1' });
    const e = expectError(
      readBundle(serializeBundle(surveyBundle), { catalog: createCatalog([newer]) }),
      'unknown-instrument-version',
    );
    expect(e.message.vi).toContain('2025.1');
    expect(e.message.en).toContain('2025.1');
  });

  it.each<[string, (b: ResponseBundle) => ResponseBundle, string]>([
    ['an option the item does not have', (b) => withAnswers(b, { q1: 'z' }), 'payload.response.answers.q1'],
    ['a number for yes/no', (b) => withAnswers(b, { q2: 1 }), 'payload.response.answers.q2'],
    ['an item the instrument does not have', (b) => withAnswers(b, { q9: true }), 'payload.response.answers.q9'],
    [
      'text over its maxLength',
      (b) => withAnswers(b, { 'y-kien': 'x'.repeat(501) }),
      'payload.response.answers.y-kien',
    ],
    [
      'a name in an anonymous response',
      (b) => ({
        ...b,
        payload: { ...b.payload, response: { ...b.payload.response, respondent: { name: 'Lê Văn Tám' } } },
      }),
      'payload.response.respondent',
    ],
    [
      'a month for a quarterly instrument',
      (b) => ({
        ...b,
        period: '2026-03',
        payload: { ...b.payload, response: { ...b.payload.response, period: '2026-03' } },
      }),
      'payload.response.period',
    ],
  ])('answers-invalid: %s (path names it)', (_n, tamper, path) => {
    expectError(read(serializeBundle(reseal(tamper(copy(surveyBundle))))), 'answers-invalid', path);
  });

  it('answers-invalid: a named self-assessment without a name', () => {
    const b = copy(selfBundle);
    delete b.payload.response.respondent;
    expectError(read(reseal(b)), 'answers-invalid', 'payload.response.respondent');
  });

  it.each<[string, (b: ResponseBundle) => ResponseBundle, string]>([
    [
      'the response names another cell',
      (b) => ({ ...b, payload: { ...b.payload, response: { ...b.payload.response, cell: 'CB-99' } } }),
      'payload.response.cell',
    ],
    [
      'the response names another period',
      (b) => ({ ...b, payload: { ...b.payload, response: { ...b.payload.response, period: '2026-Q2' } } }),
      'payload.response.period',
    ],
    [
      'the response names another instrument version',
      (b) => ({
        ...b,
        payload: {
          ...b.payload,
          response: { ...b.payload.response, instrument: { id: 'khao-sat', version: '2024.1' } },
        },
      }),
      'payload.response.instrument',
    ],
  ])('inconsistent: %s', (_n, tamper, path) => {
    expectError(read(reseal(tamper(copy(surveyBundle)))), 'inconsistent', path);
  });

  describe('inconsistent report files', () => {
    const tally = createUnitTally(survey, 'CB-01');
    const report = buildReport(survey, '2026-Q1', 'CB-01', [tally.unit()]);
    const bundle = writeReportBundle({ report, app: '0.1.0', createdAt: CREATED });
    it('a report whose payload names another unit', () => {
      const b = copy(bundle);
      b.payload.scope = 'CB-02';
      expectError(read(reseal(b)), 'inconsistent', 'payload');
    });
    it('a report whose payload names another period', () => {
      const b = copy(bundle);
      b.payload.period = '2026-Q2';
      expectError(read(reseal(b)), 'inconsistent', 'payload');
    });
    it('a report whose envelope and payload name different instruments', () => {
      const b = copy(bundle);
      b.instrument = { ...b.instrument, id: 'tu-danh-gia' };
      const r = read(reseal(b));
      expect(r.ok ? 'ok' : r.error.code).toBe('inconsistent');
    });
  });

  it('unreadable: an input that throws when looked at', () => {
    const hostile = {
      get format(): string {
        throw new Error('boom');
      },
    };
    expectError(read(hostile), 'unreadable');
  });

  it.each<ReadErrorCode>([...READ_ERROR_CODES])('readError(%s) has its own message in both languages', (code) => {
    const e = readError(code);
    expect(e.code).toBe(code);
    expect(e.message.vi.trim().length).toBeGreaterThan(10);
    expect(e.message.en.trim().length).toBeGreaterThan(10);
    expect(e.message.vi).not.toBe(e.message.en);
    expect(e.path).toBeUndefined();
  });

  it.each<ReadErrorCode>([...READ_ERROR_CODES])(
    'readError(%s) with a detail ending a sentence has one full stop',
    (code) => {
      const e = readError(code, {
        path: 'payload.x',
        detail: { vi: 'các số không khớp nhau.', en: 'the numbers disagree.' },
      });
      expect(e.message.vi).not.toMatch(/\.\./);
      expect(e.message.en).not.toMatch(/\.\./);
    },
  );
});

function withAnswers(b: ResponseBundle, extra: Answers): ResponseBundle {
  return {
    ...b,
    payload: {
      ...b.payload,
      response: { ...b.payload.response, answers: { ...b.payload.response.answers, ...extra } },
    },
  };
}

describe('prototype keys in answers are refused and pollute nothing', () => {
  const protoNames = () => Object.getOwnPropertyNames(Object.prototype).sort();
  const before = protoNames();

  // A key the writer never sealed: `{ "__proto__": … }` inside the answers of a sealed file.
  const injected = serializeBundle(surveyBundle).replace(
    '"answers": {',
    '"answers": {\n        "__proto__": { "polluted": true, "q1": "c", "q2": false },',
  );

  it('"__proto__" pollutes nothing and its values never reach the answers or the score', () => {
    expect(injected).toContain('__proto__');
    for (const input of [injected, JSON.parse(injected) as unknown]) {
      const r = read(input);
      if (r.ok && r.kind === 'response') {
        const answers = r.bundle.payload.response.answers as Record<string, unknown>;
        expect(answers.polluted).toBeUndefined();
        expect(answers.q1).toBe('a');
        expect(Object.getPrototypeOf(answers)).toBe(Object.prototype);
        expect(r.score.total).toBe(100);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(protoNames()).toEqual(before);
  });

  it('"__proto__" in the answers is refused (as text and as a parsed object)', () => {
    expect(read(injected).ok).toBe(false);
    expect(read(JSON.parse(injected)).ok).toBe(false);
  });

  it('"__proto__" at the top of the envelope', () => {
    const t = serializeBundle(surveyBundle).replace('{', '{\n  "__proto__": { "polluted": true },');
    expect(read(t).ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('"constructor", even with a valid digest: answers-invalid naming it', () => {
    const b = withAnswers(copy(surveyBundle), { constructor: true });
    expectError(read(serializeBundle(reseal(b))), 'answers-invalid', 'payload.response.answers.constructor');
    expect(protoNames()).toEqual(before);
    expect({}.constructor).toBe(Object);
  });
});

describe('warnings', () => {
  it('score-mismatch: the score inside is only compared, never used', () => {
    const b = copy(surveyBundle);
    b.payload.score = { total: 12, level: 'kem' };
    const r = expectOk(read(reseal(b)));
    if (r.kind !== 'response') throw new Error('expected a response');
    expect(r.warnings.map((w) => w.code)).toEqual(['score-mismatch']);
    expect(r.score.total).toBe(100);
    expect(r.score.level).toBe('tot');
    const w = r.warnings[0];
    expect(w?.message.vi).toContain('12');
    expect(w?.message.en).toContain('100');
  });

  it('score-mismatch: a level that differs with the same total', () => {
    const b = copy(surveyBundle);
    b.payload.score = { total: 100, level: 'kha' };
    expect(expectOk(read(reseal(b))).warnings.map((w) => w.code)).toEqual(['score-mismatch']);
  });

  it('instrument-edited: written with an edited copy of the same version (a wording change only)', () => {
    const edited = instrument({ ...survey, title: local('Phiếu khảo sát (bản sửa)') });
    const b = writeResponseBundle({
      instrument: edited,
      response: responseFor(survey, { q1: 'a', q2: true }),
      app: '0.1.0',
      createdAt: CREATED,
    });
    const r = expectOk(read(serializeBundle(b)));
    expect(r.warnings.map((w) => w.code)).toEqual(['instrument-edited']);
  });

  it('instrument-edited and score-mismatch: an edited copy with other points is re-scored with the site\u2019s', () => {
    const edited = instrument({
      ...survey,
      sections: [
        section('s1', [
          choice('q1', [
            ['a', 20],
            ['b', 10],
            ['c', 0],
          ]),
          yesNo('q2', 80),
          text('y-kien', { maxLength: 500 }),
        ]),
      ],
    });
    const b = writeResponseBundle({
      instrument: edited,
      response: responseFor(survey, { q1: 'b', q2: true }),
      app: '0.1.0',
      createdAt: CREATED,
    });
    expect(b.payload.score?.total).toBe(90);
    const r = expectOk(read(serializeBundle(b)));
    if (r.kind !== 'response') throw new Error('expected a response');
    expect(r.warnings.map((w) => w.code).sort()).toEqual(['instrument-edited', 'score-mismatch']);
    expect(r.score.total).toBe(70);
  });
});

describe('migrations', () => {
  const envelope = copy(surveyBundle) as unknown as Record<string, unknown>;
  it('an envelope of the current version passes unchanged', () => {
    expect(BUNDLE_FORMAT_VERSION).toBe(1);
    expect(migrateEnvelope(envelope, BUNDLE_FORMAT_VERSION)).toEqual(copy(surveyBundle));
  });
  it.each([0, -1, 0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('version %d is refused', (v) => {
    expect(migrateEnvelope(envelope, v)).toBeUndefined();
  });
  it.each([0, -3, 0.5, 1.5, '1', null])(
    'readBundle refuses formatVersion %s as a schema error on formatVersion',
    (v) => {
      expectError(read({ ...envelope, formatVersion: v }), 'schema', 'formatVersion');
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Frozen files: format 1 as written on 2026-11-22. Never regenerate them (tests/fixtures/README.md).

const FIXTURES = fileURLToPath(new URL('../fixtures/bundles/v1/', import.meta.url));
const realCatalog = createCatalog(allInstrumentVersions());

describe('frozen format-1 files stay readable', () => {
  it('the folder holds the four files', () => {
    expect(
      readdirSync(FIXTURES)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual([
      'khao-sat-sinh-hoat.report.json',
      'khao-sat-sinh-hoat.response.json',
      'phieu-cham-sinh-hoat.response.json',
      'tu-danh-gia-dang-vien.response.json',
    ]);
  });

  it.each<{
    file: string;
    noted?: number;
    total: number;
    scaled: number;
    max: number;
    level: string;
    extra: (r: Extract<ReadResult, { kind: 'response' }>) => void;
  }>([
    {
      // 91.75 reaches Tốt by the band, but speakers 40–50% misses the full-marks gate → Khá.
      file: 'khao-sat-sinh-hoat.response.json',
      total: 91.75,
      scaled: 91.75,
      max: 100,
      level: 'kha',
      extra: (r) => {
        expect(r.score.bandLevel).toBe('tot');
        expect(r.score.gates.map((g) => g.id)).toEqual(['tot-can-du-diem-co-ban']);
        expect(r.bundle.createdAt).toBe('2026-03-31');
        expect(r.bundle.payload.response.respondent).toBeUndefined();
      },
    },
    {
      // 16 + 3 + 8 + 70 × (11 + 0.5)/12: 94.08… by the band, 11 of 12 on time → gates to hoàn thành.
      // The file (made before exact arithmetic) notes 94.08333333333334; the linear band's points
      // are now rounded down to hundredths (67.08), so it re-scores as 94.08 with the same level
      // and no score-mismatch warning (the noted total is within a hundredth).
      file: 'tu-danh-gia-dang-vien.response.json',
      noted: 94.08333333333334,
      total: 94.08,
      scaled: 94.08,
      max: 100,
      level: 'hoan-thanh',
      extra: (r) => {
        expect(r.score.gates.map((g) => `${g.from}→${g.to}`)).toEqual(['xuat-sac→tot', 'tot→hoan-thanh']);
        expect(r.score.proposal).toEqual({ level: 'tot', status: 'higher' });
        expect(r.bundle.payload.response.respondent).toEqual({ name: 'Nguyễn Thị Hoa', post: 'Đảng viên' });
      },
    },
    {
      // No thematic meeting: its 5 points are excluded, 84 of 95 scales to 88.42… → Khá (banded as
      // the exact fraction 8400/95, shown rounded down to hundredths; 88.42105263157895 before).
      file: 'phieu-cham-sinh-hoat.response.json',
      total: 84,
      scaled: 88.42,
      max: 95,
      level: 'kha',
      extra: (r) => {
        expect(r.score.metrics['attendance-share']).toBeCloseTo(21 / 23, 12);
        expect(r.bundle.period).toBe('2026-03');
      },
    },
  ])(
    '$file: total $total of $max, scaled $scaled, $level',
    ({ file, noted, total, scaled, max, level: lvl, extra }) => {
      const r = expectOk(readBundle(readFileSync(FIXTURES + file), { catalog: realCatalog }));
      if (r.kind !== 'response') throw new Error('expected a response');
      expect(r.score.total).toBe(total);
      expect(r.score.max).toBe(max);
      expect(r.score.scaled).toBe(scaled);
      expect(r.score.level).toBe(lvl);
      expect(r.score.complete).toBe(true);
      // The score written in the file agrees with today's scoring of the same answers.
      expect(r.bundle.payload.score).toEqual({ total: noted ?? total, level: lvl });
      expect(r.warnings.map((w) => w.code)).not.toContain('score-mismatch');
      extra(r);
    },
  );

  it('khao-sat-sinh-hoat.report.json: one cell, three answers (91.75, 93.75, 73.25)', () => {
    const r = expectOk(readBundle(readFileSync(FIXTURES + 'khao-sat-sinh-hoat.report.json'), { catalog: realCatalog }));
    if (r.kind !== 'report') throw new Error('expected a report');
    const { units } = r.bundle.payload;
    expect(units).toHaveLength(1);
    const u = units[0];
    expect(u?.cell).toBe('Khu phố 3');
    expect(u?.responses).toBe(3);
    expect(u?.expected).toBe(5);
    expect(u?.total).toEqual({ sum: 258.75, sumSq: 22572.6875, min: 73.25, max: 93.75 });
    expect(u?.histogram).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0, 2]);
    expect(u?.levels).toEqual({ kha: 2, tot: 1 });
    expect(u?.gated).toBe(1);
    expect(u?.items.speakers).toEqual({
      answered: 3,
      na: 0,
      points: 13,
      max: 15,
      values: { 'tu-40': 2, 'tren-50': 1 },
    });
    const ins = realInstruments().find((i) => i.id === 'khao-sat-sinh-hoat');
    if (!ins) throw new Error('no khao-sat-sinh-hoat');
    expect(summarizeUnits(ins, units).mean).toBeCloseTo(86.25, 12);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

const cellArb = fc.oneof(
  fc.constantFrom('CB-01', 'Khu phố 3', 'Chi bộ Trường THCS Lê Lợi', 'Tổ 7/ấp Bình Đông', 'đảng ủy xã'),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,20}$/),
);
const responseIdArb = fc.stringMatching(/^[A-Za-z0-9_-]{8,24}$/);
const periodArb = fc
  .tuple(fc.integer({ min: 1900, max: 2199 }), fc.integer({ min: 1, max: 4 }))
  .map(([y, q]) => `${y}-Q${q}`);

/** Valid survey answers: any subset, any option, any text (full Unicode when `unit` is binary). */
const surveyAnswersArb = (unit: 'binary' | 'grapheme') =>
  fc
    .record(
      {
        q1: fc.constantFrom('a', 'b', 'c'),
        q2: fc.boolean(),
        'y-kien': fc.string({ unit, maxLength: 40 }),
      },
      { requiredKeys: [] },
    )
    .map((a) => a as Answers);

const surveyResponseArb = (unit: 'binary' | 'grapheme') =>
  fc.record({
    id: responseIdArb,
    cell: cellArb,
    period: periodArb,
    revision: fc.integer({ min: 1, max: 1_000_000 }),
    answers: surveyAnswersArb(unit),
  });

describe('properties', () => {
  it('write → read is the identity for random valid answers (text and bytes)', () => {
    fc.assert(
      fc.property(surveyResponseArb('grapheme'), (r) => {
        const b = writeFor(survey, r.answers, r);
        const text = serializeBundle(b);
        for (const input of [text, utf8(text)]) {
          const out = expectOk(read(input));
          expect(out.bundle).toEqual(b);
          expect(out.bundle.kind === 'response' && out.bundle.payload.response.answers).toEqual(r.answers);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('write → read is the identity for any Unicode text answer (lone surrogates included)', () => {
    fc.assert(
      fc.property(surveyResponseArb('binary'), (r) => {
        const b = writeFor(survey, r.answers, r);
        expect(expectOk(read(serializeBundle(b))).bundle).toEqual(b);
      }),
      { numRuns: 200 },
    );
  });

  it('a named self-assessment round-trips with any name', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
        fc.constantFrom('a', 'b', 'c', 'd'),
        fc.constantFrom('xuat-sac', 'tot', 'hoan-thanh', 'khong-hoan-thanh'),
        (name, q1, proposed) => {
          const b = writeFor(self, { q1, 'de-xuat': proposed }, { respondent: { name } });
          expect(expectOk(read(serializeBundle(b))).bundle).toEqual(b);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the digest changes when any answer changes', () => {
    const options: Record<string, unknown[]> = {
      q1: ['a', 'b', 'c', undefined],
      q2: [true, false, undefined],
      'y-kien': ['', 'x', 'Ý kiến', undefined],
    };
    fc.assert(
      fc.property(
        surveyAnswersArb('grapheme'),
        fc.constantFrom('q1', 'q2', 'y-kien'),
        fc.nat(),
        (answers, item, pick) => {
          const choices = (options[item] ?? []).filter((v) => v !== answers[item]);
          const next = choices[pick % choices.length];
          const changed: Answers = { ...answers };
          if (next === undefined) delete changed[item];
          else changed[item] = next as Answers[string];
          expect(writeFor(survey, changed).digest).not.toBe(writeFor(survey, answers).digest);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a changed byte never yields an ok file that differs from the original', () => {
    const original = writeFor(survey, { q1: 'b', q2: true, 'y-kien': 'Cần chuẩn bị tài liệu sớm hơn.' });
    const bytes = utf8(serializeBundle(original));
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 }), (i, v) => {
        fc.pre(bytes[i] !== v);
        const flipped = Uint8Array.from(bytes);
        flipped[i] = v;
        const r = read(flipped);
        if (r.ok) expect(r.bundle).toEqual(original);
      }),
      { numRuns: 1500 },
    );
  });

  it('a replaced value anywhere in the envelope never yields an ok file that differs', () => {
    const original = writeFor(self, { q1: 'b', 'de-xuat': 'tot' }, { respondent: { name: 'Phạm Thị Lan' } });
    const paths = leafPaths(original);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 }), (path, value) => {
        const tampered = copy(original) as unknown as Record<string, unknown>;
        setAt(tampered, path, value);
        const r = read(JSON.stringify(tampered));
        if (r.ok) expect(r.bundle).toEqual(original);
      }),
      { numRuns: 1000 },
    );
  });

  it('readBundle never throws, whatever it is given (strings, values, bytes, near-bundles)', () => {
    const started = Date.now();
    const check = (input: unknown) => {
      const r = read(input);
      if (!r.ok) {
        expect(typeof r.error.code).toBe('string');
        expect(r.error.message.vi.length).toBeGreaterThan(0);
        expect(r.error.message.en.length).toBeGreaterThan(0);
      }
    };
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), check), { numRuns: 1000 });
    fc.assert(fc.property(fc.anything({ maxDepth: 3 }), check), { numRuns: 1000 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), check), { numRuns: 1000 });
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...Object.keys(surveyBundle), 'extra'), fc.jsonValue({ maxDepth: 3 })),
        (d) => check({ format: 'phieu-chi-bo', formatVersion: 1, ...d }),
      ),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => check(JSON.stringify(v))),
      { numRuns: 1000 },
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

/** Every leaf of a JSON value, as a path of keys. */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path.at(-1);
  if (last !== undefined) node[last] = value;
}

describe('writing with a precomputed reference', () => {
  it('names the published definition though it scores with a slimmer copy, so the file reads without warnings', () => {
    const full = realInstruments().find((i) => i.anonymity === 'anonymous')!;
    const slim = { ...full, legalBasis: [], description: { vi: '-' } } as Instrument;
    const answers = extremeAnswers(full, 'best');
    const response = responseFor(full, answers);
    const withRef = writeResponseBundle({
      instrument: slim,
      response,
      app: 't',
      createdAt: '2026-01-05T08:00:00+07:00',
      ref: refInstrument(full),
    });
    const without = writeResponseBundle({
      instrument: slim,
      response,
      app: 't',
      createdAt: '2026-01-05T08:00:00+07:00',
    });
    expect(withRef.instrument.hash).toBe(hashInstrument(full));
    expect(without.instrument.hash).not.toBe(hashInstrument(full));
    const read = readBundle(serializeBundle(withRef), { catalog: createCatalog([full]) });
    expect(read.ok && read.warnings).toEqual([]);
  });
});

describe('decoding file bytes (decoders made once and reused)', () => {
  it('a file that fails to decode leaves nothing behind for the next one', () => {
    const good = new TextEncoder().encode('{"tên":"Nguyễn Văn Ánh"}');
    const utf16le = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([0x7b, 0x1ea0, 0x7d]).buffer)]);
    // A truncated multi-byte sequence at the end, an invalid byte in the middle, a lone surrogate half.
    const bad = [
      good.subarray(0, good.length - 5),
      new Uint8Array([0x7b, 0xff, 0x7d]),
      new Uint8Array([0xff, 0xfe, 0x00, 0xd8]),
    ];
    for (const b of bad) {
      expect(decodeFileBytes(b)).toBeUndefined();
      expect(decodeFileBytes(good)).toBe('{"tên":"Nguyễn Văn Ánh"}');
      expect(decodeFileBytes(utf16le)).toBe('{\u1ea0}');
    }
    // A BOM is dropped; a NUL means binary.
    expect(decodeFileBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe('{}');
    expect(decodeFileBytes(new Uint8Array([0x7b, 0x00, 0x7d]))).toBeUndefined();
  });
});
