/** Options of {@link toCsv}. */
export interface CsvOptions {
  /**
   * Start with a UTF-8 byte order mark, so spreadsheet programs (Excel) read Vietnamese letters
   * correctly instead of guessing a legacy code page. Default true.
   */
  bom?: boolean;
  /** Field separator. Default `,`. */
  separator?: string;
}

/** Characters that make a field need quotes (RFC 4180, plus a leading or trailing space). */
function needsQuotes(field: string, separator: string): boolean {
  return field.includes(separator) || /["\r\n]/.test(field) || /^\s|\s$/.test(field);
}

/** Characters a spreadsheet may skip before it reads a formula: spaces of any kind, invisible ones. */
const LEADING_BLANKS = /^[\s\p{Z}\p{Cf}]+/u;
/**
 * Values made only of ASCII letters, digits, `_`, `.` and `-` (response ids, cell codes like
 * `-a1B2c3d`): with no bracket, quote, `!` or `|`, a spreadsheet can call no function and open no
 * link or program from them, so they are left exactly as they are.
 */
const INERT = /^[A-Za-z0-9_.-]*$/;

/**
 * Neutralises text a spreadsheet would run as a formula: names and free text come from other
 * people's files. A field is defused (prefixed with `'`) when it starts with `=`, `+`, `-`, `@`,
 * tab or CR, also behind leading spaces (a space, a no-break space, an ideographic space…) and in
 * their full-width and small forms (`＝`, `﹢`, `－`, `＠`: NFKC). Left as they are: plain numbers
 * (`-3`, `+4.5`), which the CSV writes as numbers, and inert tokens such as response ids.
 */
function defuseFormula(field: string): string {
  const start = field.replace(LEADING_BLANKS, '').normalize('NFKC');
  const risky = /^[=+\-@\t\r]/.test(field) || /^[=+\-@]/.test(start);
  if (!risky) return field;
  if (/^[+-]?\d+(\.\d+)?$/.test(field) || INERT.test(field)) return field;
  return `'${field}`;
}

/** One field, quoted when needed (quotes inside are doubled). */
export function csvField(value: string, separator = ','): string {
  const field = defuseFormula(value);
  return needsQuotes(field, separator) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * Rows as CSV text (RFC 4180): fields quoted when they hold the separator, a quote, a line break
 * or edge spaces; lines end with CRLF (the last one too); a BOM first unless `bom: false`.
 * Fields that would start a spreadsheet formula are prefixed with `'`.
 */
export function toCsv(rows: readonly (readonly string[])[], options: CsvOptions = {}): string {
  const separator = options.separator ?? ',';
  const body = rows.map((row) => `${row.map((f) => csvField(f, separator)).join(separator)}\r\n`).join('');
  return (options.bom ?? true) ? `\uFEFF${body}` : body;
}
