// The read-ahead thread of phieu aggregate (read-ahead.ts): the layout of the shared memory it
// fills and the code it runs, plain JavaScript evaluated from a string (nothing to find beside the
// bundle, none of the CLI loaded).

/**
 * Control words: bytes of the ring in use (waste at its end included), files in it, stop asked,
 * worker failed, worker waiting for room, the word it waits on, and the next file not claimed yet.
 * The worker waits for half the ring and half the slots to be free, so it is woken once per ~1,000
 * files, not once per file. A file is read by whichever thread claims it first (compareExchange
 * on NEXT): the main thread reads the files the worker has not reached (while it starts, or when
 * it falls behind) instead of waiting for it.
 */
export const USED = 0;
export const COUNT = 1;
export const STOP = 2;
export const FAILED = 3;
export const WAITING = 4;
export const SIGNAL = 5;
export const NEXT = 6;
/** Set when the list was sent (a worker started before the listing waits for it). */
export const LISTED = 7;
export const CONTROL = 8;
/** A slot's words: where its bytes start in the ring, their length, the ring bytes they take, the digest flag. */
export const META = 4;
/** A slot's state: empty, bytes ready, or left to the main thread. */
export const EMPTY = 0;
export const READY = 1;
export const SKIP = 2;

import { COMPACT_SEALED_SOURCE } from './compact-sealed.ts';

// Plain JavaScript for Node's CommonJS loader (eval: true). Files wait for a free slot, then for
// room in the ring (contiguous: a file that does not fit before the end starts at 0, the end being
// counted as used until it is freed; an empty ring starts again at 0).
export const WORKER_SOURCE = `
'use strict';
const { workerData, parentPort, receiveMessageOnPort } = require('node:worker_threads');
const fs = require('node:fs');
const { sab, ringBytes, slots, maxBytes, lead } = workerData;
const control = new Int32Array(sab, 0, ${CONTROL});
const state = new Int32Array(sab, ${CONTROL * 4}, slots);
const meta = new Int32Array(sab, ${CONTROL * 4} + slots * 4, slots * ${META});
const ring = new Uint8Array(sab, ${CONTROL * 4} + slots * ${4 + META * 4}, ringBytes);
const { hash } = require('node:crypto');
const ringBuffer = Buffer.from(ring.buffer, ring.byteOffset, ring.length);
${COMPACT_SEALED_SOURCE}
let compactOut;
const found = new Int32Array(2);
/**
 * 1 when the bytes at start..end are a JSON object whose digest is sha256: of the stringify of the
 * rest. That text is made from the bytes when they are written as stringify writes them
 * (compact-sealed.ts), else by parsing them, decoded as the main thread decodes them (it reads the
 * flag only when they are UTF-8), and stringifying the object.
 */
function digestChecked(start, end) {
  const n = compactSealed(ring, start, end, compactOut, found);
  if (n >= 0)
    return 'sha256:' + hash('sha256', compactOut.subarray(0, n), 'hex') === ringBuffer.toString('latin1', found[0], found[1]) ? 1 : 0;
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
/** The list, given at the start or sent once the main thread has made it (undefined: stopped first). */
function listOf() {
  if (workerData.list !== undefined) return workerData.list;
  for (;;) {
    const m = receiveMessageOnPort(parentPort);
    if (m) return m.message;
    if (Atomics.load(control, ${STOP}) !== 0) return undefined;
    Atomics.wait(control, ${LISTED}, 0, 200);
  }
}
const list = listOf();
const files = list === undefined ? [] : list.split('\\0');
const limit = Math.min(maxBytes, Math.floor(ringBytes / 2));
// The compact text is never longer than the file (one byte out for each byte in, at most).
compactOut = Buffer.allocUnsafe(Math.max(limit, 1));
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
