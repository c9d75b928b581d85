/**
 * A calendar year's average of monthly final scores: the bidding ban (rule 10) and the "can no longer
 * reach 85" early warning (rule 9). Pure and exact: averages are {@link Ratio}s, compared by
 * cross-multiplication, rounded only for display.
 */
import { type ContractClauses, FULL_MARKS_TENTHS, type MonthlyScore, scoresInTerm } from './monthly-scores';
import { type Month, type Term, termMonths, yearOf } from './months';
import { formatTenthsDown, formatTenthsUp, type Ratio, ratio, ratioBelow } from './ratio';

/** Where a calendar year of the term stands against the bidding-ban threshold. */
export type YearStanding = {
  year: number;
  /** Months of this year inside the term that have a score. */
  scoredMonths: number;
  /** Exact average of those scores in tenths; null when none is scored. */
  averageTenths: Ratio | null;
  /** The average rounded DOWN to the tenth ('84.9' for 84.95); null when none is scored. */
  averageDisplay: string | null;
  /**
   * Months of this year inside the term with no score yet, whatever their date. A past month without
   * a score is overdue, not lost: its score is chased and still arrives (rule 7), and last month's
   * score is normally entered in the first working days of this month, so it must count as still
   * open. The asOf date therefore only chooses the year, never which months are open.
   */
  remainingMonths: number;
  /**
   * The exact average the remaining months need for the year to reach the threshold (0 when it is
   * reached whatever they score); null when no month remains.
   */
  neededAverageTenths: Ratio | null;
  /** `neededAverageTenths` rounded UP to the tenth; may exceed '100.0' when out of reach. */
  neededDisplay: string | null;
  /** Whether the threshold can still be met (or is met): with full marks in every remaining month. */
  reachable: boolean;
  /** Whether the remaining months need more than the best score this vendor ever got in the term. */
  exceedsBestEver: boolean;
};

/** The input of the year computations, prepared once per evaluation. */
export type ScoredTerm = { months: Month[]; byMonth: Map<Month, number>; bestEver: number | null };

export function prepareTerm(term: Term, scores: readonly MonthlyScore[]): ScoredTerm {
  const byMonth = scoresInTerm(term, scores);
  let bestEver: number | null = null;
  for (const v of byMonth.values()) bestEver = bestEver === null ? v : Math.max(bestEver, v);
  return { months: termMonths(term), byMonth, bestEver };
}

/** The standing of `year` against `thresholdTenths` (the contract's bid-ban average, e.g. 850). */
export function standingOf(t: ScoredTerm, thresholdTenths: number, year: number): YearStanding {
  let sum = 0;
  let scored = 0;
  let remaining = 0;
  for (const m of t.months) {
    if (yearOf(m) !== year) continue;
    const v = t.byMonth.get(m);
    if (v === undefined) remaining++;
    else {
      sum += v;
      scored++;
    }
  }
  const average = scored > 0 ? ratio(sum, scored) : null;
  if (remaining === 0) {
    return {
      year,
      scoredMonths: scored,
      averageTenths: average,
      averageDisplay: average && formatTenthsDown(average),
      remainingMonths: 0,
      neededAverageTenths: null,
      neededDisplay: null,
      reachable: average === null || !ratioBelow(average, thresholdTenths),
      exceedsBestEver: false,
    };
  }
  // (sum + needed * remaining) / (scored + remaining) >= threshold, solved for needed.
  const needed = ratio(Math.max(0, thresholdTenths * (scored + remaining) - sum), remaining);
  return {
    year,
    scoredMonths: scored,
    averageTenths: average,
    averageDisplay: average && formatTenthsDown(average),
    remainingMonths: remaining,
    neededAverageTenths: needed,
    neededDisplay: formatTenthsUp(needed),
    reachable: needed.num <= FULL_MARKS_TENTHS * needed.den,
    exceedsBestEver: t.bestEver !== null && needed.num > t.bestEver * needed.den,
  };
}

/** The standing of a calendar year of the term (rule 9's annual average), from raw scores. */
export function yearStanding(
  clauses: ContractClauses,
  term: Term,
  scores: readonly MonthlyScore[],
  year: number,
): YearStanding {
  return standingOf(prepareTerm(term, scores), clauses.bidBan.annualAverageBelowTenths, year);
}

export type BidBan = { year: number; averageTenths: Ratio; display: string };

/**
 * Rule 10: the ban that `year`'s scores give, or null. The average is over the months of `year` in
 * the term that have a score; a year with no score gives no ban; below the threshold exactly (84.95
 * is below 85) bans the vendor for `year + 1`. `display` is rounded down so it never reads '85.0'.
 * The function judges the scores it is given: call it once the year's last score is in.
 */
export function bidBanFor(
  clauses: ContractClauses,
  term: Term,
  scores: readonly MonthlyScore[],
  year: number,
): BidBan | null {
  const s = yearStanding(clauses, term, scores, year);
  if (s.averageTenths === null || !ratioBelow(s.averageTenths, clauses.bidBan.annualAverageBelowTenths))
    return null;
  return { year: year + 1, averageTenths: s.averageTenths, display: formatTenthsDown(s.averageTenths) };
}
