// Raw DEFLATE (RFC 1951) decoding within fixed bounds, for data that may be hostile: ZIP entries
// and paste codes. The output is written into one buffer no larger than the caller's limit and
// decoding stops at the first byte past it; every symbol, length, distance and code set is checked
// (a set of code lengths that over-fills its code is damaged, as zlib has it); building the
// decoding tables of dynamic blocks has a work budget proportional to the bytes in and out. So
// the memory is the output buffer plus tables of at most 64 KiB, and the work is linear in the
// bytes read and written. The decoding loop follows fflate's `inflt` (MIT, Arjun Barrett), which
// has none of these bounds: given a buffer it keeps decoding past it, and it builds a table for a
// code set of any shape (an over-filled one costs it up to 2^14 writes a symbol). Pure.

/** Extra bits of the length codes 257…285, and their base lengths. */
const LENGTH_EXTRA = new Uint8Array([
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
]);
/** Extra bits of the distance codes 0…29, and their base distances. */
const DISTANCE_EXTRA = new Uint8Array([
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
]);
function basesOf(extra: Uint8Array, first: number): Uint16Array {
  const bases = new Uint16Array(extra.length);
  for (let i = 0, next = first; i < extra.length; next += 1 << extra[i]!, i++) bases[i] = next;
  return bases;
}
const LENGTH_BASE = basesOf(LENGTH_EXTRA, 3);
LENGTH_BASE[28] = 258; // code 285 is 258 with no extra bits (RFC 1951 3.2.5)
const DISTANCE_BASE = basesOf(DISTANCE_EXTRA, 1);
/** Order in which a dynamic block gives the code lengths of the code-length code. */
const CODE_LENGTH_ORDER = new Uint8Array([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

/**
 * A decoding table: entry `i` is the symbol whose code is the low `bits` bits of `i` (read least
 * significant bit first) as `symbol << 4 | code length`, or 0 where no code starts so.
 */
interface DecodeTable {
  table: Uint16Array;
  mask: number;
}

/** The table of a canonical code from its lengths (0: unused), or undefined when they over-fill it. */
function decodeTableOf(lengths: Uint8Array): DecodeTable | undefined {
  const count = new Uint16Array(16);
  let bits = 0;
  for (let i = 0; i < lengths.length; i++) {
    const l = lengths[i]!;
    count[l]! += 1;
    if (l > bits) bits = l;
  }
  count[0] = 0;
  // Kraft: the codes of each length must fit in what the shorter ones left.
  const next = new Uint16Array(16);
  for (let len = 1, left = 1, code = 0; len <= 15; len++) {
    left = (left << 1) - count[len]!;
    if (left < 0) return undefined;
    code = (code + count[len - 1]!) << 1;
    next[len] = code;
  }
  // A code set that fits fills at most 2^bits entries, once each.
  const table = new Uint16Array(1 << bits);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const len = lengths[symbol]!;
    if (len === 0) continue;
    let code = next[len]!++;
    let reversed = 0;
    for (let b = 0; b < len; b++, code >>= 1) reversed = (reversed << 1) | (code & 1);
    const entry = (symbol << 4) | len;
    for (let i = reversed; i < table.length; i += 1 << len) table[i] = entry;
  }
  return { table, mask: table.length - 1 };
}

function fixedTables(): [DecodeTable, DecodeTable] {
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
  return [decodeTableOf(lengths)!, decodeTableOf(new Uint8Array(32).fill(5))!];
}
const [FIXED_LITERALS, FIXED_DISTANCES] = fixedTables();

/** Table entries the first dynamic block may fill for free: both its codes at the longest (15 bits). */
const FREE_TABLE_FILLS = 2 << 15;
/**
 * Table entries allowed per byte read or written, beyond those. An encoder's code for n symbols
 * fills fewer than ~21·n entries (a 15-bit code needs ~1,600 symbols), and a symbol takes a bit
 * or more: a stream of back-to-back dynamic headers (~30 bytes, 65,536 entries each) is refused.
 */
const TABLE_FILLS_PER_BYTE = 128;

/** Largest input read: bit positions stay below 2^31. */
const MAX_INPUT = 1 << 27;

/** The low `mask` bits at bit `pos` (at most 9 bits). Past the end reads as zeros. */
const bitsAt = (d: Uint8Array, pos: number, mask: number): number => {
  const o = pos >>> 3;
  return ((d[o]! | (d[o + 1]! << 8)) >> (pos & 7)) & mask;
};
/** At least 17 bits from bit `pos`. Past the end reads as zeros. */
const bits17At = (d: Uint8Array, pos: number): number => {
  const o = pos >>> 3;
  return (d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16)) >> (pos & 7);
};

/**
 * Decodes raw DEFLATE data into at most `limit` bytes: the bytes, or undefined when the data is
 * damaged, ends early, or would unpack to more. With `exact`, the output must be exactly `limit`
 * bytes and is written straight into one buffer of that size; otherwise the buffer grows as
 * needed, never past `limit`.
 */
