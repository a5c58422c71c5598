import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportOfResponses, readBundle, type CollectedResponse } from '../../src/core/index.ts';
import {
  decodeBase64Url,
  fingerprintOf,
  readSealed,
  serializeSealed,
  writeSealedBatch,
  type SealedEnvelope,
} from '../../src/core/seal/index.ts';
import { createCommitteeKey, restoreCommitteeKey } from '../../src/sealing/keys.ts';
import { SEALED_BYTES } from '../../src/core/seal/padding.ts';
import { openEnvelope } from '../../src/sealing/open.ts';
import { openSealed } from '../../src/sealing/open-batch.ts';
import { sealResponseText } from '../../src/sealing/seal.ts';
import {
  FIXTURE_PASSPHRASE,
  catalog,
  fixture,
  fixtureCommitteeKey,
  frozenSurvey,
  memberFiles,
  seededRandom,
  survey,
} from './helpers.ts';

function envelopeOf(name: string): SealedEnvelope {
  const r = readSealed(fixture(name));
  if (!r.ok || r.kind !== 'sealed-response') throw new Error(`${name} unreadable`);
  return r.envelope;
}

async function sealText(text: string, publicKey: Uint8Array): Promise<SealedEnvelope> {
  const r = readBundle(text, { catalog });
  if (!r.ok) throw new Error('bad file');
  return sealResponseText({
    text,
    instrument: r.bundle.instrument,
    cell: r.bundle.cell,
    period: r.bundle.period,
    publicKey,
  });
}

describe('known answers: the frozen files of format 1 (tests/fixtures/sealed/)', () => {
  it('the key backup opens with its passphrase to the key of its fingerprint, never extractable', async () => {
    const key = await fixtureCommitteeKey();
    expect(key.fingerprint).toBe('92DA-D01E-C9FB-11DA-EA3C');
    expect(fingerprintOf(key.publicKey)).toBe(key.fingerprint);
    expect(key.pair.privateKey.extractable).toBe(false);
  });

  it('each sealed file opens to exactly the member file that was sealed', async () => {
    const key = await fixtureCommitteeKey();
    for (const n of [1, 2, 3]) {
      const opened = await openEnvelope(envelopeOf(`member-${n}.sealed.json`), [key]);
      expect(opened.ok).toBe(true);
      if (opened.ok)
        expect(new TextDecoder().decode(opened.plaintext).trimEnd()).toBe(
          fixture(`member-${n}.response.json`).trimEnd(),
        );
    }
  });

  it('sealing the same padded file with the same ephemeral input gives the frozen bytes', async () => {
    const key = await fixtureCommitteeKey();
    const frozen = envelopeOf('member-2.sealed.json');
    const { sha256 } = await import('@noble/hashes/sha2.js');
    // Padded as in its day (1 KiB steps); files are padded to one size today (the test below).
    const opened = await openEnvelope(frozen, [key]);
    if (!opened.ok) throw new Error('frozen file does not open');
    const again = await sealResponseText({
      paddedPlaintext: opened.plaintext,
      text: fixture('member-2.response.json'),
      instrument: frozen.instrument,
      cell: frozen.cell,
      period: frozen.period,
      publicKey: key.publicKey,
      ephemeralIkm: sha256(new TextEncoder().encode('ephemeral 2')),
    });
    expect(serializeSealed(again)).toBe(fixture('member-2.sealed.json'));
  });

  it('the frozen batch opens to the report the three unsealed files give, comments shuffled', async () => {
    const key = await fixtureCommitteeKey();
    const batch = readSealed(fixture('batch.sealed.json'));
    if (!batch.ok || batch.kind !== 'sealed-batch') throw new Error('batch');
    const result = await openSealed(batch.batch.envelopes, [key], catalog, seededRandom(9));
    expect(result.failures).toEqual([]);
    const plain: CollectedResponse[] = [1, 2, 3].map((n) => {
      const r = readBundle(fixture(`member-${n}.response.json`), { catalog });
      if (!r.ok || r.kind !== 'response') throw new Error('plain');
      return { bundle: r.bundle, score: r.score };
    });
    const cell = result.cells[0]!;
    // The cell's code as every reader counts it, normalized (normalizeCellCode): the label says 'Khu phố 3'.
    expect(cell.report).toEqual(reportOfResponses(frozenSurvey, '2026-Q1', { code: 'KHU PHỐ 3' }, plain));
    expect(cell.hidden).toBe(false);
    const suggestions = cell.comments.find((c) => c.item === 'suggestions')!;
    expect([...suggestions.texts].sort()).toEqual([
      'Gửi tài liệu sớm hơn một ngày.',
      'Nhiều người được phát biểu hơn.',
      'Nên gửi tài liệu trước một ngày để đảng viên kịp đọc.',
    ]);
  });
});

