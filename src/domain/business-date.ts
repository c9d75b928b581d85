/**
 * Business dates: `YYYY-MM-DD` strings meaning a calendar day in Asia/Shanghai. Strings, not Dates,
 * because a Date is an instant and the same instant is two different days in two time zones.
 */

export type BusinessDate = string;

const MS_PER_DAY = 86_400_000;
// China Standard Time is UTC+8 with no daylight saving since 1991, so a fixed offset is exact for
// every date this system handles and needs no time-zone database.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Year, month (1-12) and day of a business date; throws RangeError unless it is a real date. */
export function dateParts(date: BusinessDate): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const probe = new Date(Date.UTC(year, month - 1, day));
    // Date.UTC rolls 02-30 over to March; a date that does not survive the round trip is not real.
    if (probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day) {
      return { year, month, day };
    }
  }
  throw new RangeError(`not a business date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

/** True when `s` is a real `YYYY-MM-DD` calendar date (no 02-30, no month 13). */
export function isRealDate(s: unknown): s is BusinessDate {
  if (typeof s !== 'string') return false;
  try {
    dateParts(s);
    return true;
  } catch {
    return false;
  }
}

/**
 * The business date a person typed or a date picker sent (`2027-01-31` or `2027-01-31 +0800`),
 * or undefined when it is not a real calendar date.
 */
export function parseDate(s: unknown): BusinessDate | undefined {
  if (typeof s !== 'string') return undefined;
  const d = /^\s*(\d{4}-\d{2}-\d{2})(?:\s+[+-]\d{4})?\s*$/.exec(s)?.[1];
  return d && isRealDate(d) ? d : undefined;
}

/** True when `s` is a real `YYYY-MM` month. */
export function isRealMonth(s: unknown): s is string {
  return typeof s === 'string' && /^\d{4}-\d{2}$/.test(s) && isRealDate(`${s}-01`);
}

/** Days since 1970-01-01 of a business date: lets dates be compared and stepped as integers. */
export function dayNumber(date: BusinessDate): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** The business date of a day number. */
export function fromDayNumber(n: number): BusinessDate {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** `date` plus `n` calendar days (n may be negative). */
export function addCalendarDays(date: BusinessDate, n: number): BusinessDate {
  return fromDayNumber(dayNumber(date) + n);
}

/** The business date in Asia/Shanghai at the instant `at`. */
export function shanghaiDate(at: Date): BusinessDate {
  if (Number.isNaN(at.getTime())) throw new RangeError('shanghaiDate: invalid Date');
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The year of a business date or a `YYYY-MM` month. */
export const yearOf = (dateOrMonth: string): number => Number(dateOrMonth.slice(0, 4));

/** The business year in Asia/Shanghai at the instant `at`. */
export const shanghaiYear = (at: Date): number => yearOf(shanghaiDate(at));

/** The instant 00:00 Asia/Shanghai starts `date` (16:00 UTC the day before). */
export function shanghaiMidnight(date: BusinessDate): Date {
  return new Date(dayNumber(date) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}
