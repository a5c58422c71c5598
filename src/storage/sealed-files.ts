// The secretary's sealed files (IndexedDB store `sealed`, through store.ts): only envelopes, one
// record per cell, period and instrument, the envelopes in the order of their id (a hash), so not
// even the stored order says who sent first. No file names, no arrival times. Read back through
// core's sealed reader (stored data is untrusted).
import { readSealed, sealedId, type SealedEnvelope } from '../core/seal/index.ts';
import { openStore, type KeyValueStore, type StorageProblem } from './store.ts';

/** Version of the records here. */
export const SEALED_STORE_VERSION = 1;

/** The label a group of sealed files shares. */
export interface SealedGroupKey {
  instrumentId: string;
  instrumentVersion: string;
  instrumentHash: string;
  cell: string;
  period: string;
}

/** One group as stored and loaded. */
export interface SealedGroup {
  key: SealedGroupKey;
  envelopes: SealedEnvelope[];
}

/** The store key of a group. */
export function sealedGroupId(k: SealedGroupKey): string {
  return `sealed:${k.instrumentId}@${k.instrumentVersion}#${k.instrumentHash}|${k.period}|${k.cell}`;
}

/** The group an envelope belongs to. */
export function groupKeyOf(e: SealedEnvelope): SealedGroupKey {
  return {
    instrumentId: e.instrument.id,
    instrumentVersion: e.instrument.version,
    instrumentHash: e.instrument.hash,
    cell: e.cell,
    period: e.period,
  };
}

/** The sealed files kept on this device. */
export interface SealedStore {
  readonly kind: KeyValueStore['kind'];
  /** Every group, envelopes checked again by `readSealed`; unreadable records are left out. */
  list(): Promise<SealedGroup[]>;
  /** Adds envelopes (identical ones once); says how many were new and how many already there. */
  add(envelopes: readonly SealedEnvelope[]): Promise<{ added: number; duplicate: number }>;
  /** Removes a group. */
  remove(key: SealedGroupKey): Promise<void>;
}

function sortById(envelopes: SealedEnvelope[]): SealedEnvelope[] {
  return envelopes
    .map((e) => [sealedId(e), e] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => e);
}

function readRecord(value: unknown): SealedGroup | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as { storeVersion?: unknown; envelopes?: unknown };
  if (v.storeVersion !== SEALED_STORE_VERSION || !Array.isArray(v.envelopes)) return undefined;
  const envelopes: SealedEnvelope[] = [];
  for (const e of v.envelopes) {
    const r = readSealed(e);
    if (r.ok && r.kind === 'sealed-response') envelopes.push(r.envelope);
  }
  const first = envelopes[0];
  if (!first) return undefined;
  const key = groupKeyOf(first);
  return { key, envelopes: envelopes.filter((e) => sealedGroupId(groupKeyOf(e)) === sealedGroupId(key)) };
}

/** A sealed store over a key-value store (memory in tests). */
export function createSealedStore(store: KeyValueStore): SealedStore {
  return {
    kind: store.kind,
    async list() {
      const keys = await store.keys('sealed:');
      const groups: SealedGroup[] = [];
      for (const k of keys) {
        const g = readRecord(await store.get(k));
        if (g) groups.push(g);
      }
      return groups;
    },
    async add(envelopes) {
      let added = 0;
      let duplicate = 0;
      const byGroup = new Map<string, SealedEnvelope[]>();
      for (const e of envelopes) {
        const id = sealedGroupId(groupKeyOf(e));
        byGroup.set(id, [...(byGroup.get(id) ?? []), e]);
      }
      for (const [id, fresh] of byGroup) {
        const existing = readRecord(await store.get(id))?.envelopes ?? [];
        const seen = new Set(existing.map(sealedId));
        const next = [...existing];
        for (const e of fresh) {
          const sid = sealedId(e);
          if (seen.has(sid)) duplicate++;
          else {
            seen.add(sid);
            next.push(e);
            added++;
          }
        }
        if (next.length !== existing.length)
          await store.set(id, { storeVersion: SEALED_STORE_VERSION, envelopes: sortById(next) });
      }
      return { added, duplicate };
    },
    remove: (key) => store.remove(sealedGroupId(key)),
  };
}

/** Opens the device's sealed store (memory, with the reason, when the browser refuses storage). */
export async function openSealedStore(): Promise<{ store: SealedStore; problem?: StorageProblem }> {
  const opened = await openStore('sealed');
  return { store: createSealedStore(opened.store), ...(opened.problem ? { problem: opened.problem } : {}) };
}
