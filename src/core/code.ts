import { Inflate, deflateSync } from 'fflate';
import { toCanonicalJson } from './canonical-json.ts';
import { sha256Hex } from './digest.ts';
import { readError, type ReadError } from './messages.ts';

/** Every code starts with this (format 1 of the code; the bundle inside carries its own version). */
export const CODE_PREFIX = 'PCB1';
/** Largest bundle a code may unpack to: a code is for one response, never more. */
export const MAX_CODE_BYTES = 512 * 1024;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += B64[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += B64[n & 63]!;
  }
  return out;
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    let k = 0;
    for (; k < 4 && i + k < text.length; k++) {
      const v = B64_INDEX.get(text[i + k]!);
      if (v === undefined) return undefined;
      n |= v << (18 - 6 * k);
    }
    out[o++] = (n >> 16) & 255;
    if (k > 2) out[o++] = (n >> 8) & 255;
    if (k > 3) out[o++] = n & 255;
  }
  return out.subarray(0, o);
}

function checksumOf(data: string): string {
  return sha256Hex(data).slice(0, 8);
}

/**
 * Turns a file into a short text code to paste into a chat: `PCB1.<deflated, base64url>.<checksum>`.
 * The code unpacks to the canonical JSON of the same file, so it reads back identical.
 */
export function encodeBundleCode(bundle: unknown): string {
  const bytes = new TextEncoder().encode(toCanonicalJson(bundle));
  const data = toBase64Url(deflateSync(bytes, { level: 9 }));
  return `${CODE_PREFIX}.${data}.${checksumOf(data)}`;
}

function inflateLimited(bytes: Uint8Array, limit: number): Uint8Array | undefined {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    size += chunk.length;
    if (size > limit) throw new RangeError('too large');
    chunks.push(chunk);
    if (final) done = true;
  });
  try {
    inflater.push(bytes, true);
  } catch {
    return undefined;
  }
  if (!done) return undefined;
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** One code found in pasted text: the file text it unpacks to, or why it cannot be read. */
export type DecodedCode = { ok: true; code: string; text: string } | { ok: false; code: string; error: ReadError };

/** Unpacks one code (white space inside is ignored: chats wrap long lines). */
export function decodeBundleCode(code: string): DecodedCode {
  const clean = code.replace(/[\s\u200B-\u200D\uFEFF]+/g, '');
  const m = /^PCB1\.([A-Za-z0-9_-]+)\.([0-9a-f]{8})/.exec(clean);
  if (!m) return { ok: false, code: clean.slice(0, 40), error: readError('bad-code') };
  const [whole, data = '', sum] = m;
  if (checksumOf(data) !== sum) return { ok: false, code: whole, error: readError('bad-code') };
  const bytes = fromBase64Url(data);
  const inflated = bytes && inflateLimited(bytes, MAX_CODE_BYTES);
  if (!inflated) return { ok: false, code: whole, error: readError('bad-code') };
  try {
    return { ok: true, code: whole, text: new TextDecoder('utf-8', { fatal: true }).decode(inflated) };
  } catch {
    return { ok: false, code: whole, error: readError('bad-code') };
  }
}

/**
 * Finds every code in pasted text (one or many, with chat text around them) and unpacks each.
 * Text with no code at all gives one `bad-code` entry so the person is told.
 */
export function decodeBundleCodes(text: string): DecodedCode[] {
  // Chats wrap and space long lines anywhere, the prefix included: look for codes with white space gone.
  const parts = text
    .replace(/[\s\u200B-\u200D\uFEFF]+/g, '')
    .split(`${CODE_PREFIX}.`)
    .slice(1);
  if (parts.length === 0) {
    return text.trim() === '' ? [] : [{ ok: false, code: text.trim().slice(0, 40), error: readError('bad-code') }];
  }
  return parts.map((p) => decodeBundleCode(`${CODE_PREFIX}.${p}`));
}
