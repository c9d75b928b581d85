/**
 * Rule 10 for a project. A ban is for a vendor and a project (a unit's service category), and a
 * project may have several contracts with the vendor in a year (a renewal mid-year). The reading
 * applied, by the year end and by every re-judgement alike: the average is the mean of all monthly
 * final scores of that vendor's contracts of that project for the months of the year inside each
 * contract's term (each contract-month counts once); a year with no such score gives no ban. The bar
 * is the one of the contract that ends last in the year (ties: the later signed, then the higher id),
 * the clauses in force when the year closed. Exact: compared by cross-multiplication, rounded only
 * for display.
 */
import type { BidBan } from './annual-average';
import type { ContractClauses, MonthlyScore } from './monthly-scores';
import { scoresInTerm } from './monthly-scores';
import { type Term, yearOf } from './months';
import { formatTenthsDown, type Ratio, ratio, ratioBelow } from './ratio';

export type ProjectContract = {
  id: number;
  endsOn: string;
  signedOn: string;
  clauses: ContractClauses;
  term: Term;
  scores: readonly MonthlyScore[];
};

export type ProjectYear<C extends ProjectContract> = {
  /** The contract whose bar applies (see the file comment); the ban row names it. */
  barContract: C;
  barTenths: number;
  scoredMonths: number;
  averageTenths: Ratio | null;
  /** Rounded down to the tenth, so a ban never reads '85.0'; null when nothing is scored. */
  averageDisplay: string | null;
  /** The ban for `year + 1`, or null. */
  ban: BidBan | null;
};

/** The contract whose bar applies: ends last in the year, then signed last, then the highest id. */
function barOf<C extends ProjectContract>(contracts: readonly C[]): C {
  const later = (a: C, b: C) =>
    a.endsOn !== b.endsOn
      ? a.endsOn > b.endsOn
      : a.signedOn !== b.signedOn
        ? a.signedOn > b.signedOn
        : a.id > b.id;
  return contracts.reduce((best, c) => (later(c, best) ? c : best));
}

/** The project's standing for `year` over its contracts overlapping it (at least one). */
export function projectYear<C extends ProjectContract>(
  contracts: readonly C[],
  year: number,
): ProjectYear<C> {
  if (contracts.length === 0) throw new RangeError('projectYear: no contract');
  let sum = 0;
  let scored = 0;
  for (const c of contracts)
    for (const [month, tenths] of scoresInTerm(c.term, c.scores))
      if (yearOf(month) === year) {
        sum += tenths;
        scored++;
      }
  const barContract = barOf(contracts);
  const barTenths = barContract.clauses.bidBan.annualAverageBelowTenths;
  const average = scored > 0 ? ratio(sum, scored) : null;
  const display = average && formatTenthsDown(average);
  const ban =
    average && ratioBelow(average, barTenths)
      ? { year: year + 1, averageTenths: average, display: display! }
      : null;
  return {
    barContract,
    barTenths,
    scoredMonths: scored,
    averageTenths: average,
    averageDisplay: display,
    ban,
  };
}
