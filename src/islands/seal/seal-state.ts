// The collection page's sealed-survey state: the secretary's sealed files (counted, exported as a
// shuffled batch) and the committee's keys and opened results. Storage is src/storage; the HPKE
// code (src/sealing) loads only when a key is made or restored or files are opened.
import { useRef, useState } from 'preact/hooks';
import type { InstrumentCatalog } from '../../core/bundle.ts';
import {
  keyBackupFileName,
  randomIndexFrom,
  serializeKeyBackup,
  serializeSealed,
  writeSealedBatch,
} from '../../core/seal/index.ts';
import type { Message } from '../../core/text.ts';
import type { OpenedBatches } from '../../sealing/open-batch.ts';
import type { CommitteeKey } from '../../sealing/keys.ts';
import { openSealKeyStore, type SealKeyStore } from '../../storage/seal-keys.ts';
import { openSealedStore, type SealedGroup, type SealedStore } from '../../storage/sealed-files.ts';
import type { StorageProblem } from '../../storage/store.ts';
import { downloadText, fileSlug } from '../collect/download.ts';

/** Random 32-bit words from the platform (core takes randomness as a parameter). */
function cryptoWords(): () => number {
  const buf = new Uint32Array(64);
  let i = buf.length;
  return () => {
    if (i >= buf.length) {
      crypto.getRandomValues(buf);
      i = 0;
    }
    return buf[i++] as number;
  };
}

/** Whether WebCrypto is there (secure contexts only). */
export function hasWebCrypto(): boolean {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    typeof crypto !== 'undefined' &&
    typeof crypto.subtle === 'object'
  );
}

export type SealState = ReturnType<typeof useSealState>;

export function useSealState({ catalog, today }: { catalog: InstrumentCatalog; today: () => string }) {
  const [groups, setGroups] = useState<SealedGroup[]>([]);
  const [keys, setKeys] = useState<CommitteeKey[]>([]);
  const [opened, setOpened] = useState<OpenedBatches>();
  const [problem, setProblem] = useState<StorageProblem>();
  const [error, setError] = useState<Message>();
  /** Known once started in the browser: whether WebCrypto (a secure context) is there. */
  const [secure, setSecure] = useState<boolean>();
  const sealedStore = useRef<Promise<SealedStore> | undefined>(undefined);
  const keyStore = useRef<Promise<SealKeyStore> | undefined>(undefined);

  const sealed = (): Promise<SealedStore> => {
    sealedStore.current ??= openSealedStore().then(({ store, problem: p }) => {
      if (p) setProblem(p);
      return store;
    });
    return sealedStore.current;
  };
  const keyring = (): Promise<SealKeyStore> => {
    keyStore.current ??= openSealKeyStore().then(({ store }) => store);
    return keyStore.current;
  };

  async function refresh(): Promise<void> {
    setGroups(await (await sealed()).list());
  }
  async function refreshKeys(): Promise<void> {
    setKeys(await (await keyring()).list());
  }

  /** Starts: lists what is kept (keys only where WebCrypto can use them). */
  async function start(): Promise<void> {
    const can = hasWebCrypto();
    try {
      await refresh();
      if (can) await refreshKeys();
    } finally {
      // Said once the stores were tried, whatever they answered.
      setSecure(can);
    }
  }

  /** Downloads one group as a shuffled batch; returns its file name and count. */
  function exportBatch(g: SealedGroup): { file: string; count: number } {
    const first = g.envelopes[0];
    if (!first) return { file: '', count: 0 };
    const batch = writeSealedBatch({
      instrument: first.instrument,
      cell: g.key.cell,
      period: g.key.period,
      envelopes: g.envelopes,
      random: randomIndexFrom(cryptoWords()),
    });
    const file = `phieu-kin_${fileSlug(g.key.instrumentId)}_${fileSlug(g.key.cell)}_${g.key.period}.json`;
    downloadText(file, serializeSealed(batch), 'application/json');
    return { file, count: batch.count };
  }

  async function removeGroup(g: SealedGroup): Promise<void> {
    await (await sealed()).remove(g.key);
    await refresh();
  }

  /** Makes a key, saves it, downloads its backup. */
  async function createKey(
    passphrase: string,
    label: string,
  ): Promise<{ fingerprint: string; file: string } | undefined> {
    setError(undefined);
    const { createCommitteeKey } = await import('../../sealing/keys.ts');
    const made = await createCommitteeKey({
      passphrase,
      createdAt: today(),
      ...(label.trim() ? { label: label.trim() } : {}),
    });
    if (!made.ok) {
      setError(made.error.message);
      return undefined;
    }
    const file = keyBackupFileName(made.key.fingerprint);
    // The backup first: a key without its backup must not be kept silently.
    downloadText(file, serializeKeyBackup(made.backup), 'application/json');
    await (await keyring()).save(made.key);
    await refreshKeys();
    return { fingerprint: made.key.fingerprint, file };
  }

  async function restoreKey(text: string, passphrase: string): Promise<string | undefined> {
    setError(undefined);
    const { restoreCommitteeKey } = await import('../../sealing/keys.ts');
    const r = await restoreCommitteeKey(text, passphrase);
    if (!r.ok) {
      setError(r.error.message);
      return undefined;
    }
    await (await keyring()).save(r.key);
    await refreshKeys();
    return r.key.fingerprint;
  }

  async function removeKey(fingerprint: string): Promise<void> {
    await (await keyring()).remove(fingerprint);
    await refreshKeys();
  }

  /** Opens groups with the keys held; the result stays in memory only. */
  async function open(which: SealedGroup[]): Promise<void> {
    setError(undefined);
    const { openSealed } = await import('../../sealing/open-batch.ts');
    setOpened(
      await openSealed(
        which.flatMap((g) => g.envelopes),
        keys,
        catalog,
        randomIndexFrom(cryptoWords()),
      ),
    );
  }

  return {
    secure,
    groups,
    keys,
    opened,
    problem,
    error,
    setError,
    start,
    refresh,
    exportBatch,
    removeGroup,
    createKey,
    restoreKey,
    removeKey,
    open,
    closeOpened: () => setOpened(undefined),
  };
}
