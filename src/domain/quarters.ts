/**
 * Calendar quarters as `YYYY-Qn` strings, the period of a quarterly management line (rule 7: a
 * quarterly score stands for each month of its quarter). Pure string arithmetic on months.
 */

import { addMonths, type Month, monthParts } from './months';

export type Quarter = string;

/** The quarter of a month: `2027-Q1` for `2027-02`. */
export function quarterOf(month: Month): Quarter {
  const { year, month: m } = monthParts(month);
  return `${year}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** Year and quarter number (1-4) of a `YYYY-Qn` string; throws RangeError on anything else. */
export function quarterParts(quarter: Quarter): { year: number; q: number } {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) throw new RangeError(`not a quarter (YYYY-Qn): ${JSON.stringify(quarter)}`);
  return { year: Number(m[1]), q: Number(m[2]) };
}

/** The three months of a quarter, in order. */
export function quarterMonths(quarter: Quarter): [Month, Month, Month] {
  const { year, q } = quarterParts(quarter);
  const first = `${year}-${String(q * 3 - 2).padStart(2, '0')}`;
  return [first, addMonths(first, 1), addMonths(first, 2)];
}

/** The quarter's third month, whose scoring window is the quarter's. */
export function quarterLastMonth(quarter: Quarter): Month {
  return quarterMonths(quarter)[2];
}

/** `2027年第1季度` for `2027-Q1`. */
export function quarterLabel(quarter: Quarter): string {
  const { year, q } = quarterParts(quarter);
  return `${year}年第${q}季度`;
}

/** `2027年第1季度(1–3月)`: the quarter with its months, for reminders and forms. */
export function quarterLongLabel(quarter: Quarter): string {
  const { q } = quarterParts(quarter);
  return `${quarterLabel(quarter)}(${q * 3 - 2}–${q * 3}月)`;
}
