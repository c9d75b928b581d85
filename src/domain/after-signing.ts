/**
 * The order of dates after a contract is signed (DOMAIN.md "The order of dates"): an inspection, a
 * rectification deadline, a termination date, a settlement and a score each checked against the
 * dates already recorded for the contract. An impossible order is refused with both dates named;
 * the same day is always allowed. Pure: business dates (`YYYY-MM-DD`) in, messages out.
 */

import { addCalendarDays, dayNumber } from './business-date';
import { dateOrderMessage, type NamedDate, shortDate } from './date-order';

/** `督查日期 12-10 晚于今天 12-07` when `date` lies after `limit`, else null (the same day passes). */
export function notAfterMessage(date: NamedDate, limit: NamedDate): string | null {
  if (dayNumber(date.date) <= dayNumber(limit.date)) return null;
  const [d, l] = shortDate(date.date, limit.date);
  return `${date.label} ${d} 晚于${limit.label} ${l}`;
}

/** The dates of a contract's term the later dates are checked against. */
export type TermDates = {
  startsOn: string;
  /** Last day of the term as signed. */
  endsOn: string;
  /** The termination's date when one was started (the contract ends that day), else null. */
  terminatedOn: string | null;
};

/** The last day the service runs: the termination's date when it comes before the term's end. */
export function serviceEnd(t: TermDates): NamedDate {
  return t.terminatedOn !== null && t.terminatedOn < t.endsOn
    ? { label: '合同终止日期', date: t.terminatedOn }
    : { label: '合同服务结束日期', date: t.endsOn };
}

/**
 * 专项督查: inspected within the service (from the term's start to its end or termination date,
 * both days included) and not after today. An inspection after the service ended is refused: there
 * is no service left to inspect, and a finding would become an item nobody can rectify.
 */
export function inspectionDateErrors(inspectedOn: string, today: string, term: TermDates): string[] {
  const on = { label: '督查日期', date: inspectedOn };
  return [
    notAfterMessage(on, { label: '今天', date: today }),
    dateOrderMessage(on, { label: '合同服务开始日期', date: term.startsOn }),
    notAfterMessage(on, serviceEnd(term)),
  ].filter((m): m is string => m !== null);
}

/** 整改期限: not before the inspection that found it, nor before today (the same day passes). */
export function rectificationDueError(dueOn: string, inspectedOn: string, today: string): string | null {
  const due = { label: '整改期限', date: dueOn };
  return (
    dateOrderMessage(due, { label: '督查日期', date: inspectedOn }) ??
    dateOrderMessage(due, { label: '今天', date: today })
  );
}

/** 清退 (rule 8): the termination date lies within the term and not before today. */
export function terminationDateError(endsOn: string, today: string, term: TermDates): string | null {
  const on = { label: '合同终止日期', date: endsOn };
  return (
    dateOrderMessage(on, { label: '今天', date: today }) ??
    dateOrderMessage(on, { label: '合同服务开始日期', date: term.startsOn }) ??
    notAfterMessage(on, { label: '合同约定的服务结束日期', date: term.endsOn })
  );
}

/** The last day of a month (`YYYY-MM`). */
function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** The last served day of a payment period: the end of its last month, or the service's end if sooner. */
export function periodLastDay(months: readonly string[], term: TermDates): string | null {
  const last = months.at(-1);
  if (!last) return null;
  const end = serviceEnd(term).date;
  const monthEnd = lastDayOfMonth(last);
  return end < monthEnd ? end : monthEnd;
}

/**
 * 确认结算: a period is settled for service rendered, so from the day after its last served day
 * (the end of its last month, or the service's end when that comes first); on that last day itself
 * the service is still running and the period is refused.
 */
export function settlementDateError(label: string, lastDay: string, today: string): string | null {
  const from = addCalendarDays(lastDay, 1);
  const message = dateOrderMessage(
    { label: '结算确认日期(今天)', date: today },
    { label: `「${label}」可结算日期(服务期最后一日 ${lastDay} 的次日)`, date: from },
  );
  return message && `${message},该期服务尚未期满,不能确认结算`;
}

/**
 * The first day a period may be settled (the day after its last served day), when that is still
 * ahead of `today`; null when it may be settled today or has no months. The settlement card shows it
 * instead of a button the click would refuse.
 */
export function settleableFrom(months: readonly string[], term: TermDates, today: string) {
  const lastDay = periodLastDay(months, term);
  if (!lastDay) return null;
  const from = addCalendarDays(lastDay, 1);
  return today < from ? { lastDay, from } : null;
}

/** 月度考核: the month's window must have opened (`opens`) by the day of entry. */
export function scoreWindowError(month: string, opens: string, today: string): string | null {
  const message = dateOrderMessage(
    { label: '录入日期(今天)', date: today },
    { label: '考核窗口开放日期', date: opens },
  );
  return message && `${month} 的考核窗口尚未开放:${message},届时再录入`;
}
