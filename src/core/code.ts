import { deflateSync } from 'fflate';
import { inflateWithin } from './inflate.ts';
import { toCanonicalJson } from './canonical-json.ts';
import { decodeBase64Url, encodeBase64Url } from './base64url.ts';
import { sha256Hex } from './digest.ts';
import { readError, type ReadError } from './messages.ts';

/** Every code starts with this (format 1 of the code; the bundle inside carries its own version). */
export const CODE_PREFIX = 'PCB1';
/** Largest bundle a code may unpack to: a code is for one response, never more. */
export const MAX_CODE_BYTES = 512 * 1024;

function checksumOf(data: string): string {
  return sha256Hex(data).slice(0, 8);
}

/**
 * Turns a file into a short text code to paste into a chat: `PCB1.<deflated, base64url>.<checksum>`.
 * The code unpacks to the canonical JSON of the same file, so it reads back identical.
 */
export function encodeBundleCode(bundle: unknown): string {
  const bytes = new TextEncoder().encode(toCanonicalJson(bundle));
  const data = encodeBase64Url(deflateSync(bytes, { level: 9 }));
  return `${CODE_PREFIX}.${data}.${checksumOf(data)}`;
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
  const bytes = decodeBase64Url(data);
  const inflated = bytes && inflateWithin(bytes, MAX_CODE_BYTES);
  if (!inflated) return { ok: false, code: whole, error: readError('bad-code') };
  try {
    return { ok: true, code: whole, text: new TextDecoder('utf-8', { fatal: true }).decode(inflated) };
  } catch {
    return { ok: false, code: whole, error: readError('bad-code') };
  }
}

/** Most codes read from one text (a file or a paste): a cell's codes number tens, a province's tens of thousands of files travel as ZIPs. A local bound. */
export const MAX_CODES_PER_TEXT = 20_000;
/** Most bytes the codes of one text may unpack to, together (20,000 codes of 3 KB are 60 MB). A local bound. */
export const MAX_UNPACKED_PER_TEXT = 256 * 1024 * 1024;

/** Most codes one batch (a run of the CLI, an import on the page) reads from all its texts. A local bound. */
export const MAX_CODES_PER_BATCH = 200_000;
/** Most bytes the codes of one batch may unpack to, together. A local bound. */
export const MAX_UNPACKED_PER_BATCH = 2 * 1024 * 1024 * 1024;

/**
 * What a batch (one import on the page, one run of the CLI) may still read from codes: it is
 * shared by every text of the batch and spent as codes are unpacked.
 */
export interface CodeBudget {
  codes: number;
  bytes: number;
}

/** A budget of `codes` codes and `bytes` unpacked bytes (by default, a batch's caps). */
export function createCodeBudget(codes = MAX_CODES_PER_BATCH, bytes = MAX_UNPACKED_PER_BATCH): CodeBudget {
  return { codes, bytes };
}

/** The code of a text past its caps: how many codes were left unread, and why. */
export interface CodesCut {
  ok: false;
  code: '';
  error: ReadError;
  /** Codes found but not read. */
  unread: number;
}

/** White space a chat may put inside a code: what `\s` matches, and zero-width spaces and joiners. */
function isGap(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200d) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Whether a character may be part of a code's data (base64url). */
function isCodeChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
}

const PREFIX = `${CODE_PREFIX}.`;

/**
 * The codes in pasted text, one at a time, white space inside them (chats wrap lines anywhere,
 * the prefix included) left out: each is `PCB1.` + its data + `.` + the 8 characters after, or
 * what was found of it. One pass over the text, no copy of it: a 30 MB paste holds 30 MB.
 */
function* codeStringsIn(text: string): Generator<string, void, undefined> {
  let matched = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isGap(c)) continue;
    if (c === PREFIX.charCodeAt(matched)) matched += 1;
    else matched = c === PREFIX.charCodeAt(0) ? 1 : 0;
    if (matched < PREFIX.length) continue;
    matched = 0;
    // The data, then a dot and the checksum (8 characters, checked by the decoder).
    let code = PREFIX;
    let j = i + 1;
    for (; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (isGap(d)) continue;
      if (!isCodeChar(d)) break;
      // The next code's prefix: this one was cut short (its dot and checksum lost in a copy). Taken
      // as data, it would make one bad code of the two; the data ends here and the next is read.
      if (d === 80 && text.startsWith(PREFIX, j)) break;
      code += text[j];
    }
    if (j < text.length && text.charCodeAt(j) === 46) {
      code += '.';
      let sum = 0;
      for (j += 1; j < text.length && sum < 8; j++) {
        const d = text.charCodeAt(j);
        if (isGap(d)) continue;
        if (d === 80 && text.startsWith(PREFIX, j)) break; // a checksum cut short, as above
        code += text[j];
        sum += 1;
      }
    }
    yield code;
    // Go on from the first character not taken (it may start the next code).
    i = j - 1;
  }
}

/** Whether a text holds anything that starts like a code (`PCB1.`, white space inside allowed). */
export function containsCode(text: string): boolean {
  return !codeStringsIn(text).next().done;
}

/**
 * Finds the codes in pasted text and unpacks them one at a time, as they are asked for: memory
 * holds one unpacked code, never all of them. At most {@link MAX_CODES_PER_TEXT} codes and
 * {@link MAX_UNPACKED_PER_TEXT} unpacked bytes are read from one text (and no more than what
 * `budget`, shared by a batch, has left); the codes past a cap give one last entry saying how many
 * were not read and why. Text with no code at all gives one `bad-code` entry.
 */
export function* scanBundleCodes(
  text: string,
  budget?: CodeBudget,
): Generator<DecodedCode | CodesCut, void, undefined> {
  const found = codeStringsIn(text);
  let next = found.next();
  if (next.done) {
    if (text.trim() !== '') yield { ok: false, code: text.trim().slice(0, 40), error: readError('bad-code') };
    return;
  }
  let codes = 0;
  let bytes = 0;
  for (; !next.done; next = found.next()) {
    const over =
      codes >= MAX_CODES_PER_TEXT ||
      bytes >= MAX_UNPACKED_PER_TEXT ||
      (budget !== undefined && (budget.codes <= 0 || budget.bytes <= 0));
    if (over) {
      // The codes left are counted (not unpacked) so the person knows how many were not read.
      let unread = 1;
      while (!found.next().done) unread += 1;
      const error = readError('too-many-codes', {
        detail: {
          vi: `${unread} mã sau cùng không được đọc; mỗi lần đọc tối đa ${MAX_CODES_PER_TEXT} mã và ${MAX_UNPACKED_PER_TEXT / 1024 / 1024} MB sau khi giải nén`,
          en: `the last ${unread} codes were not read; at most ${MAX_CODES_PER_TEXT} codes and ${MAX_UNPACKED_PER_TEXT / 1024 / 1024} MB unpacked are read at a time`,
        },
      });
      yield { ok: false, code: '', error, unread };
      return;
    }
    const decoded = decodeBundleCode(next.value);
    const size = decoded.ok ? decoded.text.length : 0;
    codes += 1;
    bytes += size;
    if (budget) {
      budget.codes -= 1;
      budget.bytes -= size;
    }
    yield decoded;
  }
}

/**
 * Finds every code in pasted text (one or many, with chat text around them) and unpacks each,
 * within the caps of {@link scanBundleCodes}. Text with no code at all gives one `bad-code` entry
 * so the person is told.
 */
export function decodeBundleCodes(text: string, budget?: CodeBudget): (DecodedCode | CodesCut)[] {
  return [...scanBundleCodes(text, budget)];
}
