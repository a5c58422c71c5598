import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/core/import.ts';
import { encodeBundleCode } from '../../src/core/code.ts';
import { readSealed, sealedId, type SealedEnvelope } from '../../src/core/seal/index.ts';
import { createMemoryStore } from '../../src/storage/store.ts';
import { createSealedStore } from '../../src/storage/sealed-files.ts';
import { catalog, fixture } from '../sealing/helpers.ts';

function envelope(n: number): SealedEnvelope {
  const r = readSealed(fixture(`member-${n}.sealed.json`));
  if (!r.ok || r.kind !== 'sealed-response') throw new Error('fixture');
  return r.envelope;
}

describe('importing sealed files', () => {
  it('recognises a sealed file, a batch and a paste code as sealed, without opening them', () => {
    const bytes = (t: string) => new TextEncoder().encode(t);
    const outcomes = readInputs(
      [
        { name: 'a.json', bytes: bytes(fixture('member-1.sealed.json')) },
        { name: 'lo.json', bytes: bytes(fixture('batch.sealed.json')) },
        { name: 'ma', text: `Gửi chị: ${encodeBundleCode(envelope(2))}` },
      ],
      catalog,
    );
    expect(outcomes.map((o) => o.kind)).toEqual(['sealed', 'sealed', 'sealed']);
  });
});

describe('the sealed store', () => {
  it('keeps envelopes only, identical ones once, in an order that is not arrival order', async () => {
    const store = createSealedStore(createMemoryStore());
    expect(await store.add([envelope(3), envelope(1)])).toEqual({ added: 2, duplicate: 0 });
    expect(await store.add([envelope(1), envelope(2)])).toEqual({ added: 1, duplicate: 1 });
    const [group] = await store.list();
    expect(group!.envelopes).toHaveLength(3);
    const ids = group!.envelopes.map(sealedId);
    expect(ids).toEqual([...ids].sort());
    for (const e of group!.envelopes) expect(Object.keys(e).sort()).toEqual(Object.keys(envelope(1)).sort());
  });

  it('drops stored records that are not sealed envelopes (stored data is untrusted)', async () => {
    const kv = createMemoryStore();
    const store = createSealedStore(kv);
    await store.add([envelope(1)]);
    const [k] = await kv.keys('sealed:');
    await kv.set(k!, { storeVersion: 1, envelopes: [{ answers: { x: 1 } }, envelope(1)] });
    const [group] = await store.list();
    expect(group!.envelopes).toEqual([envelope(1)]);
  });
});
