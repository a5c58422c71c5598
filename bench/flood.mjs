// Hostile inputs for bounded reading, written to a folder (nothing here is committed):
//   - codes-512k.txt: 11,126 pasted codes, each unpacking to the 512 KiB a code may hold (valid
//     codes, checksums right; the text inside is no file of ours), about 8 MB of text;
//   - text-33mb.txt: 33 MB of chat text with a valid code every 3 KB or so;
// What `npm run bench` feeds `phieu validate` and `phieu aggregate` (peak memory, wall time), and
// what tests/browser/collect-flood.spec.ts imports on the page. Deterministic.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { deflateSync } from 'fflate';

/** A code as the form writes it, around any bytes. */
export function codeOf(bytes) {
  const data = Buffer.from(deflateSync(bytes, { level: 9 })).toString('base64url');
  return `PCB1.${data}.${createHash('sha256').update(data).digest('hex').slice(0, 8)}`;
}

/** 11,126 codes (or `count`) each unpacking to 512 KiB. */
export function codeFloodText(count = 11_126) {
  const body = new Uint8Array(512 * 1024).fill(0x61);
  body.set(new TextEncoder().encode('{"format":"phieu-chi-bo","x":"'));
  body[body.length - 2] = 0x22;
  body[body.length - 1] = 0x7d;
  const code = codeOf(body);
  return Array.from({ length: count }, () => code).join('\n');
}

/** About `mb` MB of chat lines, with the given valid code every few lines. */
export function chatFloodText(goodCode, mb = 33) {
  const line = 'Chị ơi em gửi phiếu ạ, mạng yếu quá nên gửi lại lần nữa nhé. '.repeat(8);
  const parts = [];
  let size = 0;
  for (let i = 0; size < mb * 1024 * 1024; i++) {
    const piece = i % 6 === 5 ? `${goodCode}\n` : `${line}\n`;
    parts.push(piece);
    size += Buffer.byteLength(piece);
  }
  return parts.join('');
}

/** Writes both files into `dir`; returns their paths. */
export function writeFloods(dir, goodCode) {
  const codes = path.join(dir, 'codes-512k.txt');
  const chat = path.join(dir, 'text-33mb.txt');
  writeFileSync(codes, codeFloodText());
  writeFileSync(chat, chatFloodText(goodCode));
  return { codes, chat };
}
