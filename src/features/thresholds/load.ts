/**
 * The one loader of the threshold engine's evaluation after a new or corrected score: lock the
 * contract row, read its clauses and vendor, its current scores and its earlier termination cases,
 * run the pure evaluator. Three reads, each through an index keyed by the contract (the contracts
 * primary key, joined to the vendor's; the partial unique index `monthly_scores_current_uq` on
 * (contract_id, month) where current; `termination_cases_contract_idx`), sent together in one round
 * trip, so the cost does not depend on how many contracts the zone has.
 */

import { rawSql, type Tx } from '../../db/client';
import { contractFactsOn, currentScoresOn } from '../../db/sql/contracts';
import { type CaseSummary, casesOfContractOn } from '../../db/sql/thresholds';
import { type Evaluation, evaluateContract, type MonthlyScore, type Term } from '../../domain/threshold';
import { type ContractFacts, factsOf } from '../contracts/facts';

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
  const [row, scores, cases] = await Promise.all([
    contractFactsOn(sql, contractId, true),
    currentScoresOn(sql, contractId),
    casesOfContractOn(sql, contractId),
  ]);
  if (!row) return undefined;
  const facts = factsOf(row);
  const { clauses, term } = facts;
  const evaluation = evaluateContract({ clauses, term, scores, asOf });
  return { facts, term, scores, cases, evaluation };
}
