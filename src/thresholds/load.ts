/**
 * The database work of judging one contract after a new or corrected score: lock the contract row,
 * read its clauses and current scores, run the pure evaluator. Two indexed reads (the primary key and
 * the partial unique index `monthly_scores_current_uq` on (contract_id, month) where current), sent
 * together in one round trip, so the cost does not depend on how many contracts the zone has.
 */
import { rawSql, type Tx } from '../db/client';
import type { ContractClauseValues, ContractStatus, ServiceCategory } from '../db/schema';
import { type Evaluation, evaluateContract, type MonthlyScore, type Term } from '../domain/threshold';
import { evaluatorClauses, termOf } from './context';

export type LoadedContract = {
  id: number;
  unitId: number;
  vendorId: number;
  leaderId: number;
  category: ServiceCategory;
  status: ContractStatus;
  startsOn: string;
  endsOn: string;
  clauses: ContractClauseValues;
};

export type LoadedEvaluation = {
  contract: LoadedContract;
  term: Term;
  /** The current (latest, corrected) final score of every scored month, in month order. */
  scores: MonthlyScore[];
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
  // Issued together: one round trip. Postgres runs them in order, so the score read starts (and
  // takes its snapshot) only once the lock is held, and sees every score committed before it.
  const [rows, scores] = await Promise.all([
    sql<LoadedContract[]>`
      select id::int as "id", unit_id::int as "unitId", vendor_id::int as "vendorId",
        leader_id::int as "leaderId", category, status, starts_on as "startsOn", ends_on as "endsOn", clauses
      from contracts where id = ${contractId} for update`,
    sql<MonthlyScore[]>`
      select month, final_tenths as "finalTenths" from monthly_scores
      where contract_id = ${contractId} and current order by month`,
  ]);
  const contract = rows[0];
  if (!contract) return undefined;
  const term = termOf(contract);
  const evaluation = evaluateContract({
    clauses: evaluatorClauses(contract.clauses),
    term,
    scores: [...scores],
    asOf,
  });
  return { contract, term, scores: [...scores], evaluation };
}
