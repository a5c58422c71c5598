// Reads a ZIP archive entry by entry, within fixed bounds: the central directory is listed first
// (every entry, duplicates included: a record keyed by name kept 1 or 2 of 5 entries named alike),
// then each entry is unpacked only when asked, to at most the size it claims and never more than
// the caller's limit. Nothing here trusts the archive: every offset and size is checked against
// the bytes, a deflate stream that outgrows its claimed size is damaged, ZIP64 and encryption
// are refused by name. Pure: bytes in, bytes or a reason out.
import { inflateExact } from './inflate.ts';

/** One entry of the central directory, in archive order. */
export interface ZipEntry {
  /** Position in the central directory (0-based): parts of a shared archive split by it. */
  index: number;
  /** The entry's path inside the archive. */
  name: string;
  /** 0 stored, 8 deflated; anything else cannot be read. */
  method: number;
  compressedSize: number;
  /** Unpacked size, as the archive claims it. */
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
  encrypted: boolean;
}

/** The listing of an archive, or why it cannot be listed. */
export type ZipListing =
  | { ok: true; entries: ZipEntry[]; /** Entries beyond `maxEntries`, not listed. */ beyond: number }
  | { ok: false; reason: 'damaged' | 'zip64' };

/** Why one entry cannot be unpacked. */
export type ZipEntryProblem = 'too-large' | 'damaged' | 'encrypted' | 'method';

const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number): number =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 2 ** 24;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const utf8 = new TextDecoder('utf-8');

/** Whether bytes start like a ZIP archive (a local header). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && u32(bytes, 0) === LOCAL;
}

/** Lists the entries of an archive from its central directory: at most `maxEntries` of them. */
export function listZip(bytes: Uint8Array, maxEntries: number): ZipListing {
  // The end record is in the last 22 + 65,535 bytes (its comment is at most 65,535 bytes long).
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--)
    if (u32(bytes, at) === EOCD && at + 22 + u16(bytes, at + 20) <= bytes.length) {
      end = at;
      break;
    }
  if (end < 0) return { ok: false, reason: 'damaged' };
  const count = u16(bytes, end + 10);
  const size = u32(bytes, end + 12);
  const start = u32(bytes, end + 16);
  if (count === 0xffff || size === 0xffffffff || start === 0xffffffff) return { ok: false, reason: 'zip64' };
  if (start + size > end) return { ok: false, reason: 'damaged' };
  const entries: ZipEntry[] = [];
  let at = start;
  for (let index = 0; index < count; index++) {
    if (at + 46 > start + size || u32(bytes, at) !== CENTRAL) return { ok: false, reason: 'damaged' };
    const nameLength = u16(bytes, at + 28);
    const next = at + 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
    if (next > start + size) return { ok: false, reason: 'damaged' };
    if (index < maxEntries) {
      const compressedSize = u32(bytes, at + 20);
      const sizeOf = u32(bytes, at + 24);
      const offset = u32(bytes, at + 42);
      if (compressedSize === 0xffffffff || sizeOf === 0xffffffff || offset === 0xffffffff)
        return { ok: false, reason: 'zip64' };
      entries.push({
        index,
        name: utf8.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
        method: u16(bytes, at + 10),
        compressedSize,
        size: sizeOf,
        offset,
        encrypted: (u16(bytes, at + 8) & 1) === 1,
      });
    }
    at = next;
  }
  return { ok: true, entries, beyond: Math.max(0, count - maxEntries) };
}

/**
 * Unpacks one entry: refused by its claimed size before any work when that is over `limit`, and
 * damaged when its data lies outside the archive or unpacks to other than it claims.
 */
export function readZipEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  limit: number,
): { ok: true; bytes: Uint8Array } | { ok: false; problem: ZipEntryProblem } {
  if (entry.encrypted) return { ok: false, problem: 'encrypted' };
  if (entry.method !== 0 && entry.method !== 8) return { ok: false, problem: 'method' };
  if (entry.size > limit) return { ok: false, problem: 'too-large' };
  const at = entry.offset;
  if (at + 30 > bytes.length || u32(bytes, at) !== LOCAL) return { ok: false, problem: 'damaged' };
  const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) return { ok: false, problem: 'damaged' };
  const data = bytes.subarray(start, end);
  if (entry.method === 0)
    return data.length === entry.size ? { ok: true, bytes: data } : { ok: false, problem: 'damaged' };
  // How an entry is inflated. Issue 12 pushed each entry whole into a streaming fflate Inflate:
  // 32–160 KiB of buffers an entry, ~70 µs of the worker's ~130 µs an entry (and its garbage), 3×
  // the page's import of 46k files; and a bomb entry claiming 100 bytes was inflated whole, to
  // 1 GB, before its size was seen. Weighed (Node, the bench's entries, µs an entry):
  // - fflate's inflateSync into a buffer of size + 1 (~14): memory bounded, but it decodes on past
  //   the buffer (dropping the bytes), so its time follows the stream (1,032 bytes a byte in), not
  //   the claim; and it builds a table for any code set, an over-filled one at 2^14 writes a symbol.
  // - the streaming Inflate fed 1 KiB or 256 B at a time (36–60, 60–110): it stops within a push
  //   of the claim, but every push copies its 32 KiB window.
  // - pako 2.2 (zlib's inflate ported; 24–40 in the same run, 2026-12-03): bounded as zlib is (it
  //   stops when the output buffer of size + 1 is full), but its ESM build does not tree-shake to
  //   inflate alone: +13.7 KiB of brotli on the collection page (paste codes) and the worker.
  // - core's own decoder (inflate.ts, fflate's loop with the bounds; ~11): one buffer of exactly
  //   the claimed size, stopped at the first byte past it; every code set checked; table building
  //   budgeted by the bytes in and out. Memory is the claim, time linear in the bytes.
  // Its input is bounded by the claim too: no encoder writes more than 9 bits a byte (fixed codes)
  // or 5 bytes a 65,535-byte stored block, so compressed data past 1.25 × size + 1 KiB is damaged
  // (else entries pointing at one long stream that unpacks to nothing would each read it whole).
  if (entry.compressedSize > entry.size + entry.size / 4 + 1024) return { ok: false, problem: 'damaged' };
  const out = inflateExact(data, entry.size);
  return out ? { ok: true, bytes: out } : { ok: false, problem: 'damaged' };
}
