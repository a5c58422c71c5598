import type { Message } from './text.ts';

/** Stable codes of the reasons a file or code cannot be read, every one of them. */
export const READ_ERROR_CODES = [
  'empty',
  'too-large',
  'not-text',
  'not-json',
  'not-bundle',
  'newer-format',
  'schema',
  'digest-mismatch',
  'unknown-instrument',
  'unknown-instrument-version',
  'answers-invalid',
  'inconsistent',
  'bad-code',
  'unreadable',
  'future-time',
  'report-invalid',
  'too-many-codes',
] as const;
/** A stable code of a reason a file or code cannot be read. */
export type ReadErrorCode = (typeof READ_ERROR_CODES)[number];

/** Why a file or code could not be read: a stable code, a message in both languages, and where. */
export interface ReadError {
  code: ReadErrorCode;
  message: Message;
  /** The JSON path of the offending field, when there is one (e.g. `payload.response.answers.q1`). */
  path?: string;
}

/** A size as people read it, with the decimal comma in Vietnamese (40,0 MB). */
export function fileSizeText(n: number, lang: 'vi' | 'en' = 'en'): string {
  const mb = (n / 1024 / 1024).toFixed(1);
  return n >= 1024 * 1024 ? `${lang === 'vi' ? mb.replace('.', ',') : mb} MB` : `${Math.ceil(n / 1024)} KB`;
}

/** A detail as the end of a sentence: one full stop, whether or not it had one. */
function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/** Builds a {@link ReadError} with its message. Details fill in the message where it needs them. */
export function readError(
  code: ReadErrorCode,
  details: { path?: string; limit?: number; size?: number; found?: string; detail?: Message } = {},
): ReadError {
  const path = details.path;
  const at = path ? ` (${path})` : '';
  const d = details.detail;
  const m: Record<ReadErrorCode, Message> = {
    empty: {
      vi: 'Tệp trống, không có nội dung. Hãy xin người gửi xuất lại tệp.',
      en: 'The file is empty. Ask the sender to export it again.',
    },
    'too-large': {
      vi: `Tệp quá lớn (${fileSizeText(details.size ?? 0, 'vi')}); giới hạn là ${fileSizeText(details.limit ?? 0, 'vi')}. Đây không phải tệp phiếu.`,
      en: `The file is too large (${fileSizeText(details.size ?? 0)}); the limit is ${fileSizeText(details.limit ?? 0)}. It is not a response file.`,
    },
    'not-text': {
      vi: 'Tệp không phải văn bản (có thể là ảnh, tài liệu hoặc tệp nén). Hãy gửi đúng tệp .json xuất từ trang phiếu.',
      en: 'The file is not text (perhaps a picture, document or archive). Send the .json file exported from the form.',
    },
    'not-json': {
      vi: 'Tệp bị hỏng hoặc bị cắt dở (không đọc được dữ liệu). Hãy xin người gửi xuất và gửi lại.',
      en: 'The file is damaged or cut short (its data cannot be read). Ask the sender to export and send it again.',
    },
    'not-bundle': {
      vi: 'Đây không phải tệp phiếu của Phiếu chi bộ.',
      en: 'This is not a Phiếu chi bộ file.',
    },
    'newer-format': {
      vi: `Tệp được tạo bởi phiên bản mới hơn (định dạng ${details.found ?? '?'}). Hãy tải lại trang để cập nhật rồi nhập lại.`,
      en: `The file comes from a newer version (format ${details.found ?? '?'}). Reload the site to update, then import again.`,
    },
    schema: {
      vi: `Tệp có dữ liệu không hợp lệ${at}${d ? `: ${sentence(d.vi)}` : '.'} Hãy xin người gửi xuất lại từ trang phiếu.`,
      en: `The file has invalid data${at}${d ? `: ${sentence(d.en)}` : '.'} Ask the sender to export it again from the form.`,
    },
    'digest-mismatch': {
      vi: 'Tệp đã bị sửa hoặc hư hỏng sau khi xuất (mã kiểm tra không khớp). Hãy xin người gửi xuất lại.',
      en: 'The file was edited or damaged after export (its checksum does not match). Ask the sender to export it again.',
    },
    'unknown-instrument': {
      vi: `Trang này không có mẫu phiếu "${details.found ?? '?'}". Có thể tệp thuộc ứng dụng khác hoặc phiên bản mới hơn.`,
      en: `This site has no instrument "${details.found ?? '?'}". The file may belong to another app or a newer version.`,
    },
    'unknown-instrument-version': {
      vi: `Tệp dùng phiên bản mẫu phiếu ${details.found ?? '?'}, trang này không có. Hãy tải lại trang để cập nhật.`,
      en: `The file uses instrument version ${details.found ?? '?'}, which this site does not have. Reload the site to update.`,
    },
    'answers-invalid': {
      vi: `Câu trả lời không khớp với mẫu phiếu${at}${d ? `: ${sentence(d.vi)}` : '.'} Hãy xin người gửi xuất lại.`,
      en: `The answers do not fit the instrument${at}${d ? `: ${sentence(d.en)}` : '.'} Ask the sender to export it again.`,
    },
    inconsistent: {
      vi: `Thông tin trong tệp mâu thuẫn nhau${at}. Hãy xin người gửi xuất lại.`,
      en: `The file contradicts itself${at}. Ask the sender to export it again.`,
    },
    'bad-code': {
      vi: 'Mã dán vào bị thiếu hoặc sai ký tự (có thể bị cắt khi sao chép). Hãy sao chép lại toàn bộ mã.',
      en: 'The pasted code is incomplete or has wrong characters (perhaps cut when copied). Copy the whole code again.',
    },
    unreadable: {
      vi: 'Không đọc được tệp này. Hãy xin người gửi xuất lại.',
      en: 'This file cannot be read. Ask the sender to export it again.',
    },
    'future-time': {
      vi: `Tệp ghi thời điểm tạo ${details.found ?? '?'}, muộn hơn ngày mai: đồng hồ máy người gửi bị sai hoặc tệp đã bị sửa. Hãy nhờ người gửi chỉnh ngày giờ trên máy rồi xuất lại.`,
      en: `The file says it was made at ${details.found ?? '?'}, later than tomorrow: the sender's clock is wrong or the file was edited. Ask the sender to set the device's date and export again.`,
    },
    'report-invalid': {
      vi: `Báo cáo có số liệu không khớp nhau${at}${d ? `: ${sentence(d.vi)}` : '.'} Không gộp báo cáo này; hãy xin đơn vị gửi xuất lại.`,
      en: `The report's figures do not agree${at}${d ? `: ${sentence(d.en)}` : '.'} It is not merged; ask the unit to export it again.`,
    },
    'too-many-codes': {
      vi: `Quá nhiều mã hoặc dữ liệu trong một lần nhập${d ? ` (${d.vi})` : ''}. Phần còn lại không được đọc; hãy chia thành nhiều tệp nhỏ hơn.`,
      en: `Too many codes or too much data in one import${d ? ` (${d.en})` : ''}. The rest is not read; split it into smaller files.`,
    },
  };
  return path === undefined ? { code, message: m[code] } : { code, message: m[code], path };
}
