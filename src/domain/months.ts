/**
 * Calendar months as `YYYY-MM` strings, the unit of monthly scores (rule 7). Months are stepped and
 * compared as integer indexes (year * 12 + month - 1), so no Date and no time zone is involved.
 */

export type Month = string;

/** A contract term, both ends inclusive. */
export type Term = { startMonth: Month; endMonth: Month };

/** Year and month (1-12) of a `YYYY-MM` string; throws RangeError on anything else. */
export function monthParts(month: Month): { year: number; month: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const year = Number(m?.[1]);
  const mm = Number(m?.[2]);
  if (!m || mm < 1 || mm > 12) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
  return { year, month: mm };
}

/** Months since year 0: adjacent calendar months differ by exactly 1. */
export function monthIndex(month: Month): number {
  const p = monthParts(month);
  return p.year * 12 + p.month - 1;
}

/** The month of an index from {@link monthIndex}. */
export function monthFromIndex(index: number): Month {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** `month` plus `n` months (n may be negative). */
export function addMonths(month: Month, n: number): Month {
  return monthFromIndex(monthIndex(month) + n);
}

/** The month of a `YYYY-MM-DD` business date. */
export function monthOfDate(date: string): Month {
  const m = /^(\d{4}-\d{2})-\d{2}$/.exec(date);
  if (!m?.[1]) throw new RangeError(`not a business date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  monthParts(m[1]);
  return m[1];
}

/** The calendar year of a month. */
export function yearOf(month: Month): number {
  return monthParts(month).year;
}

/** Every month of the term in order; throws RangeError if the term ends before it starts. */
export function termMonths(term: Term): Month[] {
  const first = monthIndex(term.startMonth);
  const last = monthIndex(term.endMonth);
  if (last < first) throw new RangeError(`term ends before it starts: ${term.startMonth}..${term.endMonth}`);
  const out: Month[] = [];
  for (let i = first; i <= last; i++) out.push(monthFromIndex(i));
  return out;
}

/** Whether `month` lies in the term (both ends inclusive). */
export function inTerm(term: Term, month: Month): boolean {
  const i = monthIndex(month);
  return i >= monthIndex(term.startMonth) && i <= monthIndex(term.endMonth);
}
