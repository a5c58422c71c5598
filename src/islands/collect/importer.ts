// Gets files to core: from a file input, a drop (files or whole folders), or pasted text.
// Small batches are read on the main thread in chunks (yielding between them); large ones in the
// import worker. Either way results arrive in chunks with progress.
import { createCatalog, createCodeBudget, type Instrument } from '../../core/index.ts';
import type { ImportReply, ImportRequest } from '../../workers/import.worker.ts';
import { readInputs, type Part, type ReadOutcome } from '../../core/import.ts';
import { unpackOutcomes } from '../../workers/outcome-wire.ts';

/** Above this many files the import worker is used. */
export const WORKER_THRESHOLD = 200;
/** A single file this large (a ZIP, a backup) is read in the worker too. */
const HEAVY_FILE_BYTES = 1024 * 1024;
/** Files per chunk on the main thread (each chunk then yields to the browser). */
const MAIN_CHUNK = 25;
/** Files per chunk in the worker. */
const WORKER_CHUNK = 250;

/** Where an import's time went, in ms (reading bytes, readBundle, applying on the main thread). */
export interface ImportTimings {
  readMs: number;
  parseMs: number;
}

/** Receives results as they come: outcomes of the chunk, files done, files in all. */
export type ChunkHandler = (outcomes: ReadOutcome[], done: number, total: number) => Promise<void> | void;

const yieldToBrowser = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function nameOf(file: File): string {
  return file.webkitRelativePath || file.name;
}

async function importOnMainThread(
  files: readonly File[],
  instruments: Instrument[],
  onChunk: ChunkHandler,
  timings: ImportTimings,
): Promise<void> {
  // The page's clock: files dated later than tomorrow are refused (core has no clock).
  const reader = { catalog: createCatalog(instruments), now: Date.now() };
  const budget = createCodeBudget();
  for (let start = 0; start < files.length; start += MAIN_CHUNK) {
    const slice = files.slice(start, start + MAIN_CHUNK);
    const t0 = performance.now();
    const inputs = await Promise.all(
      slice.map(async (f) => {
        try {
          return { name: nameOf(f), bytes: new Uint8Array(await f.arrayBuffer()) };
        } catch {
          return { name: nameOf(f), bytes: new Uint8Array(0) };
        }
      }),
    );
    const t1 = performance.now();
    const outcomes = readInputs(inputs, reader, budget);
    timings.readMs += t1 - t0;
    timings.parseMs += performance.now() - t1;
    await onChunk(outcomes, start + slice.length, files.length);
    await yieldToBrowser();
  }
}

/** Workers kept for the page's life (starting one costs a script load). */
const pool: Worker[] = [];
let nextId = 1;

/**
 * How many workers: one per core beyond two, at most 4. The browser itself needs a core to hand
 * the files over and the main thread applies results: on a two-core machine a second worker was
 * measured slower than one.
 */
function poolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(4, cores - 1));
}

function importWorker(i: number): Worker {
  let w = pool[i];
  if (!w) {
    w = new Worker(new URL('../../workers/import.worker.ts', import.meta.url), {
      type: 'module',
      name: `import-${i + 1}`,
    });
    pool[i] = w;
  }
  return w;
}

/** Runs one slice of files in one worker; chunks go to `onChunk` as they come. */
function runInWorker(
  w: Worker,
  files: File[],
  part: (Part & { shared: number }) | undefined,
  instruments: Instrument[],
  onChunk: (outcomes: ReadOutcome[], done: number) => void,
  timings: ImportTimings,
): Promise<void> {
  const id = nextId++;
  return new Promise<void>((resolve, reject) => {
    const stop = (): void => {
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
    };
    const onMessage = (event: MessageEvent<ImportReply>): void => {
      const msg = event.data;
      if (msg.id !== id) return;
      if (msg.type === 'chunk') onChunk(unpackOutcomes(msg.packed), msg.done);
      else {
        stop();
        if (msg.type === 'done') {
          timings.readMs += msg.readMs;
          timings.parseMs += msg.parseMs;
          resolve();
        } else reject(new Error(msg.message));
      }
    };
    const onError = (event: ErrorEvent): void => {
      stop();
      pool.splice(pool.indexOf(w), 1);
      reject(new Error(event.message || 'worker failed'));
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    const request: ImportRequest = {
      type: 'read',
      id,
      instruments,
      files,
      chunk: WORKER_CHUNK,
      ...(part ? { part } : {}),
    };
    w.postMessage(request);
  });
}

/** A text file of pasted codes, by its name. */
function isTextName(file: File): boolean {
  return /\.txt$/i.test(file.name);
}

/** A ZIP archive by its name (its bytes are only seen in the worker). */
function isZipName(file: File): boolean {
  return /\.zip$/i.test(file.name);
}

/**
 * How many workers share ZIP archives: the archive is already in memory, so unpacking and reading
 * its entries is all computation and every core helps (the page itself is mostly idle meanwhile).
 */
function zipPoolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(2, Math.min(4, cores));
}

/**
 * Splits the files over the workers; results are applied one chunk at a time, in arrival order.
 * ZIP archives (by name) go to every worker, each unpacking its part of the entries; the other
 * files are shared out.
 */
