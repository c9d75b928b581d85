/**
 * The threshold engine's pure core: from a contract's clause values, its term and the latest monthly
 * final scores, what is due now — the termination right (rule 8), the early warnings (rule 9) and the
 * standing of the current year's average (rule 10). No memory, no I/O: the caller re-evaluates on
 * every new or corrected score and sends each warning once by its `key`.
 */
import { prepareTerm, type ScoredTerm, standingOf, type YearStanding } from './annual-average';
import type { ContractClauses, MonthlyScore } from './monthly-scores';
import { type Month, monthOfDate, type Term, yearOf } from './months';

export { type BidBan, bidBanFor, type YearStanding, yearStanding } from './annual-average';
export type { ContractClauses, MonthlyScore } from './monthly-scores';
export type { Month, Term } from './months';

/** The purchaser's right to terminate, with the scored months that make it. */
export type TerminationRight = { rule: 'consecutive' | 'cumulative'; months: Month[] };

export type Warning =
  /** `below:<last month>`: a run of consecutiveMonths-1 adjacent months below; one more gives the right. */
  | { kind: 'consecutive'; key: string; months: Month[] }
  /** `cumulative:<n>`: n = cumulativeMonths-1 months below in the term; one more gives the right. */
  | { kind: 'cumulative'; key: string; months: Month[] }
  /** `average:<year>`: the year's average can no longer reach the threshold, or needs more than ever scored. */
  | { kind: 'average'; key: string; standing: YearStanding };

export type Evaluation = {
  termination: TerminationRight | null;
  warnings: Warning[];
  /** The calendar year of `asOf`. */
  year: YearStanding;
};

export type EvaluationInput = {
  clauses: ContractClauses;
  term: Term;
  /** At most one value per month: the latest, corrected one. Months may be missing. */
  scores: readonly MonthlyScore[];
  /** Business date `YYYY-MM-DD`: chooses the year reported in `year`. */
  asOf: string;
};

/** For each month of the term, how many adjacent months below the line end there (0 if not below). */
function runLengths(t: ScoredTerm, belowTenths: number): number[] {
  const runs: number[] = [];
  t.months.forEach((m, i) => {
    const v = t.byMonth.get(m);
    // A month without a score is not below: it makes no chain. It breaks none either, in the sense
    // that when its score arrives below, the caller re-evaluates and the chain through it appears.
    runs.push(v !== undefined && v < belowTenths ? (runs[i - 1] ?? 0) + 1 : 0);
  });
  return runs;
}

/**
 * Rule 8. When both rules hold, the consecutive rule is reported (it is the one staff recognise as
 * "two bad months in a row"); within a rule, the earliest qualifying months are listed: the first
 * run of `consecutiveMonths` adjacent months below, or the first `cumulativeMonths` months below.
 */
function terminationOf(t: ScoredTerm, clauses: ContractClauses, runs: number[]): TerminationRight | null {
  const { consecutiveMonths: k, cumulativeMonths: c } = clauses.termination;
  const end = runs.findIndex((r) => r >= k);
  if (end >= 0) return { rule: 'consecutive', months: t.months.slice(end - k + 1, end + 1) };
  const below = t.months.filter((_, i) => (runs[i] ?? 0) > 0);
  if (below.length >= c) return { rule: 'cumulative', months: below.slice(0, c) };
  return null;
}

/**
 * Rule 9, for the two termination rules. These warnings announce the termination right, so none is
 * given once a right exists by either rule: the decision card (rule 8) replaces them, and "one more
 * month gives the right" would no longer be true. A warning also needs a month that could still
 * complete its rule: for a run, a month of the term adjacent to it (scored or not, since a correction
 * can still change a score); for the cumulative count, a term longer than the count. Rules of 1 month
 * have no warning (there is nothing before the first month below).
 */
function ruleWarnings(t: ScoredTerm, clauses: ContractClauses, runs: number[]): Warning[] {
  const { consecutiveMonths: k, cumulativeMonths: c } = clauses.termination;
  const out: Warning[] = [];
  if (terminationOf(t, clauses, runs)) return out;
  if (k >= 2) {
    runs.forEach((r, i) => {
      // No run reaches k (no right), so a run of k-1 ending here is whole: month i+1 is not below.
      const adjacent = i + 1 < t.months.length || i - r >= 0;
      if (r === k - 1 && adjacent) {
        out.push({
          kind: 'consecutive',
          key: `below:${t.months[i]}`,
          months: t.months.slice(i - r + 1, i + 1),
        });
      }
    });
  }
  const below = t.months.filter((_, i) => (runs[i] ?? 0) > 0);
  if (c >= 2 && below.length === c - 1 && t.months.length >= c) {
    out.push({ kind: 'cumulative', key: `cumulative:${c - 1}`, months: below });
  }
  return out;
}

/**
 * Rule 9, the annual average: for every calendar year of the term with at least one score and at
 * least one month still without a score, warn when the months left need a higher average than the
 * vendor ever scored in this contract (which includes "more than full marks"). A year with no score
 * yet has no average to warn about; a year with every month scored is decided (rule 10), not warned.
 */
function averageWarnings(t: ScoredTerm, thresholdTenths: number): Warning[] {
  const years = [...new Set(t.months.map(yearOf))];
  return years
    .map((y) => standingOf(t, thresholdTenths, y))
    .filter((s) => s.scoredMonths > 0 && s.remainingMonths > 0 && s.exceedsBestEver)
    .map((s): Warning => ({ kind: 'average', key: `average:${s.year}`, standing: s }));
}

/** Everything due for a contract now: see {@link Evaluation}. Warnings come rule by rule, in month order. */
export function evaluateContract(input: EvaluationInput): Evaluation {
  const { clauses, term, scores, asOf } = input;
  const year = yearOf(monthOfDate(asOf));
  const t = prepareTerm(term, scores);
  const runs = runLengths(t, clauses.termination.belowTenths);
  const threshold = clauses.bidBan.annualAverageBelowTenths;
  return {
    termination: terminationOf(t, clauses, runs),
    warnings: [...ruleWarnings(t, clauses, runs), ...averageWarnings(t, threshold)],
    year: standingOf(t, threshold, year),
  };
}