describe('sealing and opening', () => {
  it('every valid response seals and opens to the same answers', async () => {
    const key = await fixtureCommitteeKey();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        async (seed, comment) => {
          const [file] = memberFiles(1, seed);
          const { bundle } = file!;
          const answers =
            comment.trim() === ''
              ? bundle.payload.response.answers
              : { ...bundle.payload.response.answers, suggestions: comment };
          const [withComment] = memberFiles(1, seed).map(() => ({ ...bundle.payload.response, answers }));
          const { writeResponseBundle, serializeBundle } = await import('../../src/core/index.ts');
          const text = serializeBundle(
            writeResponseBundle({ instrument: survey, response: withComment!, app: '0.1.0', createdAt: '2026-12-01' }),
          );
          const sealed = await sealText(text, key.publicKey);
          const opened = await openEnvelope(sealed, [key]);
          expect(opened.ok).toBe(true);
          if (!opened.ok) return;
          const back = readBundle(opened.plaintext, { catalog });
          expect(back.ok && back.kind === 'response' && back.bundle.payload.response).toEqual(withComment);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('pads what it seals to one size: no comment, a short one and both at their longest (3-byte letters)', async () => {
    const key = await fixtureCommitteeKey();
    const longest = (id: string): string => {
      const item = survey.sections.flatMap((s) => s.items).find((i) => i.id === id);
      return 'ệ'.repeat(item?.type === 'text' ? (item.maxLength ?? 0) : 0);
    };
    const { writeResponseBundle, serializeBundle } = await import('../../src/core/index.ts');
    const comments: Record<string, string>[] = [
      {},
      { suggestions: 'Tốt.' },
      { suggestions: 'Đề nghị chi ủy gửi tài liệu trước hai ngày và mời nhiều đảng viên trẻ phát biểu hơn.' },
      { suggestions: 'x'.repeat(400) },
      { strengths: longest('strengths'), suggestions: longest('suggestions') },
    ];
    const [f] = memberFiles(1, 5);
    // The longest cell code too (64 letters of 3 bytes): it is in the sealed file as well.
    const cell = (i: number): string => (i === comments.length - 1 ? 'Ệ'.repeat(64) : f!.bundle.payload.response.cell);
    const texts = comments.map((c, i) =>
      serializeBundle(
        writeResponseBundle({
          instrument: survey,
          response: {
            ...f!.bundle.payload.response,
            cell: cell(i),
            answers: { ...f!.bundle.payload.response.answers, ...c },
          },
          app: '0.1.0',
          createdAt: '2026-12-01',
        }),
      ),
    );
    // The longest survey file fits the one size (else a long comment would show in the size).
    expect(longest('suggestions').length).toBe(1000);
    expect(new TextEncoder().encode(texts.at(-1)).length).toBeLessThanOrEqual(SEALED_BYTES);
    const sealed = await Promise.all(texts.map((t) => sealText(t, key.publicKey)));
    // The ciphertext is what hides the answers: one length for all (the label is the cell's own).
    expect(new Set(sealed.map((e) => e.ct.length)).size).toBe(1);
    expect(new Set(sealed.slice(0, -1).map((e) => serializeSealed(e).length)).size).toBe(1);
  });

  it('the committee report of a sealed run equals the unsealed run of the same answers', async () => {
    const key = await fixtureCommitteeKey();
    const files = memberFiles(12, 77);
    const sealed = await Promise.all(files.map((f) => sealText(f.text, key.publicKey)));
    const first = sealed[0]!;
    const batch = writeSealedBatch({
      instrument: first.instrument,
      cell: first.cell,
      period: first.period,
      envelopes: sealed,
      random: seededRandom(3),
    });
    const result = await openSealed(batch.envelopes, [key], catalog, seededRandom(4));
    const plain = files.map((f) => {
      const r = readBundle(f.text, { catalog });
      if (!r.ok || r.kind !== 'response') throw new Error('plain');
      return { bundle: r.bundle, score: r.score };
    });
    expect(result.cells).toHaveLength(1);
    expect(result.cells[0]!.report).toEqual(reportOfResponses(survey, '2026-Q4', { code: first.cell }, plain));
  });

  it('keeps the latest revision of a sheet by the id inside, whatever order the files come in', async () => {
    const key = await fixtureCommitteeKey();
    const files = memberFiles(4, 11);
    const { writeResponseBundle, serializeBundle } = await import('../../src/core/index.ts');
    const r0 = files[0]!.bundle.payload.response;
    const revised = { ...r0, revision: r0.revision + 1, answers: { ...r0.answers, suggestions: 'Bản sửa lại.' } };
    const texts = [
      ...files.map((f) => f.text),
      serializeBundle(
        writeResponseBundle({ instrument: survey, response: revised, app: '0.1.0', createdAt: '2026-12-02' }),
      ),
    ];
    const sealed = await Promise.all(texts.map((t) => sealText(t, key.publicKey)));
    for (const order of [sealed, [...sealed].reverse()]) {
      const result = await openSealed(order, [key], catalog, seededRandom(1));
      const cell = result.cells[0]!;
      expect(cell.sheets).toBe(4);
      expect(cell.superseded).toBe(1);
      expect(cell.comments.find((c) => c.item === 'suggestions')!.texts).toContain('Bản sửa lại.');
    }
  });

  it('withholds breakdown and comments below the anonymity threshold', async () => {
    const key = await fixtureCommitteeKey();
    const sealed = await Promise.all(memberFiles(2, 8).map((f) => sealText(f.text, key.publicKey)));
    const cell = (await openSealed(sealed, [key], catalog, seededRandom(1))).cells[0]!;
    expect(cell.hidden).toBe(true);
    expect(cell.comments).toEqual([]);
    expect(cell.report.units[0]!.suppressed).toBe(true);
  });
});

describe('failures have plain answers', () => {
  it('a wrong key, no key, a changed label and changed bytes are told apart', async () => {
    const key = await fixtureCommitteeKey();
    const other = await createCommitteeKey({ passphrase: 'một khóa khác hẳn', createdAt: '2026-12-03' });
    if (!other.ok) throw new Error('keygen');
    const e = envelopeOf('member-1.sealed.json');
    const codeOf = async (env: SealedEnvelope, keys = [key]) => {
      const r = await openEnvelope(env, keys);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await codeOf(e, [])).toBe('sealed-no-key');
    expect(await codeOf(e, [other.key])).toBe('sealed-other-key');
    expect(await codeOf({ ...e, cell: 'Khu phố 4' })).toBe('sealed-damaged');
    const ct = decodeBase64Url(e.ct)!;
    ct[10] = (ct[10] ?? 0) ^ 0xff;
    const { encodeBase64Url } = await import('../../src/core/seal/index.ts');
    expect(await codeOf({ ...e, ct: encodeBase64Url(ct) })).toBe('sealed-damaged');
    const wrong = await openEnvelope(e, [other.key]);
    expect(!wrong.ok && wrong.error.message.vi).toContain(e.key);
  });

  it('a file sealed to an older key still opens when both keys are kept', async () => {
    const old = await fixtureCommitteeKey();
    const fresh = await createCommitteeKey({ passphrase: 'khóa mới của năm 2027', createdAt: '2027-01-02' });
    if (!fresh.ok) throw new Error('keygen');
    const r = await openEnvelope(envelopeOf('member-3.sealed.json'), [fresh.key, old]);
    expect(r.ok).toBe(true);
  });

  it('a wrong passphrase, a weak one and a damaged backup are refused in words', async () => {
    const text = fixture('committee-key.phieu-key.json');
    const wrong = await restoreCommitteeKey(text, `${FIXTURE_PASSPHRASE}!`);
    expect(!wrong.ok && wrong.error.code).toBe('key-backup-passphrase');
    const weak = await createCommitteeKey({ passphrase: 'ngắn', createdAt: '2026-12-03' });
    expect(!weak.ok && weak.error.code).toBe('key-backup-weak');
    const relabelled = JSON.stringify({ ...JSON.parse(text), label: 'Ban khác' });
    const r = await restoreCommitteeKey(relabelled, FIXTURE_PASSPHRASE);
    expect(!r.ok && r.error.code).toBe('key-backup-passphrase');
  });

  it('a new key backs up and restores to the same fingerprint', async () => {
    const made = await createCommitteeKey({
      passphrase: 'câu mật khẩu đủ dài',
      createdAt: '2026-12-03',
      label: 'Đảng ủy',
    });
    if (!made.ok) throw new Error('keygen');
    expect(made.key.pair.privateKey.extractable).toBe(false);
    const back = await restoreCommitteeKey(JSON.stringify(made.backup), 'câu mật khẩu đủ dài');
    expect(back.ok && back.key.fingerprint).toBe(made.key.fingerprint);
  });
});
