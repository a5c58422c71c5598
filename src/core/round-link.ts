// Round links: the address the secretary hands out for one round (instrument, period, cell), so
// members open the form with all three filled in and locked. The round rides in the fragment
// (`#v=1&cell=…`), which browsers never send and static hosts therefore never log:
//
//   <base>phieu/<instrument-id>/#v=1&cell=CB-0001&period=2026-Q4[&name=Chi bộ 1][&pk=<base64url>]
//
// `pk` is the committee's public key (raw uncompressed P-256, 65 bytes) when the round's survey
// answers are to be sealed; this module only carries it and checks its shape. No zod: the form
// page reads a link in its first task.
import { ID_PATTERN, isCellCode, isPeriod, normalizeCellCode } from './patterns.ts';
import type { Message } from './text.ts';
import { decodeBase64Url, encodeBase64Url } from './base64url.ts';

/** The link format this app writes; a link with a higher `v` is refused in plain words. */
export const ROUND_LINK_VERSION = 1;
/** Longest fragment read (a key and a long cell name fit in a few hundred characters). */
export const MAX_ROUND_FRAGMENT = 2048;
/** Longest cell name carried. */
export const MAX_ROUND_NAME = 200;
/** Bytes of a raw uncompressed P-256 public key (0x04, x, y). */
export const ROUND_KEY_BYTES = 65;

/** One round, as a link carries it. */
export interface Round {
  /** The link format's version. */
  v: number;
  /** The cell code, normalised ({@link normalizeCellCode}). */
  cell: string;
  /** The period (`2026-Q4`, `2026-11`, `2026`). */
  period: string;
  /** The cell's name, to show on the form. */
  cellName?: string;
  /** The committee's public key, raw uncompressed P-256 (65 bytes). */
  publicKey?: Uint8Array;
}

/** Why a link cannot be used. */
export type RoundLinkErrorCode = 'not-round' | 'too-long' | 'newer' | 'cell' | 'period' | 'name' | 'key';

/** A link read, or the reason it cannot be used. */
export type RoundLinkResult =
  { ok: true; round: Round } | { ok: false; error: { code: RoundLinkErrorCode; message: Message } };

const MESSAGES: Record<RoundLinkErrorCode, Message> = {
  'not-round': {
    vi: 'Địa chỉ này không phải liên kết đợt lấy phiếu. Hãy mở đúng liên kết bí thư gửi.',
    en: 'This address is not a round link. Open the link the secretary sent.',
  },
  'too-long': {
    vi: 'Liên kết đợt lấy phiếu quá dài, có thể đã bị sửa. Hãy xin bí thư gửi lại.',
    en: 'The round link is too long and may have been altered. Ask the secretary to send it again.',
  },
  newer: {
    vi: 'Liên kết được tạo bằng phiên bản mới hơn của ứng dụng. Hãy tải lại trang (có mạng) rồi mở lại liên kết.',
    en: 'The link was made by a newer version of the app. Reload the page (online), then open the link again.',
  },
  cell: {
    vi: 'Mã chi bộ trong liên kết không hợp lệ. Hãy xin bí thư gửi lại liên kết.',
    en: 'The cell code in the link is not valid. Ask the secretary to send the link again.',
  },
  period: {
    vi: 'Kỳ trong liên kết không hợp lệ (ví dụ đúng: 2026-Q4). Hãy xin bí thư gửi lại liên kết.',
    en: 'The period in the link is not valid (e.g. 2026-Q4). Ask the secretary to send the link again.',
  },
  name: {
    vi: 'Tên chi bộ trong liên kết không hợp lệ. Hãy xin bí thư gửi lại liên kết.',
    en: 'The cell name in the link is not valid. Ask the secretary to send the link again.',
  },
  key: {
    vi: 'Khóa mã hóa trong liên kết bị hỏng, nên phiếu không thể niêm phong. Hãy xin bí thư gửi lại liên kết.',
    en: 'The encryption key in the link is damaged, so answers cannot be sealed. Ask the secretary to send the link again.',
  },
};

/** The message of a refusal, in both languages (for a check made after reading, e.g. the instrument's periods). */
export function roundLinkMessage(code: RoundLinkErrorCode): Message {
  return MESSAGES[code];
}

function fail(code: RoundLinkErrorCode): RoundLinkResult {
  return { ok: false, error: { code, message: MESSAGES[code] } };
}

