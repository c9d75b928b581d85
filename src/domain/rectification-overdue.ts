/**
 * Days overdue of a rectification item, as the chase, the 整改情况 card and the 整改事项 export count
 * them: WORKING days after the deadline up to the day the owner submitted the rectification (it is
 * then the inspection team's turn), or up to today while the owner has not; 0 when on time.
 */
import { workingDaysBetween } from './calendar';

export function overdueWorkingDays(dueOn: string, submittedOn: string | null, today: string): number {
  const until = submittedOn ?? today;
  return until > dueOn ? workingDaysBetween(dueOn, until) : 0;
}
