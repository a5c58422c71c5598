// The read-ahead thread's cheap way to the text a response file's digest is over (read-ahead-worker.ts):
// JSON.stringify of the file's object without its `digest`, made from the file's bytes by leaving
// out the white space between tokens and the top-level `digest` member, instead of parsing the text
// and stringifying the object (~5 µs a file of the ~8 the digest check took there).
//
// The bytes are the stringify exactly when every token of the text is written as stringify writes
// the value JSON.parse reads from it, and every object gets its keys in text order with none twice.
// So the function gives up (-1) on anything else, and the worker then parses and stringifies as
// before: a backslash anywhere (an escape: stringify may write it another way), a control byte in a
// string, a number not written as stringify writes it (an exponent, -0, a trailing 0 in a fraction,
// more than 15 digits),
// a key that starts with a digit (V8 lists index-like keys first), a key not after the one before it
// in its object in byte order (a key twice: JSON.parse keeps the last value at the first place), a
// `digest` that is not a string, or missing, or a text that is not one object. White space is only
// what JSON allows (space, tab, line feed, carriage return). What is not JSON at all is refused by
// the main thread's JSON.parse of the same bytes, which reads the flag only after that parse; on
// valid JSON the tokens here are JSON's. Our writers' files (canonical JSON, two-space indent) pass.
//
// Plain JavaScript in a string, as the worker is (none of the CLI is loaded there); tests evaluate
// the same string (tests/cli/compact-sealed.test.ts).

import { runInThisContext } from 'node:vm';

/** Containers deeper than this are left to the parse (a response file is five deep). */
const MAX_DEPTH = 64;

/**
 * `function compactSealed(b, start, end, out, found)`: writes into `out` (at least end - start
 * bytes) the UTF-8 of JSON.stringify of the object that bytes `start..end` of `b` hold, without
 * its top-level `digest`, and returns its length, with the digest's text at `found[0]..found[1]`
 * of `b` (an Int32Array of two); or -1: not sure, parse and stringify instead.
 */
