// The committee's keys on this device (IndexedDB store `seal-keys`, through store.ts). The private
// key is stored as the WebCrypto key object itself, created non-extractable: IndexedDB keeps it
// (structured clone) but no script can read its bytes, this site's included. Several keys are
// kept side by side (a file sealed to an older key still opens). Read back as untrusted.
import { decodeBase64Url, encodeBase64Url, fingerprintOf, isP256PublicKey } from '../core/seal/index.ts';
import type { CommitteeKey } from '../sealing/keys.ts';
import { openStore, type KeyValueStore, type StorageProblem } from './store.ts';

/** Version of the records here. */
export const SEAL_KEYS_STORE_VERSION = 1;

interface KeyRecord {
  storeVersion: number;
  fingerprint: string;
  publicKey: string;
  createdAt: string;
  label?: string;
  privateKey: unknown;
  publicCryptoKey: unknown;
}

/** The committee keys kept on this device. */
export interface SealKeyStore {
  readonly kind: KeyValueStore['kind'];
  /** Every key, newest first. */
  list(): Promise<CommitteeKey[]>;
  save(key: CommitteeKey): Promise<void>;
  remove(fingerprint: string): Promise<void>;
}

function isCryptoKey(v: unknown): v is CommitteeKey['pair']['privateKey'] {
  return typeof CryptoKey !== 'undefined' && v instanceof CryptoKey;
}

function readRecord(value: unknown): CommitteeKey | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<KeyRecord>;
  if (r.storeVersion !== SEAL_KEYS_STORE_VERSION || typeof r.publicKey !== 'string') return undefined;
  const publicKey = decodeBase64Url(r.publicKey);
  if (!publicKey || !isP256PublicKey(publicKey) || fingerprintOf(publicKey) !== r.fingerprint) return undefined;
  if (!isCryptoKey(r.privateKey) || !isCryptoKey(r.publicCryptoKey)) return undefined;
  if (typeof r.createdAt !== 'string') return undefined;
  return {
    fingerprint: r.fingerprint,
    publicKey,
    createdAt: r.createdAt,
    ...(typeof r.label === 'string' && r.label ? { label: r.label } : {}),
    pair: { privateKey: r.privateKey, publicKey: r.publicCryptoKey },
  };
}

/** A key store over a key-value store. */
export function createSealKeyStore(store: KeyValueStore): SealKeyStore {
  return {
    kind: store.kind,
    async list() {
      const out: CommitteeKey[] = [];
      for (const k of await store.keys('key:')) {
        const key = readRecord(await store.get(k));
        if (key) out.push(key);
      }
      return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    },
    async save(key) {
      const record: KeyRecord = {
        storeVersion: SEAL_KEYS_STORE_VERSION,
        fingerprint: key.fingerprint,
        publicKey: encodeBase64Url(key.publicKey),
        createdAt: key.createdAt,
        ...(key.label ? { label: key.label } : {}),
        privateKey: key.pair.privateKey,
        publicCryptoKey: key.pair.publicKey,
      };
      await store.set(`key:${key.fingerprint}`, record);
    },
    remove: (fingerprint) => store.remove(`key:${fingerprint}`),
  };
}

/** Opens the device's key store. */
export async function openSealKeyStore(): Promise<{ store: SealKeyStore; problem?: StorageProblem }> {
  const opened = await openStore('seal-keys');
  return { store: createSealKeyStore(opened.store), ...(opened.problem ? { problem: opened.problem } : {}) };
}
