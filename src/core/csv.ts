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

/**
 * Neutralises text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the
 * start): names and free text come from other people's files. Plain numbers such as `-3` stay.
 */
function defuseFormula(field: string): string {
  if (/^[=+\-@\t\r]/.test(field) && !/^[+-]?\d+(\.\d+)?$/.test(field)) return `'${field}`;
  return field;
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