export const COMPACT_SEALED_SOURCE = `
const compactKind = new Uint8Array(${MAX_DEPTH + 1});
const compactPrevStart = new Int32Array(${MAX_DEPTH + 1});
const compactPrevEnd = new Int32Array(${MAX_DEPTH + 1});
/** -1, 0 or 1 as bytes a..aEnd of b sort before, with or after bytes c..cEnd. */
function compareBytes(b, a, aEnd, c, cEnd) {
  const n = Math.min(aEnd - a, cEnd - c);
  for (let k = 0; k < n; k++) {
    const x = b[a + k];
    const y = b[c + k];
    if (x !== y) return x < y ? -1 : 1;
  }
  const la = aEnd - a;
  const lc = cEnd - c;
  return la === lc ? 0 : la < lc ? -1 : 1;
}
function compactSealed(b, start, end, out, found) {
  let i = start;
  let o = 0;
  let depth = 0;
  /** At a key's place in an object (after { or a comma). */
  let expectKey = false;
  /** Between the top-level digest key and its value. */
  let skipping = false;
  /** Members of the top-level object written (commas there are written before the next one). */
  let members = 0;
  found[0] = -1;
  found[1] = -1;
  for (;;) {
    let c = 0;
    while (i < end && ((c = b[i]) === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) i++;
    if (i >= end) return -1;
    if (c === 0x22) {
      if (skipping) {
        // The digest's value: kept aside, not written.
        let j = i + 1;
        while (j < end && b[j] !== 0x22) {
          if (b[j] === 0x5c || b[j] < 0x20) return -1;
          j++;
        }
        if (j >= end) return -1;
        found[0] = i + 1;
        found[1] = j;
        skipping = false;
        i = j + 1;
        continue;
      }
      const before = o;
      const key = expectKey;
      if (key && depth === 1 && members > 0) out[o++] = 0x2c;
      out[o++] = 0x22;
      let j = i + 1;
      for (;;) {
        if (j >= end) return -1;
        const d = b[j];
        if (d === 0x22) break;
        if (d === 0x5c || d < 0x20) return -1;
        out[o++] = d;
        j++;
      }
      out[o++] = 0x22;
      if (key) {
        const ks = i + 1;
        if (j > ks && b[ks] >= 0x30 && b[ks] <= 0x39) return -1;
        if (compactPrevStart[depth] >= 0 && compareBytes(b, compactPrevStart[depth], compactPrevEnd[depth], ks, j) >= 0)
          return -1;
        compactPrevStart[depth] = ks;
        compactPrevEnd[depth] = j;
        expectKey = false;
        if (depth === 1) {
          if (j - ks === 6 && b[ks] === 0x64 && b[ks + 1] === 0x69 && b[ks + 2] === 0x67 && b[ks + 3] === 0x65 && b[ks + 4] === 0x73 && b[ks + 5] === 0x74) {
            // "digest": neither it nor its comma is written.
            if (found[0] !== -1) return -1;
            o = before;
            skipping = true;
          } else members++;
        }
      }
      i = j + 1;
      continue;
    }
    if (c === 0x3a) {
      if (!skipping) out[o++] = c;
      i++;
      continue;
    }
    if (c === 0x2c) {
      if (depth === 0 || skipping) return -1;
      if (compactKind[depth] === 1) expectKey = true;
      if (depth !== 1) out[o++] = c;
      i++;
      continue;
    }
    if (c === 0x7d || c === 0x5d) {
      if (skipping || depth === 0 || compactKind[depth] !== (c === 0x7d ? 1 : 2)) return -1;
      depth--;
      expectKey = false;
      out[o++] = c;
      i++;
      if (depth > 0) continue;
      // The end of the top-level object: nothing but white space after it.
      while (i < end && ((c = b[i]) === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) i++;
      return i === end && found[0] !== -1 ? o : -1;
    }
    if (skipping || expectKey) return -1;
    if (c === 0x7b || c === 0x5b) {
      if (depth === 0 && c !== 0x7b) return -1;
      if (depth === 0 && o !== 0) return -1;
      if (++depth > ${MAX_DEPTH}) return -1;
      compactKind[depth] = c === 0x7b ? 1 : 2;
      compactPrevStart[depth] = -1;
      expectKey = c === 0x7b;
      out[o++] = c;
      i++;
      continue;
    }
    if (depth === 0) return -1;
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = c === 0x2d ? i + 1 : i;
      const digits = j;
      while (j < end && b[j] >= 0x30 && b[j] <= 0x39) j++;
      const n = j - digits;
      if (n === 0 || n > 15 || (n > 1 && b[digits] === 0x30)) return -1;
      if (j < end && b[j] === 0x2e) {
        // A fraction as stringify writes it: at most 15 digits in all (then it is the shortest text
        // of its double), the last not 0, and at least 0.000001 (below, stringify writes 1e-7).
        let k = j + 1;
        while (k < end && b[k] >= 0x30 && b[k] <= 0x39) k++;
        const f = k - j - 1;
        if (f === 0 || n + f > 15 || b[k - 1] === 0x30) return -1;
        if (n === 1 && b[digits] === 0x30) {
          let zeros = 0;
          while (b[j + 1 + zeros] === 0x30) zeros++;
          if (zeros >= 6) return -1;
        }
        j = k;
      } else if (c === 0x2d && n === 1 && b[digits] === 0x30) return -1; // -0: stringify writes 0
      if (j < end && (b[j] === 0x65 || b[j] === 0x45)) return -1;
      while (i < j) out[o++] = b[i++];
      continue;
    }
    // true, false, null.
    let word = 0;
    if (c === 0x74 && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65) word = 4;
    else if (c === 0x66 && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65) word = 5;
    else if (c === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) word = 4;
    if (word === 0 || i + word > end) return -1;
    for (let k = 0; k < word; k++) out[o++] = b[i++];
  }
}
`;

/**
 * The same function, for the main thread: on one core there is no read-ahead thread, and the main
 * thread checks every digest itself (fast-read.ts).
 */
export const compactSealed = runInThisContext(`(() => {${COMPACT_SEALED_SOURCE}\nreturn compactSealed;\n})()`) as (
  b: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  found: Int32Array,
) => number;
