// phieu aggregate's read-ahead (one thread): a small worker thread opens and reads the .json files
// in the order the main thread will ask for them, into a bounded ring of shared memory (8 MiB), so
// the main thread's ~0.6 s of open/fstat/read/close on a province overlaps its checking, scoring
// and counting. The worker only moves bytes: every check stays on the main thread (fast-read.ts),
// and anything unusual (a file it cannot open or read, not a regular file, empty, larger than the
// limit or half the ring, a worker that fails or stops answering, a file asked for out of order)
// leaves the file to the main thread, which reads it itself as it did before: the same bytes,
// refusals and messages. The main thread also reads the files the worker has not reached yet (the
// first ones, while it starts, unless it was started before the listing; or when it falls behind).
// The worker is plain JavaScript evaluated from a string (read-ahead-worker.ts), unref'd, and
// stopped by close().
// The worker also does one thing more for each file it reads while it is ahead of the main thread
// (LEAD files waiting in the ring): it parses the text and says whether `sha256:` of JSON.stringify
// of the object without its `digest` is the file's `digest`, the main thread's last step of the
// digest check for a file in canonical order (fast-read.ts), which then need not stringify and hash
// it again. The same bytes give the same text, object and stringify on either thread; the flag is
// only ever a "yes". Behind the main thread, the worker leaves that step to it: whichever thread is
// the slower does less, so the two keep pace (on a faster main thread the worker would be the
// bottleneck; on a slower one it checks every digest).
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  CONTROL,
  COUNT,
  EMPTY,
  FAILED,
  LISTED,
  META,
  NEXT,
  READY,
  SIGNAL,
  STOP,
  USED,
  WAITING,
  WORKER_SOURCE,
} from './read-ahead-worker.ts';

/** The ring of file bytes, and how many files may wait in it. */
const RING_BYTES = 8 * 1024 * 1024;
const SLOTS = 4096;
/** The fewest files read ahead when not told (PHIEU_READ_AHEAD). */
const MIN_FILES = 20000;
/**
 * The files that must wait in the ring for the worker to check a file's digest (below: left to the
 * main thread, which has caught up). About a millisecond of the main thread's work on a province.
 */
const LEAD = 64;
/** How long the main thread waits for one file before reading the rest itself. */
const PATIENCE_MS = 2000;

/** Files read ahead on a worker thread, taken in order by the main thread. */
export class ReadAhead {
  private files: readonly string[] | undefined;
  private readonly control: Int32Array;
  private readonly state: Int32Array;
  private readonly meta: Int32Array;
  private readonly ring: Buffer;
  private worker: Worker | undefined;
  /** The position in the list of the next file to take. */
  private next = 0;
  /** The slot of the bytes taken and not yet released. */
  private held = -1;
  /**
   * Whether the worker found, for the bytes taken last, that `sha256:` of JSON.stringify of their
   * object without its `digest` is that digest (false when it did not look or it is not so).
   */
  digestChecked = false;
  /** For --verbose: files taken from the worker, with their digest checked there, and the time waited for it. */
  readonly stats = { taken: 0, checked: 0, waitedMs: 0 };
  /** Whether the main thread reads the files the worker has not reached (else it waits: tests). */
  private readonly share: boolean;

