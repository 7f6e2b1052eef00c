/**
 * Calendar helpers. Europe/Brussels is the business time zone: a "date" is a Brussels calendar
 * day written YYYY-MM-DD, an "instant" is a `Date`. Calendar arithmetic on dates is done in UTC
 * (a date has no time zone of its own); only the conversions between dates and instants look at
 * Brussels' offset. Light on purpose (Intl only): the web's first page may import it.
 */

/** A Brussels calendar day, YYYY-MM-DD. */
export type IsoDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const TIME_ZONE = 'Europe/Brussels';

// Formatters are immutable: sharing them is sharing a constant, not state.
const BRUSSELS_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const BRUSSELS_WALL = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

const DAY_MS = 86_400_000;

function assertValidInstant(at: Date): void {
  if (Number.isNaN(at.getTime())) throw new RangeError('Invalid time value');
}

/** The date in Brussels at `at`. */
export function brusselsDate(at: Date): IsoDate {
  return BRUSSELS_DATE.format(at);
}

/** Brussels wall-clock fields of an instant. */
export interface BrusselsWallTime {
  date: IsoDate;
  hour: number;
  minute: number;
  second: number;
}

/** The Brussels wall-clock time at `at`. */
export function brusselsWallTime(at: Date): BrusselsWallTime {
  assertValidInstant(at);
  const p: Record<string, string> = {};
  for (const part of BRUSSELS_WALL.formatToParts(at)) p[part.type] = part.value;
  return { date: `${p.year!.padStart(4, '0')}-${p.month}-${p.day}`, hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second) };
}

/** An instant as Brussels wall-clock time, 'YYYY-MM-DD HH:mm:ss' (what a spreadsheet reader expects). */
export function brusselsDateTime(at: Date): string {
  const w = brusselsWallTime(at);
  return `${w.date} ${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}`;
}

/** Brussels' offset from UTC at `at`, in milliseconds (+1 h in winter, +2 h in summer). */
export function brusselsOffsetMs(at: Date): number {
  const w = brusselsWallTime(at);
  const wallAsUtc = toUtcMs(w.date) + ((w.hour * 60 + w.minute) * 60 + w.second) * 1000;
  return wallAsUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant at which the Brussels wall clock shows `time` (HH:mm or HH:mm:ss, default 00:00)
 * on `date`. Like Temporal's "compatible" disambiguation, a time skipped when the clocks go
 * forward is read with the offset before the gap (02:30 on the last Sunday of March → 03:30
 * CEST) and a time that occurs twice when the clocks go back is its first occurrence (CEST).
 */
export function brusselsInstant(date: IsoDate, time = '00:00'): Date {
  const wall = toUtcMs(date) + parseTime(time);
  // The offset is +1 h or +2 h: try the summer offset first so that a repeated hour resolves
  // to its first occurrence, then the winter one.
  for (const offset of [2 * 3_600_000, 3_600_000]) {
    const at = new Date(wall - offset);
    if (brusselsOffsetMs(at) === offset) return at;
  }
  // In the spring gap neither offset reproduces the wall time: read it with the winter offset.
  return new Date(wall - 3_600_000);
}

/** The instant a Brussels calendar day begins (00:00 Brussels). */
export function brusselsStartOfDay(date: IsoDate): Date {
  // Brussels changes its clocks at 02:00 and 03:00, so midnight exists exactly once: it is the
  // summer reading when that instant still falls on `date`, else the winter one. Two plain
  // date formats instead of brusselsInstant's wall-clock parts: lists compute this per row.
  const summer = new Date(toUtcMs(date) - 2 * 3_600_000);
  return brusselsDate(summer) === date ? summer : new Date(summer.getTime() + 3_600_000);
}

/** The first instant after the Brussels day `date`, i.e. 00:00 of the next day: an exclusive end. */
export function brusselsEndOfDay(date: IsoDate): Date {
  return brusselsStartOfDay(addDays(date, 1));
}

/** The last Brussels day that an exclusive end instant still covers (ends at 00:00 on the 11th → the 10th). */
export function lastBrusselsDay(endExclusive: Date): IsoDate {
  return brusselsDate(new Date(endExclusive.getTime() - 1));
}

/** Whether `value` is a real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(value: string): value is IsoDate {
  return parseIsoDate(value) !== undefined;
}

/** [year, month (1–12), day] of a real calendar day written YYYY-MM-DD, else undefined. */
function parseIsoDate(value: string): [number, number, number] | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const back = new Date(utcMs(y, mo - 1, d));
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? [y, mo, d] : undefined;
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  assertInteger(days, 'days');
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/**
 * `date` plus `months` calendar months (negative goes back); a day that the target month lacks
 * becomes that month's last day (2026-03-31 − 1 month = 2026-02-28).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  assertInteger(months, 'months');
  const [y, m, d] = splitDate(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const lastDay = utcMs(year, month + 1, 0);
  return fromUtcMs(utcMs(year, month, Math.min(d, new Date(lastDay).getUTCDate())));
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** The ISO weekday of a date (1 = Monday … 7 = Sunday). */
export function isoWeekday(date: IsoDate): IsoWeekday {
  const sunday0 = new Date(toUtcMs(date)).getUTCDay();
  return (sunday0 === 0 ? 7 : sunday0) as IsoWeekday;
}

function splitDate(date: IsoDate): [number, number, number] {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return parts;
}

function toUtcMs(date: IsoDate): number {
  const [y, m, d] = splitDate(date);
  return utcMs(y, m - 1, d);
}

/** Midnight UTC of a (year, zero-based month, day) that may overflow; unlike Date.UTC, years 0–99 stay themselves. */
function utcMs(year: number, month0: number, day: number): number {
  const at = new Date(0);
  at.setUTCFullYear(year, month0, day);
  return at.getTime();
}

function fromUtcMs(ms: number): IsoDate {
  const at = new Date(ms);
  const y = at.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError('Date out of range (years 0000–9999)');
  return `${String(y).padStart(4, '0')}-${pad2(at.getUTCMonth() + 1)}-${pad2(at.getUTCDate())}`;
}

function parseTime(time: string): number {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  const [h, mi, s] = m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [NaN, NaN, NaN];
  if (!(h <= 23 && mi <= 59 && s <= 59)) throw new RangeError(`Not a time of day (HH:mm[:ss]): ${JSON.stringify(time)}`);
  return ((h * 60 + mi) * 60 + s) * 1000;
}

function assertInteger(n: number, name: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} must be an integer, got ${n}`);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** French writes the first of the month as an ordinal, "1er mai 2027", which Intl does not: a date Intl wrote, day first, with it. */
export function frenchFirst(text: string, locale: string): string {
  return locale.startsWith('fr') ? text.replace(/^1 /, '1er ') : text;
}