/** Whether bytes have the shape of a raw uncompressed P-256 public key (the curve check is HPKE's). */
export function isRawP256Key(bytes: Uint8Array): boolean {
  return bytes.length === ROUND_KEY_BYTES && bytes[0] === 0x04;
}

/** A cell name as carried: control and invisible characters dropped, spaces made one, trimmed. */
function cleanName(text: string): string {
  return text
    .replace(/\s+/gu, ' ')
    .replace(/[\p{Cc}\p{Default_Ignorable_Code_Point}\p{Cf}]/gu, '')
    .trim()
    .normalize('NFC');
}

/**
 * The round link for a round: `<base>phieu/<instrument-id>/#v=1&cell=…&period=…[&name=…][&pk=…]`.
 * `base` is the site's address ending in `/` (e.g. `https://example.org/` or `…/en/`). The cell is
 * written normalised. Throws on a round it could not read back (a programming error, not input).
 */
export function writeRoundLink(base: string, instrumentId: string, round: Omit<Round, 'v'> & { v?: number }): string {
  if (!ID_PATTERN.test(instrumentId)) throw new Error(`bad instrument id: ${instrumentId}`);
  const params: [string, string][] = [
    ['v', String(ROUND_LINK_VERSION)],
    ['cell', normalizeCellCode(round.cell)],
    ['period', round.period],
  ];
  const name = round.cellName ? cleanName(round.cellName) : '';
  if (name) params.push(['name', name]);
  if (round.publicKey) params.push(['pk', encodeBase64Url(round.publicKey)]);
  const fragment = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  const check = readRoundLink(fragment);
  if (!check.ok) throw new Error(`round link would not read back: ${check.error.code}`);
  return `${base.endsWith('/') ? base : `${base}/`}phieu/${instrumentId}/#${fragment}`;
}

/**
 * `a=1&b=2` as URLSearchParams reads it (`+` is a space, percent escapes decoded), without
 * needing the DOM's URL types in core; undefined when an escape is broken.
 */
function parseParams(text: string): Map<string, string[]> | undefined {
  const out = new Map<string, string[]>();
  if (text === '') return out;
  try {
    for (const pair of text.split('&')) {
      if (pair === '') continue;
      const at = pair.indexOf('=');
      const decode = (t: string): string => decodeURIComponent(t.replace(/\+/g, ' '));
      const k = decode(at < 0 ? pair : pair.slice(0, at));
      const v = at < 0 ? '' : decode(pair.slice(at + 1));
      out.set(k, [...(out.get(k) ?? []), v]);
    }
  } catch {
    return undefined;
  }
  return out;
}

/** Whether a fragment (with or without `#`) looks like a round link at all (has `v=`). */
export function isRoundFragment(fragment: string): boolean {
  return /(^#?|&)v=/.test(fragment);
}

/**
 * Reads a round from a link's fragment (`location.hash`, with or without `#`), within fixed
 * bounds: each parameter once, version known, cell code valid once normalised, period valid,
 * name short and printable, key a raw P-256 point. Never throws.
 */
export function readRoundLink(fragment: string): RoundLinkResult {
  const raw = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (raw.length > MAX_ROUND_FRAGMENT) return fail('too-long');
  const params = parseParams(raw);
  if (!params) return fail('not-round');
  /** A parameter's value; null when it comes more than once (which one would count?). */
  const one = (k: string): string | undefined | null => {
    const all = params.get(k);
    return all && all.length > 1 ? null : all?.[0];
  };
  const v = one('v');
  if (v === undefined || v === null || !/^[1-9][0-9]{0,3}$/.test(v)) return fail('not-round');
  if (Number(v) > ROUND_LINK_VERSION) return fail('newer');
  const cellText = one('cell');
  if (typeof cellText !== 'string') return fail('cell');
  const cell = normalizeCellCode(cellText);
  if (!isCellCode(cell)) return fail('cell');
  const period = one('period');
  if (typeof period !== 'string' || !isPeriod(period)) return fail('period');
  const round: Round = { v: Number(v), cell, period };
  const nameText = one('name');
  if (nameText === null) return fail('name');
  if (nameText !== undefined) {
    const name = cleanName(nameText);
    if (name.length > MAX_ROUND_NAME) return fail('name');
    if (name) round.cellName = name;
  }
  const pk = one('pk');
  if (pk === null) return fail('key');
  if (pk !== undefined) {
    const key = decodeBase64Url(pk.replace(/=+$/, ''));
    if (!key || !isRawP256Key(key)) return fail('key');
    round.publicKey = key;
  }
  return { ok: true, round };
}
