// Why a sealed file, a sealed batch or a key backup cannot be used: a stable code and a plain
// answer in Vietnamese and English that says what to do. Shown by the collection page and the CLI.
import { fileSizeText } from '../messages.ts';
import type { Message } from '../text.ts';

/** Stable codes of every refusal of the sealed-survey capability. */
export const SEAL_ERROR_CODES = [
  'sealed-damaged',
  'sealed-newer-format',
  'sealed-no-key',
  'sealed-other-key',
  'sealed-mismatch',
  'sealed-too-large',
  'key-backup-damaged',
  'key-backup-newer',
  'key-backup-passphrase',
  'key-backup-weak',
] as const;
/** A stable code of the sealed-survey capability's refusals. */
export type SealErrorCode = (typeof SEAL_ERROR_CODES)[number];

/** A refusal: its code and the message. */
export interface SealError {
  code: SealErrorCode;
  message: Message;
}

/** Details that fill in a message. */
export interface SealErrorDetails {
  /** The key a file was sealed to. */
  sealedTo?: string;
  /** The keys this reader holds. */
  held?: readonly string[];
  /** What is wrong, for `sealed-damaged` / `sealed-mismatch`. */
  detail?: Message;
  /** A found format version. */
  found?: string;
  /** Limits. */
  size?: number;
  limit?: number;
}

/** Builds a {@link SealError}. */
export function sealError(code: SealErrorCode, d: SealErrorDetails = {}): SealError {
  const held = d.held && d.held.length > 0 ? d.held.join(', ') : undefined;
  const why = d.detail;
  const m: Record<SealErrorCode, Message> = {
    'sealed-damaged': {
      vi: `Tệp phiếu kín bị hỏng hoặc đã bị sửa${why ? ` (${why.vi})` : ''}, không mở được. Hãy nhờ bí thư chi bộ xin đảng viên gửi lại (đảng viên xuất lại từ trang phiếu).`,
      en: `The sealed file is damaged or was changed${why ? ` (${why.en})` : ''} and cannot be opened. Ask the cell secretary to have the member send it again (exported again from the form).`,
    },
    'sealed-newer-format': {
      vi: `Tệp phiếu kín được tạo bởi phiên bản mới hơn (định dạng ${d.found ?? '?'}). Hãy tải lại trang (hoặc cập nhật phieu) rồi mở lại.`,
      en: `The sealed file comes from a newer version (format ${d.found ?? '?'}). Reload the site (or update phieu) and open it again.`,
    },
    'sealed-no-key': {
      vi: `Máy này chưa có khóa của ban nào, nên không mở được phiếu kín (niêm phong cho khóa ${d.sealedTo ?? '?'}). Hãy khôi phục khóa từ tệp sao lưu khóa và mật khẩu của nó. Nếu khóa đã mất mà không có bản sao lưu thì không ai mở được các phiếu này nữa: hãy tạo khóa mới và tổ chức lấy phiếu lại.`,
      en: `This device holds no committee key, so sealed files cannot be opened (sealed to key ${d.sealedTo ?? '?'}). Restore the key from its backup file and passphrase. If the key is lost and there is no backup, nobody can open these files any more: make a new key and run the survey again.`,
    },
    'sealed-other-key': {
      vi: `Tệp được niêm phong cho khóa ${d.sealedTo ?? '?'}, không phải khóa đang có (${held ?? 'không có'}). Nếu đó là khóa cũ của ban, hãy khôi phục tệp sao lưu của khóa cũ (có thể giữ cả khóa cũ và mới); nếu không, tệp này dành cho ban khác.`,
      en: `The file was sealed to key ${d.sealedTo ?? '?'}, not to a key held here (${held ?? 'none'}). If that is an older key of your committee, restore the old key's backup (old and new keys can both be kept); otherwise the file is meant for another committee.`,
    },
    'sealed-mismatch': {
      vi: `Nội dung bên trong tệp phiếu kín không khớp với nhãn ngoài của nó${why ? ` (${why.vi})` : ''}; tệp bị bỏ qua.`,
      en: `What the sealed file holds does not match its outside label${why ? ` (${why.en})` : ''}; the file is left out.`,
    },
    'sealed-too-large': {
      vi: `Tệp quá lớn (${fileSizeText(d.size ?? 0, 'vi')}); giới hạn là ${fileSizeText(d.limit ?? 0, 'vi')}. Đây không phải tệp phiếu kín.`,
      en: `The file is too large (${fileSizeText(d.size ?? 0)}); the limit is ${fileSizeText(d.limit ?? 0)}. It is not a sealed file.`,
    },
    'key-backup-damaged': {
      vi: `Tệp sao lưu khóa bị hỏng hoặc không phải tệp sao lưu khóa của Phiếu chi bộ${why ? ` (${why.vi})` : ''}.`,
      en: `The key backup is damaged or is not a Phiếu chi bộ key backup${why ? ` (${why.en})` : ''}.`,
    },
    'key-backup-newer': {
      vi: `Tệp sao lưu khóa được tạo bởi phiên bản mới hơn (định dạng ${d.found ?? '?'}). Hãy tải lại trang hoặc cập nhật phieu.`,
      en: `The key backup comes from a newer version (format ${d.found ?? '?'}). Reload the site or update phieu.`,
    },
    'key-backup-passphrase': {
      vi: 'Sai mật khẩu của tệp sao lưu khóa (hoặc tệp đã bị sửa). Hãy nhập lại đúng mật khẩu đã đặt khi tạo khóa.',
      en: 'Wrong passphrase for the key backup (or the file was changed). Type the passphrase set when the key was made.',
    },
    'key-backup-weak': {
      vi: 'Mật khẩu quá ngắn: cần ít nhất 12 ký tự (nên dùng một câu dễ nhớ gồm vài từ).',
      en: 'The passphrase is too short: use at least 12 characters (a few words you remember work well).',
    },
  };
  return { code, message: m[code] };
}
