/**
 * The monthly final scores a contract is judged by (rule 7), as the threshold engine receives them:
 * the latest (corrected) value of each scored month. The engine keeps no memory between calls, so a
 * correction is simply a call with the new value (rule 8: "judged by its latest value").
 */
import { inTerm, type Month, monthParts, type Term } from './months';

/** One month's final score in integer tenths of a point (0-1000 = 0.0-100.0). */
export type MonthlyScore = { month: Month; finalTenths: number };

/** The clause values of rules 8 to 11, copied from the policy when the contract was signed. */
export type ContractClauses = {
  termination: { belowTenths: number; consecutiveMonths: number; cumulativeMonths: number }; // 800, 2, 3
  bidBan: { annualAverageBelowTenths: number }; // 850
  deduction: { bands: { minTenths: number; deductBp: number }[]; annualCapFen: bigint }; // bands fall strictly by minTenths, last starts at 0
};

/** Full marks, 100.0 points. */
export const FULL_MARKS_TENTHS = 1000;

/**
 * The scores of months inside the term, by month. Scores of months outside the term are dropped
 * (rules 8 and 10 only count months of the term). Throws RangeError on a malformed month, a score
 * that is not whole tenths in 0-1000, or two scores for one month (the caller must pass the latest).
 */
export function scoresInTerm(term: Term, scores: readonly MonthlyScore[]): Map<Month, number> {
  const byMonth = new Map<Month, number>();
  const seen = new Set<Month>();
  for (const s of scores) {
    monthParts(s.month);
    if (!Number.isInteger(s.finalTenths) || s.finalTenths < 0 || s.finalTenths > FULL_MARKS_TENTHS)
      throw new RangeError(`score of ${s.month} must be whole tenths 0-1000, got ${s.finalTenths}`);
    if (seen.has(s.month)) throw new RangeError(`two scores for ${s.month}: pass only the latest value`);
    seen.add(s.month);
    if (inTerm(term, s.month)) byMonth.set(s.month, s.finalTenths);
  }
  return byMonth;
}
