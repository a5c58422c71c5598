// Output conventions: data on stdout, messages on stderr, in the language asked for.
import { pickText, type Lang, type LocalText, type Message } from '../src/core/index.ts';

// Names, answers and file names come from other people's files: control characters (terminal
// escape sequences) and the marks that reorder text on screen (bidi overrides and isolates, which
// could show one file's name as another's) are shown as U+FFFD instead of reaching the terminal.
// JSON output has none to lose (JSON.stringify escapes them).
function isControl(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0x2028 ||
    code === 0x2029
  );
}

/**
 * A file name (or any text from outside) as one line of the output: its line breaks and tabs shown
 * as U+FFFD too, so a name like `a.json⏎OK  b.json` cannot print a line of its own. For paths
 * and labels, which every command prints as one field of one line.
 */
export function oneLine(text: string): string {
  return /[\t\n]/.test(text) ? text.replace(/[\t\n]/g, '\uFFFD') : text;
}

/** Text safe to print on a terminal (line breaks and tabs kept). */
export function printable(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isControl(text.charCodeAt(i))) continue;
    out += `${text.slice(start, i)}\uFFFD`;
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}

/** Writes a line of data to stdout. */
export function out(line = ''): void {
  process.stdout.write(`${printable(line)}\n`);
}

/** Writes a message line to stderr. */
export function err(line = ''): void {
  process.stderr.write(`${printable(line)}\n`);
}

/** A message in the language asked for. */
export function say(lang: Lang, m: Message | LocalText): string {
  return pickText(m, lang);
}

/** A number as people read it: at most 2 decimals, no trailing zeros. */
export function formatNumber(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '–';
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(2).replace(/\.?0+$/, '');
}

/** Pads a table: columns separated by two spaces, numbers right-aligned. */
export function formatTable(rows: string[][], rightAligned: ReadonlySet<number> = new Set()): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((row) =>
    row
      .map((c, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - [...c].length);
        return rightAligned.has(i) ? pad + c : i === row.length - 1 ? c : c + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** Peak memory so far, in MB (resident set size). */
export function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}

/** CPU time used so far (user + system), in seconds: a fairer figure than wall time on a busy machine. */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
