/**
 * Working days in mainland China: weekends and statutory holidays are off, make-up working days
 * (调休, a Saturday or Sunday declared a working day) are on. Deadlines, chasers and "the 5th working
 * day of the month" are all counted here so every caller agrees.
 */
// The package ships a UMD bundle as "main": under Node's ESM loader only the default export is
// visible, so named imports (`import { isWorkday }`) fail at run time. The default works everywhere.
import chineseDays from 'chinese-days';
import { addCalendarDays, type BusinessDate, dateParts, dayNumber, fromDayNumber } from './business-date';

export { type BusinessDate, shanghaiDate, shanghaiMidnight } from './business-date';

/**
 * The package reads a Date with local-time getters, and parses a `YYYY-MM-DD` string as UTC midnight,
 * which is the previous day west of Greenwich. Local noon of the date is that date in every zone.
 */
function localNoon(date: BusinessDate): Date {
  const { year, month, day } = dateParts(date);
  return new Date(year, month - 1, day, 12);
}

/** A day of a loaded State Council notice: 放假 (`holiday`) or 调休 (`workday`, a weekend day worked). */
export type CalendarDayKind = 'holiday' | 'workday';
export type CalendarDay = { date: BusinessDate; kind: CalendarDayKind; name: string; year: number };

/**
 * The calendar loaded by an admin (table calendar_days), installed by the app at start, after each
 * load and every few minutes (so every bot and worker process converges). This is the one piece of
 * module state in `domain`: every rule reads working days through the functions below, and passing
 * a calendar value through every deadline, chaser and card would touch every caller for data that
 * changes once a year. It is still data in, never I/O: the app reads the table and hands the days
 * over; tests install what they need and `installCalendar([])` resets.
 */
let loaded: { byDate: Map<BusinessDate, CalendarDayKind>; years: Set<number> } = {
  byDate: new Map(),
  years: new Set(),
};

/** Replaces the loaded calendar with `days` (the whole table: every loaded year at once). */
export function installCalendar(days: readonly CalendarDay[]): void {
  const byDate = new Map<BusinessDate, CalendarDayKind>();
  const years = new Set<number>();
  for (const d of days) {
    dateParts(d.date); // a malformed date would silently never match
    byDate.set(d.date, d.kind);
    years.add(d.year);
  }
  loaded = { byDate, years };
}

/** The years an admin has loaded a notice for. */
export function loadedCalendarYears(): number[] {
  return [...loaded.years].sort((a, b) => a - b);
}

function weekday(date: BusinessDate): boolean {
  const dow = new Date(dayNumber(date) * 86_400_000).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * Whether `date` is a working day: Monday to Friday unless a statutory holiday, plus the weekend days
 * declared make-up working days. A loaded notice beats the package: a date it names is what it says,
 * and in a loaded year every other date is a plain weekday rule (the notice lists all exceptions).
 * Years neither covers (see {@link calendarCovers}) fall back to plain Monday to Friday.
 */
export function isWorkingDay(date: BusinessDate): boolean {
  const kind = loaded.byDate.get(date);
  if (kind) return kind === 'workday';
  if (loaded.years.has(dateParts(date).year)) return weekday(date);
  return chineseDays.isWorkday(localNoon(date));
}

/**
 * Whether working days of `year` are counted with its holidays: an admin loaded its notice, or the
 * installed package knows it. Readiness and the November notice to admins ask this for next year;
 * cards with a working-day deadline say so when it is false.
 */
export function calendarCovers(year: number): boolean {
  return loaded.years.has(year) || holidayDataCovers(year);
}

/**
 * Whether the installed `chinese-days` knows the holidays of `year`. The State Council publishes each
 * year's schedule in November, so next year is uncovered until the package is updated; a health check
 * can warn on that instead of deadlines silently ignoring Spring Festival.
 */
export function holidayDataCovers(year: number): boolean {
  // Every covered year marks 1 January as 元旦; without data the package names the weekday instead.
  return chineseDays.getDayDetail(new Date(year, 0, 1, 12)).name.includes('元旦');
}

/**
 * The `n`-th working day strictly after `date` (n = 1: the next working day, whatever `date` is).
 * n = 0 returns `date` itself, so "after 0 working days" means "now".
 */
export function addWorkingDays(date: BusinessDate, n: number): BusinessDate {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`addWorkingDays: n must be a whole number ≥ 0, got ${n}`);
  let day = dayNumber(date);
  for (let left = n; left > 0; ) {
    day++;
    if (isWorkingDay(fromDayNumber(day))) left--;
  }
  return fromDayNumber(day);
}

/**
 * Working days after `from` up to and including `to`: how many working days have passed since `from`
 * when it is `to`. Same day → 0; `to` before `from` → the negated count the other way round.
 */
export function workingDaysBetween(from: BusinessDate, to: BusinessDate): number {
  const start = dayNumber(from);
  const end = dayNumber(to);
  if (end < start) return -workingDaysBetween(to, from);
  let count = 0;
  for (let d = start + 1; d <= end; d++) {
    if (isWorkingDay(fromDayNumber(d))) count++;
  }
  return count;
}

/**
 * The `n`-th working day of a month (n = 1: the first), e.g. a monthly score due on the 5th working
 * day. Throws RangeError when the month has fewer than `n` working days.
 */
export function nthWorkingDayOfMonth(year: number, month: number, n: number): BusinessDate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`nthWorkingDayOfMonth: n must be ≥ 1, got ${n}`);
  const first = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
  dateParts(first); // throws on a month outside 1-12 or a malformed year
  const found = addWorkingDays(addCalendarDays(first, -1), n);
  if (found.slice(0, 7) !== first.slice(0, 7)) {
    throw new RangeError(`${first.slice(0, 7)} has fewer than ${n} working days`);
  }
  return found;
}