function inflateRaw(data: Uint8Array, limit: number, exact: boolean): Uint8Array | undefined {
  if (data.length > MAX_INPUT || !(limit >= 0)) return undefined;
  let out = new Uint8Array(exact ? limit : Math.min(limit, Math.max(1024, data.length * 4)));
  /** Room for `need` bytes in all: false when that is past the limit. */
  const grow = (need: number): boolean => {
    if (need > limit) return false;
    if (need > out.length) {
      const bigger = new Uint8Array(Math.min(limit, Math.max(need, out.length * 2)));
      bigger.set(out);
      out = bigger;
    }
    return true;
  };
  const total = data.length * 8;
  let pos = 0; // bit position in data
  let at = 0; // bytes written
  let fills = 0;
  let final: number;
  do {
    if (pos + 3 > total) return undefined;
    final = bitsAt(data, pos, 1);
    const type = bitsAt(data, pos + 1, 3);
    pos += 3;
    if (type === 0) {
      // Stored: to the byte boundary, then LEN and its complement NLEN, then LEN bytes.
      const start = ((pos + 7) >>> 3) + 4;
      if (start > data.length) return undefined;
      const len = data[start - 4]! | (data[start - 3]! << 8);
      if ((data[start - 2]! | (data[start - 1]! << 8)) !== (len ^ 0xffff)) return undefined;
      if (start + len > data.length || (at + len > out.length && !grow(at + len))) return undefined;
      out.set(data.subarray(start, start + len), at);
      at += len;
      pos = (start + len) * 8;
      continue;
    }
    let literals = FIXED_LITERALS;
    let distances = FIXED_DISTANCES;
    if (type === 2) {
      if (pos + 14 > total) return undefined;
      const literalCount = bitsAt(data, pos, 31) + 257;
      const distanceCount = bitsAt(data, pos + 5, 31) + 1;
      const lengthCount = bitsAt(data, pos + 10, 15) + 4;
      pos += 14;
      if (literalCount > 286 || distanceCount > 30) return undefined;
      const codeLengths = new Uint8Array(19);
      for (let i = 0; i < lengthCount; i++) codeLengths[CODE_LENGTH_ORDER[i]!] = bitsAt(data, pos + i * 3, 7);
      pos += lengthCount * 3;
      const lengthCode = decodeTableOf(codeLengths);
      if (!lengthCode) return undefined;
      const lengths = new Uint8Array(literalCount + distanceCount);
      for (let i = 0; i < lengths.length;) {
        const e = lengthCode.table[bitsAt(data, pos, lengthCode.mask)]!;
        if (e === 0) return undefined;
        pos += e & 15;
        const symbol = e >> 4;
        if (symbol < 16) lengths[i++] = symbol;
        else {
          let value = 0;
          let n: number;
          if (symbol === 16) {
            if (i === 0) return undefined;
            value = lengths[i - 1]!;
            n = 3 + bitsAt(data, pos, 3);
            pos += 2;
          } else if (symbol === 17) {
            n = 3 + bitsAt(data, pos, 7);
            pos += 3;
          } else {
            n = 11 + bitsAt(data, pos, 127);
            pos += 7;
          }
          if (i + n > lengths.length) return undefined;
          lengths.fill(value, i, i + n);
          i += n;
        }
        if (pos > total) return undefined;
      }
      if (lengths[256] === 0) return undefined; // no end-of-block code
      const l = decodeTableOf(lengths.subarray(0, literalCount));
      const d = decodeTableOf(lengths.subarray(literalCount));
      if (!l || !d) return undefined;
      fills += l.table.length + d.table.length;
      if (fills > FREE_TABLE_FILLS + TABLE_FILLS_PER_BYTE * (data.length + at)) return undefined;
      literals = l;
      distances = d;
    } else if (type !== 1) return undefined;
    const lt = literals.table;
    const lm = literals.mask;
    const dt = distances.table;
    const dm = distances.mask;
    for (;;) {
      const e = lt[bits17At(data, pos) & lm]!;
      if (e === 0) return undefined;
      pos += e & 15;
      if (pos > total) return undefined;
      const symbol = e >> 4;
      if (symbol < 256) {
        if (at >= out.length && !grow(at + 1)) return undefined;
        out[at++] = symbol;
      } else if (symbol === 256) break;
      else {
        const li = symbol - 257;
        if (li > 28) return undefined;
        let length = LENGTH_BASE[li]!;
        const lb = LENGTH_EXTRA[li]!;
        if (lb > 0) {
          length += bitsAt(data, pos, (1 << lb) - 1);
          pos += lb;
        }
        const de = dt[bits17At(data, pos) & dm]!;
        if (de === 0) return undefined;
        pos += de & 15;
        const di = de >> 4;
        if (di > 29) return undefined;
        let distance = DISTANCE_BASE[di]!;
        const db = DISTANCE_EXTRA[di]!;
        if (db > 0) {
          distance += bits17At(data, pos) & ((1 << db) - 1);
          pos += db;
        }
        if (pos > total || distance > at) return undefined;
        const end = at + length;
        if (end > out.length && !grow(end)) return undefined;
        for (; at < end; at++) out[at] = out[at - distance]!;
      }
    }
  } while (!final);
  if (exact) return at === limit ? out : undefined;
  return at === out.length ? out : out.slice(0, at);
}

/**
 * Unpacks raw DEFLATE data that should give exactly `size` bytes (as a ZIP entry claims): into one
 * buffer of that size, refused (undefined) at the first byte past it, when it ends short, or when
 * it is damaged.
 */
export function inflateExact(data: Uint8Array, size: number): Uint8Array | undefined {
  return inflateRaw(data, size, true);
}

/** Unpacks raw DEFLATE data to at most `limit` bytes; undefined when it is damaged or would give more. */
export function inflateWithin(data: Uint8Array, limit: number): Uint8Array | undefined {
  return inflateRaw(data, limit, false);
}
