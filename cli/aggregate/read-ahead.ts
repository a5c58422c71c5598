// phieu aggregate's read-ahead (one thread): a small worker thread opens and reads the .json files
// in the order the main thread will ask for them, into a bounded ring of shared memory (8 MiB), so
// the main thread's ~0.6 s of open/fstat/read/close on a province overlaps its checking, scoring
// and counting. The worker only moves bytes: every check stays on the main thread (fast-read.ts),
// and anything unusual (a file it cannot open or read, not a regular file, empty, larger than the
// limit or half the ring, a worker that fails or stops answering, a file asked for out of order)
// leaves the file to the main thread, which reads it itself as it did before: the same bytes,
// refusals and messages. The main thread also reads the files the worker has not reached yet (the
// first ones, while it starts). The worker is plain JavaScript evaluated from a string (nothing to
// find beside the bundle, none of the CLI loaded), unref'd, and stopped by close().
// The worker also does one thing more for each file it reads while it is ahead of the main thread
// (LEAD files waiting in the ring): it parses the text and says whether `sha256:` of JSON.stringify
// of the object without its `digest` is the file's `digest`, the main thread's last step of the
// digest check for a file in canonical order (fast-read.ts), which then need not stringify and hash
// it again. The same bytes give the same text, object and stringify on either thread; the flag is
// only ever a "yes". Behind the main thread, the worker leaves that step to it: whichever thread is
// the slower does less, so the two keep pace (on a faster main thread the worker would be the
// bottleneck; on a slower one it checks every digest).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** The ring of file bytes, and how many files may wait in it. */
const RING_BYTES = 8 * 1024 * 1024;
const SLOTS = 4096;
/**
 * Control words: bytes of the ring in use (waste at its end included), files in it, stop asked,
 * worker failed, worker waiting for room, the word it waits on, and the next file not claimed yet.
 * The worker waits for half the ring and half the slots to be free, so it is woken once per ~1,000
 * files, not once per file. A file is read by whichever thread claims it first (compareExchange
 * on NEXT): the main thread reads the files the worker has not reached (while it starts, or when
 * it falls behind) instead of waiting for it.
 */
const USED = 0;
const COUNT = 1;
const STOP = 2;
const FAILED = 3;
const WAITING = 4;
const SIGNAL = 5;
const NEXT = 6;
const CONTROL = 8;
/** A slot's words: where its bytes start in the ring, their length, the ring bytes they take, the digest flag. */
const META = 4;
/** A slot's state: empty, bytes ready, or left to the main thread. */
const EMPTY = 0;
const READY = 1;
const SKIP = 2;
/** The fewest files read ahead when not told (PHIEU_READ_AHEAD). */
const MIN_FILES = 20000;
/**
 * The files that must wait in the ring for the worker to check a file's digest (below: left to the
 * main thread, which has caught up). About a millisecond of the main thread's work on a province.
 */
const LEAD = 64;
/** How long the main thread waits for one file before reading the rest itself. */
const PATIENCE_MS = 2000;

