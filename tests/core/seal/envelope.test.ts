import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_SEALED_BATCH_BYTES,
  decodeBase64Url,
  encodeBase64Url,
  fingerprintOf,
  readKeyBackup,
  readSealed,
  sealedId,
  serializeSealed,
  shuffled,
  writeSealedBatch,
  type SealedEnvelope,
} from '../../../src/core/seal/index.ts';
import { fixture, seededRandom } from '../../sealing/helpers.ts';

const one = (): SealedEnvelope => {
  const r = readSealed(fixture('member-1.sealed.json'));
  if (!r.ok || r.kind !== 'sealed-response') throw new Error('fixture unreadable');
  return r.envelope;
};

describe('base64url', () => {
  it('round-trips any bytes and refuses text that is not exactly base64url', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(decodeBase64Url(encodeBase64Url(bytes))).toEqual(bytes);
      }),
    );
    expect(decodeBase64Url('ab=')).toBeUndefined();
    expect(decodeBase64Url('a')).toBeUndefined();
    expect(decodeBase64Url('AB')).toBeUndefined(); // trailing bits set: not how one byte is written
    expect(decodeBase64Url('AA')).toEqual(new Uint8Array([0]));
  });
});

describe('fingerprint', () => {
  it('is five groups of four hex digits, and differs for a key one bit away', () => {
    const key = new Uint8Array(65).fill(7);
    key[0] = 4;
    const other = key.slice();
    other[64] = (other[64] ?? 0) ^ 1;
    expect(fingerprintOf(key)).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
    expect(fingerprintOf(other)).not.toBe(fingerprintOf(key));
  });
});

describe('shuffle', () => {
  it('keeps every item once, in any order the randomness picks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer(), (items, seed) => {
        expect([...shuffled(items, seededRandom(seed))].sort()).toEqual([...items].sort());
      }),
    );
  });
  it('puts each item first about equally often', () => {
    const counts = [0, 0, 0, 0];
    const random = seededRandom(42);
    for (let i = 0; i < 4000; i++) counts[shuffled([0, 1, 2, 3], random)[0] as number]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });
});

describe('readSealed', () => {
  it('reads the frozen sealed file and batch of format 1', () => {
    const file = readSealed(fixture('member-1.sealed.json'));
    expect(file.ok && file.kind).toBe('sealed-response');
    const batch = readSealed(fixture('batch.sealed.json'));
    expect(batch.ok && batch.kind === 'sealed-batch' && batch.batch.count).toBe(3);
  });

  it.each([
    ['not JSON', '{"format":"phieu-chi-bo-sealed",', 'sealed-damaged'],
    ['a newer format', JSON.stringify({ ...one(), formatVersion: 2 }), 'sealed-newer-format'],
    ['a field added', JSON.stringify({ ...one(), sender: 'An' }), 'sealed-damaged'],
    ['a short ephemeral key', JSON.stringify({ ...one(), enc: 'AAAA' }), 'sealed-damaged'],
    [
      'an ephemeral key not on the curve form',
      JSON.stringify({ ...one(), enc: `A${one().enc.slice(1)}` }),
      'sealed-damaged',
    ],
    ['a bad fingerprint', JSON.stringify({ ...one(), key: 'abcd' }), 'sealed-damaged'],
    [
      'a ciphertext in plain base64',
      JSON.stringify({ ...one(), ct: `${one().ct.slice(0, 30)}+/${one().ct.slice(32)}` }),
      'sealed-damaged',
    ],
  ])('refuses %s with a reason (%#)', (_what, text, code) => {
    const r = readSealed(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message.vi.length).toBeGreaterThan(10);
      expect(r.error.message.en.length).toBeGreaterThan(10);
    }
  });

  it('refuses a batch whose count or contents contradict it', () => {
    const batch = JSON.parse(fixture('batch.sealed.json')) as { count: number; envelopes: SealedEnvelope[] };
    expect(readSealed(JSON.stringify({ ...batch, count: 2 })).ok).toBe(false);
    const foreign = {
      ...batch,
      envelopes: [{ ...batch.envelopes[0]!, cell: 'Khu phố 4' }, ...batch.envelopes.slice(1)],
    };
    expect(readSealed(JSON.stringify(foreign)).ok).toBe(false);
  });

  it('refuses an oversized input before decoding it', () => {
    const r = readSealed(new Uint8Array(MAX_SEALED_BATCH_BYTES + 1));
    expect(!r.ok && r.error.code).toBe('sealed-too-large');
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue(), fc.uint8Array()), (input) => {
        expect(() => readSealed(input)).not.toThrow();
      }),
    );
  });
});

describe('writeSealedBatch', () => {
  const e1 = one();
  const envelopes = ['member-1', 'member-2', 'member-3'].map((m) => {
    const r = readSealed(fixture(`${m}.sealed.json`));
    if (!r.ok || r.kind !== 'sealed-response') throw new Error('fixture');
    return r.envelope;
  });
  const input = { instrument: e1.instrument, cell: e1.cell, period: e1.period };

  it('keeps identical files once and carries nothing but the envelopes and their label', () => {
    const batch = writeSealedBatch({
      ...input,
      envelopes: [...envelopes, envelopes[0]!, envelopes[2]!],
      random: seededRandom(1),
    });
    expect(batch.count).toBe(3);
    expect(new Set(batch.envelopes.map(sealedId))).toEqual(new Set(envelopes.map(sealedId)));
    expect(Object.keys(batch).sort()).toEqual([
      'cell',
      'count',
      'envelopes',
      'format',
      'formatVersion',
      'instrument',
      'kind',
      'period',
    ]);
    for (const e of batch.envelopes) expect(Object.keys(e).sort()).toEqual(Object.keys(e1).sort());
    expect(readSealed(serializeSealed(batch)).ok).toBe(true);
  });

  it('does not keep arrival order: some randomness puts the envelopes in another order', () => {
    const orders = new Set(
      [1, 2, 3, 4, 5, 6, 7, 8].map((seed) =>
        writeSealedBatch({ ...input, envelopes, random: seededRandom(seed) })
          .envelopes.map((e) => envelopes.indexOf(e))
          .join(','),
      ),
    );
    expect(orders.size).toBeGreaterThan(1);
  });

  it('leaves out envelopes of another cell or period (they belong to another batch)', () => {
    const other = { ...envelopes[1]!, period: '2026-Q3' };
    expect(writeSealedBatch({ ...input, envelopes: [envelopes[0]!, other], random: seededRandom(1) }).count).toBe(1);
  });
});

describe('readKeyBackup', () => {
  it('reads the frozen backup and refuses one whose public key was swapped', () => {
    const text = fixture('committee-key.phieu-key.json');
    expect(readKeyBackup(text).ok).toBe(true);
    const b = JSON.parse(text) as Record<string, string>;
    const swapped = { ...b, publicKey: `${b.publicKey!.slice(0, 10)}A${b.publicKey!.slice(11)}` };
    const r = readKeyBackup(JSON.stringify(swapped));
    expect(!r.ok && r.error.code).toBe('key-backup-damaged');
  });
  it('refuses a backup weakened below 600,000 rounds', () => {
    const b = JSON.parse(fixture('committee-key.phieu-key.json')) as { kdf: object };
    const r = readKeyBackup(JSON.stringify({ ...b, kdf: { ...b.kdf, iterations: 1000 } }));
    expect(r.ok).toBe(false);
  });
});