  /**
   * Starts reading `files` (the order they will be asked for) on a worker, or, without them, starts
   * the worker to wait for them ({@link begin}): files of more than `maxBytes` bytes are left to the
   * main thread. `ringBytes`, `slots`, `share` and `lead` (the files waiting in the ring for the
   * worker to check a digest) are for tests.
   */
  constructor(
    files: readonly string[] | undefined,
    maxBytes: number,
    ringBytes = RING_BYTES,
    slots = SLOTS,
    share = true,
    lead = LEAD,
  ) {
    this.files = files;
    this.share = share;
    const sab = new SharedArrayBuffer(CONTROL * 4 + slots * (4 + META * 4) + ringBytes);
    this.control = new Int32Array(sab, 0, CONTROL);
    this.state = new Int32Array(sab, CONTROL * 4, slots);
    this.meta = new Int32Array(sab, CONTROL * 4 + slots * 4, slots * META);
    this.ring = Buffer.from(sab, CONTROL * 4 + slots * (4 + META * 4), ringBytes);
    try {
      this.worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { sab, list: files?.join('\0'), ringBytes, slots, maxBytes, lead },
        resourceLimits: { maxYoungGenerationSizeMb: 4 },
      });
      this.worker.unref();
      // An error is also written to shared memory (FAILED) for the main thread, which does not
      // return to its event loop while it reads.
      this.worker.on('error', () => this.close());
    } catch {
      this.worker = undefined;
    }
  }

  /** Gives a worker started without its list the files to read, in the order they will be asked for. */
  begin(files: readonly string[]): void {
    if (this.worker === undefined || this.files !== undefined) return;
    this.files = files;
    this.worker.postMessage(files.join('\0'));
    Atomics.store(this.control, LISTED, 1);
    Atomics.notify(this.control, LISTED);
  }

  /**
   * The bytes of `file`, read by the worker, when it is the next file of the list and the worker
   * read it (waiting for it when it is reading it); valid until {@link release}. Undefined: read
   * it yourself (and, when the file was not the next one or the worker failed, every later file:
   * the read-ahead stops).
   */
  take(file: string): Buffer | undefined {
    this.release();
    this.digestChecked = false;
    if (this.worker === undefined) return undefined;
    const i = this.next;
    if (this.files?.[i] !== file) {
      this.close();
      return undefined;
    }
    this.next = i + 1;
    const s = i % this.state.length;
    let status = Atomics.load(this.state, s);
    if (status === EMPTY) {
      // Not reached by the worker: read here. (Published files are those from here on, fewer than
      // the slots: a slot that is not empty holds this file.)
      if (this.share && Atomics.compareExchange(this.control, NEXT, i, i + 1) === i) return undefined;
      const t0 = performance.now();
      while ((status = Atomics.load(this.state, s)) === EMPTY) {
        if (Atomics.load(this.control, FAILED) !== 0 || performance.now() - t0 > PATIENCE_MS) {
          this.close();
          return undefined;
        }
        Atomics.wait(this.state, s, EMPTY, 100);
      }
      this.stats.waitedMs += performance.now() - t0;
    }
    if (status !== READY) {
      this.free(s);
      return undefined;
    }
    this.held = s;
    this.digestChecked = this.meta[s * META + 3] === 1;
    this.stats.taken += 1;
    if (this.digestChecked) this.stats.checked += 1;
    const start = this.meta[s * META]!;
    return this.ring.subarray(start, start + this.meta[s * META + 1]!);
  }

  /** Gives the bytes taken last back to the worker. */
  release(): void {
    if (this.held === -1) return;
    const s = this.held;
    this.held = -1;
    this.free(s);
  }

  private free(s: number): void {
    const taken = this.meta[s * META + 2]!;
    Atomics.store(this.state, s, EMPTY);
    const count = Atomics.sub(this.control, COUNT, 1) - 1;
    const used = taken > 0 ? Atomics.sub(this.control, USED, taken) - taken : Atomics.load(this.control, USED);
    // The worker, waiting for room, is woken once half the ring and half the slots are free.
    if (Atomics.load(this.control, WAITING) !== 0 && used <= this.ring.length / 2 && count <= this.state.length / 2) {
      Atomics.store(this.control, WAITING, 0);
      Atomics.add(this.control, SIGNAL, 1);
      Atomics.notify(this.control, SIGNAL);
    }
  }

  /** Stops the worker; later files are read by the main thread. Safe to call more than once. */
  close(): void {
    const worker = this.worker;
    if (worker === undefined) return;
    this.worker = undefined;
    this.held = -1;
    Atomics.store(this.control, STOP, 1);
    Atomics.store(this.control, NEXT, 0x7fffffff);
    Atomics.add(this.control, SIGNAL, 1);
    Atomics.notify(this.control, SIGNAL);
    Atomics.notify(this.control, LISTED);
    void worker.terminate().catch(() => undefined);
  }
}

/** The read-ahead wanted for tests: PHIEU_READ_AHEAD=0 never, =1 always, =all always with the worker reading every file. */
function wantedReadAhead(): string | undefined {
  return process.env.PHIEU_READ_AHEAD;
}

/** Whether this machine and Node can run a read-ahead thread worth its cost. */
function canReadAhead(): boolean {
  const wanted = wantedReadAhead();
  if (wanted === '0' || typeof SharedArrayBuffer !== 'function') return false;
  // With one core the worker's reading and parsing would only take turns with the main thread.
  return wanted === '1' || wanted === 'all' || availableParallelism() >= 2;
}

function newReadAhead(files: readonly string[] | undefined, maxBytes: number): ReadAhead | undefined {
  try {
    // All: the worker also checks every digest it can (the main thread waits for it anyway).
    return wantedReadAhead() === 'all'
      ? new ReadAhead(files, maxBytes, RING_BYTES, SLOTS, false, 0)
      : new ReadAhead(files, maxBytes, RING_BYTES, SLOTS, true, LEAD);
  } catch {
    return undefined;
  }
}

/** A folder's size from which a read-ahead is started before listing it (about 3,000 names on ext4). */
const EARLY_FOLDER_BYTES = 256 * 1024;

/**
 * A read-ahead thread started before the listing, when one of the folders given is large (its size
 * in bytes, which grows with its names), so that it is up by the first file: the listing of a
 * province takes ~0.07 s, about what a worker takes to start. {@link startReadAhead} gives it its
 * list, or stops it when the list is too short after all.
 */
export function prepareReadAhead(paths: readonly string[], maxBytes: number): ReadAhead | undefined {
  if (!canReadAhead()) return undefined;
  const wanted = wantedReadAhead();
  const large =
    wanted === '1' ||
    wanted === 'all' ||
    paths.some((p) => {
      try {
        const st = statSync(p);
        return st.isDirectory() && st.size >= EARLY_FOLDER_BYTES;
      } catch {
        return false;
      }
    });
  return large ? newReadAhead(undefined, maxBytes) : undefined;
}

/**
 * A read-ahead for one thread's run over `files`, when it is worth a thread: from 20,000 files and 2 cores (on
 * 1,000 files it cost 0.01–0.02 s, on 10,000 it changed nothing measurable: docs/benchmarks.md), and
 * where shared memory and threads are there. For tests, PHIEU_READ_AHEAD=0: never; =1: always;
 * =all: always, the worker reading every file (the main thread waits for it) and checking every
 * digest it can. `early`: the one {@link prepareReadAhead} started, given the list here or stopped.
 */
export function startReadAhead(files: readonly string[], maxBytes: number, early?: ReadAhead): ReadAhead | undefined {
  const wanted = wantedReadAhead();
  if (!canReadAhead() || files.length === 0 || (wanted !== '1' && wanted !== 'all' && files.length < MIN_FILES)) {
    early?.close();
    return undefined;
  }
  if (!early) return newReadAhead(files, maxBytes);
  early.begin(files);
  return early;
}
