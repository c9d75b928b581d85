/**
 * The one loader of the threshold engine's evaluation after a new or corrected score: lock the
 * contract row, read its clauses and vendor, its current scores and its earlier termination cases,
 * run the pure evaluator. Three reads, each through an index keyed by the contract (the contracts
 * primary key, joined to the vendor's; the partial unique index `monthly_scores_current_uq` on
 * (contract_id, month) where current; `termination_cases_contract_idx`), sent together in one round
 * trip, so the cost does not depend on how many contracts the zone has.
 */

import { rawSql, type Tx } from '../../db/client';
import type { TerminationStatus } from '../../domain/contract';

import {
  type Evaluation,
  evaluateContract,
  type Month,
  type MonthlyScore,
  type Term,
} from '../../domain/threshold';
import { type ContractFacts, evaluatorClauses, type FactsContract, termOf } from './context';

/** What the engine needs of a contract's earlier termination cases. */
export type CaseSummary = {
  id: number;
  rule: 'consecutive' | 'cumulative';
  months: Month[];
  status: TerminationStatus;
};

export type LoadedEvaluation = {
  /** The contract (locked), its vendor's name, its clauses in the evaluator's shape and its term. */
  facts: ContractFacts;
  term: Term;
  /** The current (latest, corrected) final score of every scored month, in month order. */
  scores: MonthlyScore[];
  /** Every termination case of the contract, in id order. */
  cases: CaseSummary[];
  evaluation: Evaluation;
};

/**
 * Locks the contract (`for update`, the lock score entry takes before it writes a score, so a
 * correction and its evaluation never interleave with another's) and evaluates it as of `asOf`
 * (`YYYY-MM-DD`). Undefined when the contract does not exist. Must run inside a transaction: the
 * lock lasts until it commits.
 */
export async function loadAndEvaluate(
  tx: Tx,
  contractId: number,
  asOf: string,
): Promise<LoadedEvaluation | undefined> {
  const sql = rawSql(tx);
  // Issued together: one round trip. Postgres runs them in order, so the score and case reads start
  // (and take their snapshots) only once the lock is held, and see everything committed before it.
  const [rows, scores, cases] = await Promise.all([
    sql<(FactsContract & { vendorName: string })[]>`
      select c.id::int as "id", c.request_id::int as "requestId", c.unit_id::int as "unitId",
        c.vendor_id::int as "vendorId", c.leader_id::int as "leaderId", c.category, c.status,
        c.starts_on as "startsOn", c.ends_on as "endsOn", c.ended_on as "endedOn", c.signed_on as "signedOn",
        c.clauses, v.name as "vendorName"
      from contracts c join vendors v on v.id = c.vendor_id
      where c.id = ${contractId} for update of c`,
    sql<MonthlyScore[]>`
      select month, final_tenths as "finalTenths" from monthly_scores
      where contract_id = ${contractId} and current order by month`,
    sql<CaseSummary[]>`
      select id::int as "id", rule, months, status from termination_cases
      where contract_id = ${contractId} order by id`,
  ]);
  const row = rows[0];
  if (!row) return undefined;
  const { vendorName, ...contract } = row;
  const term = termOf(contract);
  const clauses = evaluatorClauses(contract.clauses);
  const current = [...scores];
  const evaluation = evaluateContract({ clauses, term, scores: current, asOf });
  return {
    facts: { contract, vendorName, clauses, term },
    term,
    scores: current,
    cases: [...cases],
    evaluation,
  };
}