async function importInWorkers(
  files: readonly File[],
  instruments: Instrument[],
  onChunk: ChunkHandler,
  timings: ImportTimings,
): Promise<void> {
  const zips = files.filter(isZipName);
  const others = files.filter((f) => !isZipName(f));
  const n = zips.length > 0 ? zipPoolSize() : Math.max(1, Math.min(poolSize(), Math.ceil(files.length / WORKER_CHUNK)));
  const per = Math.ceil(others.length / n);
  const lists = Array.from({ length: n }, (_, i) => [...zips, ...others.slice(i * per, (i + 1) * per)]);
  const listed = lists.reduce((s, l) => s + l.length, 0);
  const doneBy = new Array<number>(n).fill(0);
  // Every part reports a damaged archive: keep the first report of each.
  const damaged = new Set<string>();
  let queue = Promise.resolve();
  let failed: unknown;
  const runs = lists.map((list, i) =>
    runInWorker(
      importWorker(i),
      list,
      zips.length > 0 ? { index: i, of: n, shared: zips.length } : undefined,
      instruments,
      (outcomes, done) => {
        doneBy[i] = done;
        // Files passed, in proportion when archives are shared (exact once every worker is done).
        const total = Math.min(files.length, Math.round((doneBy.reduce((s, d) => s + d, 0) * files.length) / listed));
        const fresh = outcomes.filter((o) => {
          if (o.kind !== 'error' || o.code !== 'zip-damaged') return true;
          if (damaged.has(o.source)) return false;
          damaged.add(o.source);
          return true;
        });
        queue = queue.then(() => onChunk(fresh, total, files.length)).catch((e: unknown) => void (failed = e));
      },
      timings,
    ),
  );
  await Promise.all(runs);
  await queue;
  if (failed !== undefined) throw failed instanceof Error ? failed : new Error('import failed');
}

/**
 * Reads files in chunks. Uses the worker for large batches and falls back to the main thread if
 * the worker cannot start (e.g. a browser that refuses module workers from file:// pages).
 */
export async function importFiles(
  files: readonly File[],
  instruments: Instrument[],
  onChunk: ChunkHandler,
  timings: ImportTimings = { readMs: 0, parseMs: 0 },
): Promise<'worker' | 'main'> {
  // Many files, or big ones (a ZIP or a backup holds many responses), and text files of codes (each
  // code unpacked and read: thousands in one file) go to the worker: the page never does that work.
  const heavy =
    files.length > WORKER_THRESHOLD || files.some((f) => f.size > HEAVY_FILE_BYTES || isZipName(f) || isTextName(f));
  if (heavy && typeof Worker === 'function') {
    try {
      await importInWorkers(files, instruments, onChunk, timings);
      return 'worker';
    } catch {
      // A worker that cannot start (e.g. module workers refused from file:// pages): read on the
      // main thread. Files already applied are applied again, which the collection ignores.
      await importOnMainThread(files, instruments, onChunk, timings);
      return 'main';
    }
  }
  await importOnMainThread(files, instruments, onChunk, timings);
  return 'main';
}

interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
}
interface FileEntryLike extends EntryLike {
  file(ok: (f: File) => void, fail: (e: unknown) => void): void;
}
interface DirEntryLike extends EntryLike {
  createReader(): { readEntries(ok: (entries: EntryLike[]) => void, fail: (e: unknown) => void): void };
}

async function filesOfEntry(entry: EntryLike, out: File[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File | undefined>((resolve) =>
      (entry as FileEntryLike).file(resolve, () => resolve(undefined)),
    );
    if (file) out.push(withPath(file, entry.fullPath.replace(/^\//, '')));
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as DirEntryLike).createReader();
  // readEntries returns at most ~100 entries a call: call until it returns none.
  for (;;) {
    const batch = await new Promise<EntryLike[]>((resolve) => reader.readEntries(resolve, () => resolve([])));
    if (batch.length === 0) break;
    for (const child of batch) {
      // Hidden files of the system (.DS_Store) are not members' files.
      if (child.name.startsWith('.')) continue;
      await filesOfEntry(child, out);
    }
  }
}

/** A file whose name shows the folder it came from. */
function withPath(file: File, path: string): File {
  if (!path || path === file.name) return file;
  try {
    Object.defineProperty(file, 'webkitRelativePath', { value: path });
  } catch {
    // Keep the bare name.
  }
  return file;
}

/** Every file of a drop, folders walked recursively. */
export async function filesOfDrop(dt: DataTransfer): Promise<File[]> {
  const items = [...dt.items].filter((i) => i.kind === 'file');
  // Entries and files must be taken before the first await: the drop's data goes away after.
  const entries = items.map((i) =>
    typeof i.webkitGetAsEntry === 'function' ? (i.webkitGetAsEntry() as EntryLike | null) : null,
  );
  const direct = items.map((i) => i.getAsFile());
  const plain = [...dt.files];
  if (!entries.some((e) => e !== null)) return plain;
  const out: File[] = [];
  for (let i = 0; i < items.length; i++) {
    const e = entries[i];
    if (e) await filesOfEntry(e, out);
    else if (direct[i]) out.push(direct[i]!);
  }
  return out;
}