// Plain JavaScript for Node's CommonJS loader (eval: true). Files wait for a free slot, then for
// room in the ring (contiguous: a file that does not fit before the end starts at 0, the end being
// counted as used until it is freed; an empty ring starts again at 0).
const WORKER_SOURCE = `
'use strict';
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { sab, list, ringBytes, slots, maxBytes, lead } = workerData;
const control = new Int32Array(sab, 0, ${CONTROL});
const state = new Int32Array(sab, ${CONTROL * 4}, slots);
const meta = new Int32Array(sab, ${CONTROL * 4} + slots * 4, slots * ${META});
const ring = new Uint8Array(sab, ${CONTROL * 4} + slots * ${4 + META * 4}, ringBytes);
const { hash } = require('node:crypto');
const ringBuffer = Buffer.from(ring.buffer, ring.byteOffset, ring.length);
/**
 * 1 when the bytes at start..end are a JSON object whose digest is sha256: of the stringify of the
 * rest. Decoded as the main thread decodes them (it reads the flag only when they are UTF-8).
 */
function digestChecked(start, end) {
  try {
    const value = JSON.parse(ringBuffer.toString('utf8', start, end));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 0;
    const { digest, ...sealed } = value;
    if (typeof digest !== 'string') return 0;
    return 'sha256:' + hash('sha256', JSON.stringify(sealed), 'hex') === digest ? 1 : 0;
  } catch {
    return 0;
  }
}
const files = list.split('\\0');
const limit = Math.min(maxBytes, Math.floor(ringBytes / 2));
const flags = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK || 0);
const stopped = () => Atomics.load(control, ${STOP}) !== 0;
/** Waits until ok() (the main thread wakes it when half the ring and the slots are free). */
function until(ok) {
  for (;;) {
    if (ok()) return true;
    if (stopped()) return false;
    const signal = Atomics.load(control, ${SIGNAL});
    Atomics.store(control, ${WAITING}, 1);
    if (ok()) {
      Atomics.store(control, ${WAITING}, 0);
      return true;
    }
    Atomics.wait(control, ${SIGNAL}, signal, 200);
  }
}
let at = 0;
let size = 0;
let start = 0;
let taken = 0;
let i = 0;
const slotFree = () => Atomics.load(control, ${COUNT}) < slots && Atomics.load(state, i % slots) === ${EMPTY};
const room = () => {
  const used = Atomics.load(control, ${USED});
  if (used === 0) at = 0;
  const waste = at + size > ringBytes ? ringBytes - at : 0;
  if (used + waste + size > ringBytes) return false;
  start = waste > 0 ? 0 : at;
  taken = waste + size;
  return true;
};
function run() {
  for (i = Atomics.load(control, ${NEXT}); i < files.length; i++) {
    if (!until(slotFree)) return;
    // Files the main thread read itself are passed over.
    const claimed = Atomics.compareExchange(control, ${NEXT}, i, i + 1);
    if (claimed !== i) {
      i = claimed - 1;
      continue;
    }
    const s = i % slots;
    let status = ${SKIP};
    let length = 0;
    let checked = 0;
    start = 0;
    taken = 0;
    let fd = -1;
    try {
      fd = fs.openSync(files[i], flags);
      const stat = fs.fstatSync(fd);
      size = stat.size;
      if (stat.isFile() && size > 0 && size <= limit) {
        if (!until(room)) return;
        Atomics.add(control, ${USED}, taken);
        at = start + size;
        while (length < size) {
          const n = fs.readSync(fd, ring, start + length, size - length, null);
          if (n === 0) break;
          length += n;
        }
        status = ${READY};
        // Checked when ahead of the main thread (files wait in the ring), else left to it.
        checked =
          length === size && Atomics.load(control, ${COUNT}) >= lead
            ? digestChecked(start, start + length)
            : 0;
      }
    } catch {
      status = ${SKIP};
    } finally {
      if (fd !== -1) {
        try {
          fs.closeSync(fd);
        } catch {}
      }
    }
    meta[s * ${META}] = start;
    meta[s * ${META} + 1] = length;
    meta[s * ${META} + 2] = taken;
    meta[s * ${META} + 3] = checked;
    Atomics.add(control, ${COUNT}, 1);
    Atomics.store(state, s, status);
    Atomics.notify(state, s);
  }
}
try {
  run();
} catch {
  Atomics.store(control, ${FAILED}, 1);
  for (let s = 0; s < slots; s++) Atomics.notify(state, s);
}
`;

/** Files read ahead on a worker thread, taken in order by the main thread. */
export class ReadAhead {
  private readonly files: readonly string[];
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
   * Starts reading `files` (the order they will be asked for) on a worker: files of more than
   * `maxBytes` bytes are left to the main thread. `ringBytes`, `slots`, `share` and `lead` (the
   * files waiting in the ring for the worker to check a digest) are for tests.
   */
  constructor(
    files: readonly string[],
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
        workerData: { sab, list: files.join('\0'), ringBytes, slots, maxBytes, lead },
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
    if (this.files[i] !== file) {
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
    void worker.terminate().catch(() => undefined);
  }
}

/**
 * A read-ahead for one thread's run over `files`, when it is worth a thread: from 20,000 files and 2 cores (on
 * 1,000 files it cost 0.01–0.02 s, on 10,000 it changed nothing measurable: docs/benchmarks.md), and
 * where shared memory and threads are there. For tests, PHIEU_READ_AHEAD=0: never; =1: always;
 * =all: always, the worker reading every file (the main thread waits for it) and checking every
 * digest it can.
 */
export function startReadAhead(files: readonly string[], maxBytes: number): ReadAhead | undefined {
  const wanted = process.env.PHIEU_READ_AHEAD;
  if (wanted === '0' || files.length === 0) return undefined;
  if (wanted !== '1' && wanted !== 'all' && files.length < MIN_FILES) return undefined;
  // With one core the worker's reading and parsing would only take turns with the main thread.
  if (wanted !== '1' && wanted !== 'all' && availableParallelism() < 2) return undefined;
  if (typeof SharedArrayBuffer !== 'function') return undefined;
  try {
    // All: the worker also checks every digest it can (the main thread waits for it anyway).
    return wanted === 'all'
      ? new ReadAhead(files, maxBytes, RING_BYTES, SLOTS, false, 0)
      : new ReadAhead(files, maxBytes, RING_BYTES, SLOTS, true, LEAD);
  } catch {
    return undefined;
  }
}
