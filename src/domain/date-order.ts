import { dateParts, dayNumber } from './business-date';
import { DomainError } from './errors';

/** A date a person typed or the system recorded, with the name the message gives it. */
export type NamedDate = { label: string; date: string };

/**
 * Two business dates as a message shows them side by side: `MM-DD` each when both fall in the same
 * year (`07-10`, `12-07`), the full `YYYY-MM-DD` each otherwise, so a reader never has to guess
 * which year a short date belongs to.
 */
export function shortDate(a: string, b: string): [string, string] {
  if (dateParts(a).year === dateParts(b).year) return [a.slice(5), b.slice(5)];
  return [a, b];
}

/**
 * Why `later` may not be recorded given `earlier` (`会议日期 07-10 早于申请提交日期 12-07`), or
 * null when the order is possible. The same day is allowed: only strictly earlier is refused.
 */
export function dateOrderMessage(later: NamedDate, earlier: NamedDate): string | null {
  if (dayNumber(later.date) >= dayNumber(earlier.date)) return null;
  const [l, e] = shortDate(later.date, earlier.date);
  return `${later.label} ${l} 早于${earlier.label} ${e}`;
}

/**
 * Refuses (DomainError `date_order`, so the transaction rolls back and nothing is written) a date
 * that lies before one already recorded earlier in the purchase's chain.
 */
export function assertNotBefore(later: NamedDate, earlier: NamedDate): void {
  const message = dateOrderMessage(later, earlier);
  if (message) throw new DomainError('date_order', message);
}
