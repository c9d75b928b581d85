/**
 * Date anomalies discipline inspection looks for (DOMAIN.md "The order of dates"), as pure rules the
 * board (features/board) and the settlement audit (settlement-audit.ts) share, so both say the same
 * of the same rows. No I/O, no clock.
 *
 * - 补签: a contract recorded (signed_on) after its term started (starts_on); "after its term ended"
 *   when signed_on is after ends_on. The same day as the start is not 补签.
 * - 逾期补录: a month's first score entered after its due date; the score row carries the flag as it
 *   was at entry (`monthly_scores.late`), a correction keeps it, so a month is counted once, for
 *   whoever entered its first score.
 * - Paid while a month had no score. The reading applied: a month of a confirmed period had no score
 *   when it was paid if it has no score row at all, or if its first score row was entered on a
 *   business day after the day the period was confirmed. Both are compared as Asia/Shanghai business
 *   dates, so a score entered earlier on the day of the confirmation is not a risk.
 */
import type { BusinessDate } from './business-date';
import type { Month } from './months';

/** 补签: recorded after the term started. */
export function isLateSigning(c: { signedOn: BusinessDate; startsOn: BusinessDate }): boolean {
  return c.signedOn > c.startsOn;
}

/** Recorded after the term had already ended (登记时服务期已结束). */
export function signedAfterEnd(c: { signedOn: BusinessDate; endsOn: BusinessDate }): boolean {
  return c.signedOn > c.endsOn;
}

/** A month of a paid period that had no score when it was paid; `scoredOn` when it was scored later. */
export type UnscoredAtPayment = { month: Month; scoredOn?: BusinessDate };

/**
 * The months of a period confirmed (paid) on `paidOn` that had no score then: no first score at all
 * (`firstScoredOn` lacks the month), or a first score entered on a later business day.
 */
export function unscoredAtPayment(
  months: readonly Month[],
  paidOn: BusinessDate,
  firstScoredOn: ReadonlyMap<Month, BusinessDate>,
): UnscoredAtPayment[] {
  const found: UnscoredAtPayment[] = [];
  for (const month of months) {
    const on = firstScoredOn.get(month);
    if (on === undefined) found.push({ month });
    else if (on > paidOn) found.push({ month, scoredOn: on });
  }
  return found;
}
