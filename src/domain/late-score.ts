/**
 * 逾期补录 (DOMAIN.md "The order of dates"): a monthly score entered after the month's due date is
 * marked late wherever it is shown and counted per assessor. The flag belongs to the month's first
 * entry: a correction keeps the due date and flag of the row it supersedes (the month was scored on
 * time or it was not; correcting it later changes neither). Pure: business dates in, flags out.
 */

import { yearOf } from './business-date';
import type { BusinessDate } from './calendar';
import type { Month } from './months';
import { dueDate, type ScoringClauses } from './score-window';

/** What a score row stores about its timeliness (monthly_scores.due_on and .late). */
export type Lateness = { dueOn: BusinessDate; late: boolean };

/**
 * The due date and flag of a score of `month` entered on business date `enteredOn`. For a correction
 * pass the superseded row's: its flag is kept, and its due date too (a row written before due dates
 * were stored has none: the contract's clauses give it again).
 */
export function scoreLateness(
  month: Month,
  scoring: Pick<ScoringClauses, 'dueWorkingDay' | 'managementPeriod'>,
  enteredOn: BusinessDate,
  superseded?: { dueOn: BusinessDate | null; late: boolean },
): Lateness {
  if (superseded) return { dueOn: superseded.dueOn ?? dueDate(month, scoring), late: superseded.late };
  const dueOn = dueDate(month, scoring);
  return { dueOn, late: enteredOn > dueOn };
}

export const LATE_LABEL = '逾期补录';

/** `逾期补录(应于 09-04 前)`; the year is shown only when it differs from `year` (the month's). */
export function lateLabel(dueOn: BusinessDate | null, year?: number): string {
  if (!dueOn) return LATE_LABEL;
  const shown = year !== undefined && yearOf(dueOn) !== year ? dueOn : dueOn.slice(5);
  return `${LATE_LABEL}(应于 ${shown} 前)`;
}

/** The label of a score row: `逾期补录(应于 …)` when late, '' when on time. */
export function lateNote(s: { late: boolean; dueOn: BusinessDate | null; month: Month }): string {
  return s.late ? lateLabel(s.dueOn, yearOf(s.month)) : '';
}
