/**
 * The monthly scoring window of a contract (rule 7), from the scoring clauses it was signed with:
 * when a month's window opens, when its score is due, and which reminder kind a given business date
 * calls for. Pure: business dates in, business dates out.
 */

import { addCalendarDays, dateParts, dayNumber, fromDayNumber } from './business-date';
import { addWorkingDays, type BusinessDate, isWorkingDay, nthWorkingDayOfMonth } from './calendar';
import type { ContractClauseValues, ReminderKind } from './contract';
import { addMonths, type Month, monthParts } from './months';
import { quarterLastMonth, quarterOf } from './quarters';

export type ScoringClauses = ContractClauseValues['scoring'];

/** Reminder kinds from the first to the most advanced. */
export const REMINDER_KINDS: readonly ReminderKind[] = ['open', 'remind', 'overdue', 'escalate'];

/** The last calendar day (28 to 31) of a month. */
function lastDayOf(month: Month): number {
  const { year, month: m } = monthParts(month);
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}

/** Whether the contract's management line is quarterly (absent: monthly, as before the choice existed). */
export function isQuarterly(s: Pick<ScoringClauses, 'managementPeriod'>): boolean {
  return s.managementPeriod === 'quarter';
}

/**
 * The month whose window a month is scored in: the month itself, or for a quarterly contract the
 * quarter's third month (a quarter's three months are scored together, in the quarter's window).
 */
export function scoringMonth(month: Month, s: Pick<ScoringClauses, 'managementPeriod'>): Month {
  return isQuarterly(s) ? quarterLastMonth(quarterOf(month)) : month;
}

/**
 * The day the month's scoring opens: day `windowOpensDay` of the month itself (of the quarter's third
 * month for a quarterly contract), clamped to its last day (30 in a February window gives the 28th or
 * 29th). A weekend or holiday does not move it.
 */
export function windowOpens(
  month: Month,
  s: Pick<ScoringClauses, 'windowOpensDay' | 'managementPeriod'>,
): BusinessDate {
  const m = scoringMonth(month, s);
  const day = Math.min(s.windowOpensDay, lastDayOf(m));
  return `${m}-${String(day).padStart(2, '0')}`;
}

/**
 * The due date: the `dueWorkingDay`-th working day of the following month (of the month after the
 * quarter for a quarterly contract: all three months are due together).
 */
export function dueDate(
  month: Month,
  s: Pick<ScoringClauses, 'dueWorkingDay' | 'managementPeriod'>,
): BusinessDate {
  const next = monthParts(addMonths(scoringMonth(month, s), 1));
  return nthWorkingDayOfMonth(next.year, next.month, s.dueWorkingDay);
}

/** The `n`-th working day strictly before `date` (n = 0: `date` itself). */
export function workingDaysBefore(date: BusinessDate, n: number): BusinessDate {
  let day = dayNumber(date);
  for (let left = n; left > 0; ) {
    day--;
    if (isWorkingDay(fromDayNumber(day))) left--;
  }
  return fromDayNumber(day);
}

export type ReminderSchedule = Record<ReminderKind, BusinessDate> & { due: BusinessDate };

/**
 * The first date on which each kind is due for `month`:
 * - open: the window's opening day;
 * - remind: `remindBeforeDueWorkingDays` working days before the due date (not before it opens);
 * - overdue: the day after the due date;
 * - escalate: `escalateAfterDueWorkingDays` working days after the due date (not before overdue).
 */
export function reminderSchedule(month: Month, s: ScoringClauses): ReminderSchedule {
  const due = dueDate(month, s);
  const open = windowOpens(month, s);
  const overdue = addCalendarDays(due, 1);
  const max = (a: BusinessDate, b: BusinessDate) => (a > b ? a : b);
  return {
    due,
    open,
    remind: max(workingDaysBefore(due, s.remindBeforeDueWorkingDays), open),
    overdue,
    escalate: max(addWorkingDays(due, s.escalateAfterDueWorkingDays), overdue),
  };
}

/** The most advanced reminder kind due for `month` on `today`; null before its window opens. */
export function kindDue(month: Month, today: BusinessDate, s: ScoringClauses): ReminderKind | null {
  dateParts(today); // throws on a malformed date
  const schedule = reminderSchedule(month, s);
  let due: ReminderKind | null = null;
  for (const kind of REMINDER_KINDS) if (schedule[kind] <= today) due = kind;
  return due;
}

/** Whether kind `a` is `b` or comes after it. */
export function atOrBeyond(a: ReminderKind, b: ReminderKind): boolean {
  return REMINDER_KINDS.indexOf(a) >= REMINDER_KINDS.indexOf(b);
}

/** `2026年9月` for `2026-09`. */
export function monthLabel(month: Month): string {
  const { year, month: m } = monthParts(month);
  return `${year}年${m}月`;
}

/** `10月13日`, with the year in front when it differs from `year`. */
export function dateLabel(date: BusinessDate, year?: number): string {
  const p = dateParts(date);
  return `${p.year === year ? '' : `${p.year}年`}${p.month}月${p.day}日`;
}
