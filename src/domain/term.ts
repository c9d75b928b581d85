import { addCalendarDays, dateParts, dayNumber } from './business-date';

export type TermLimits = { maxTermYears: number; warnAboveTermYears: number };
export type TermCheck = { ok: true; longerThanWarn: boolean; months: number } | { ok: false; error: string };

/**
 * The last day a term starting on `start` may end to last at most `years` years: the day before the
 * same date `years` later (2027-01-01 + 3 years ends 2029-12-31). A start on 29 February steps to
 * 1 March of a common year, so its last day is 28 February.
 */
export function lastDayWithin(start: string, years: number): string {
  const { year, month, day } = dateParts(start);
  const anniversary = new Date(Date.UTC(year + years, month - 1, day)).toISOString().slice(0, 10);
  return addCalendarDays(anniversary, -1);
}

/**
 * A contract term (both ends inclusive) against the policy: it must not end before it starts nor
 * last longer than `maxTermYears`; longer than `warnAboveTermYears` is allowed but flagged.
 */
export function checkTerm(startsOn: string, endsOn: string, limits: TermLimits): TermCheck {
  for (const [d, what] of [
    [startsOn, '服务开始日期'],
    [endsOn, '服务结束日期'],
  ] as const) {
    if (!d) return { ok: false, error: `请选择${what}` };
    try {
      dateParts(d);
    } catch {
      return { ok: false, error: `${what}无效:${d}` };
    }
  }
  if (dayNumber(startsOn) > dayNumber(endsOn))
    return { ok: false, error: `服务开始日期(${startsOn})不能晚于结束日期(${endsOn})` };
  const latest = lastDayWithin(startsOn, limits.maxTermYears);
  if (dayNumber(endsOn) > dayNumber(latest))
    return {
      ok: false,
      error: `服务期限超过政策上限${limits.maxTermYears}年:自 ${startsOn} 起最晚只能到 ${latest}`,
    };
  const s = dateParts(startsOn);
  const e = dateParts(endsOn);
  return {
    ok: true,
    longerThanWarn: dayNumber(endsOn) > dayNumber(lastDayWithin(startsOn, limits.warnAboveTermYears)),
    months: (e.year - s.year) * 12 + e.month - s.month + 1,
  };
}

/** The warning a term above the policy's warning length carries on the cards. */
export const longTermWarning = (years: number) => `⚠ 服务期限超过${years}年:政策允许,但请确认确有必要`;
