// When a file was sent, read as an instant: `createdAt` is an ISO date (anonymous responses carry
// no time of day) or an ISO date-time with its offset. Compared as text, 10:00+07:00 looked later
// than 05:00+00:00 although it is two hours earlier, and any year 2099 won every comparison.
// Pure: the clock comes in as a parameter.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})$/;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The instant a `createdAt` names, in milliseconds since 1970 UTC (a date alone: its start in UTC),
 * or undefined when it is not an ISO date or date-time with an offset. Digits beyond milliseconds
 * are cut, never rounded up.
 */
export function instantOf(createdAt: string): number | undefined {
  const d = DATE.exec(createdAt);
  if (d) return Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
  const m = DATE_TIME.exec(createdAt);
  if (!m) return undefined;
  const ms = Number(((m[7] ?? '') + '000').slice(0, 3));
  const local = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? 0),
    ms,
  );
  const zone = m[8] as string;
  if (zone === 'Z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60 * 1000;
  // 10:00+07:00 is 03:00 UTC: the offset is taken away.
  return local - sign * offset;
}

/**
 * Orders two `createdAt` values by the instant they name: negative when `a` is earlier, positive
 * when later, 0 when they name the same instant. A value that cannot be read counts as the
 * earliest (it never wins over a readable one).
 */
export function compareInstants(a: string, b: string): number {
  const x = instantOf(a) ?? -Infinity;
  const y = instantOf(b) ?? -Infinity;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Whether a `createdAt` lies after tomorrow for a reader whose clock reads `now` (ms since 1970
 * UTC): its instant falls on or after the start of the day after tomorrow, in UTC. The day of
 * slack covers every time zone (UTC+14 is ahead by less than a day) and a device clock a little
 * fast; a file dated later than that was made by a wrong clock or forged to win "newest send".
 */
export function isLaterThanTomorrow(createdAt: string, now: number): boolean {
  const at = instantOf(createdAt);
  if (at === undefined || !Number.isFinite(now)) return false;
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return at >= today + 2 * DAY_MS;
}
