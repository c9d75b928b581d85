import type { MonthlyScore } from '../../domain/threshold';
import type { Sql } from '../client';
import type { contracts } from '../schema';
import { standingCheckerScores } from './spot-checks';

/** The columns of a contract the threshold engine, the termination flow and their cards use. */
export type FactsContract = Pick<
  typeof contracts.$inferSelect,
  | 'id'
  | 'requestId'
  | 'unitId'
  | 'vendorId'
  | 'leaderId'
  | 'category'
  | 'status'
  | 'startsOn'
  | 'endsOn'
  | 'endedOn'
  | 'signedOn'
  | 'clauses'
>;
export type ContractFactsRow = FactsContract & { vendorName: string };

/**
 * The contract with its vendor's name, through the two primary keys; `lock` takes the contract's
 * row lock (`for update`, the lock score entry takes before it writes a score). Issued when called.
 */
export function contractFactsOn(
  sql: Sql,
  contractId: number,
  lock: boolean,
): Promise<ContractFactsRow | undefined> {
  // The lock as a fragment: with it, the text is the one statement the evaluation has always sent.
  return sql<ContractFactsRow[]>`
      select c.id::int as "id", c.request_id::int as "requestId", c.unit_id::int as "unitId",
        c.vendor_id::int as "vendorId", c.leader_id::int as "leaderId", c.category, c.status,
        c.starts_on as "startsOn", c.ends_on as "endsOn", c.ended_on as "endedOn", c.signed_on as "signedOn",
        c.clauses, v.name as "vendorName"
      from contracts c join vendors v on v.id = c.vendor_id
      where c.id = ${contractId}${lock ? sql` for update of c` : sql``}`.then((rows) => rows[0]);
}

/**
 * The latest (current) final score of every scored month, in month order, as it counts: a spot
 * check's score where the funding rule makes it stand (`standingCheckerScores`). `current` is written as
 * the bare column, not `= $2`: a prepared statement's generic plan can then use the partial index
 * monthly_scores_current_uq (contract_id, month) where current. Issued when called.
 */
export function currentScoresOn(sql: Sql, contractId: number): Promise<MonthlyScore[]> {
  return sql<MonthlyScore[]>`
      select s.month, coalesce(st.checker_final_tenths, s.final_tenths) as "finalTenths"
      from monthly_scores s left join ${standingCheckerScores(sql, [contractId])} st on st.month = s.month
      where s.contract_id = ${contractId} and s.current order by s.month`.then((rows) => [...rows]);
}

/** A month whose checker score stands for it (rule 12), with the assessor's score it replaces. */
export type StandingScore = {
  contractId: number;
  month: string;
  assessorTenths: number;
  checkerTenths: number;
};

/**
 * The months of `contractIds` whose current score is replaced by a spot check's (the funding rule,
 * standingCheckerScores): every place that shows such a month shows both scores and says which counts.
 */
export function standingScoresOn(sql: Sql, contractIds: number[]): Promise<StandingScore[]> {
  if (contractIds.length === 0) return Promise.resolve([]);
  return sql<StandingScore[]>`
      select s.contract_id::int as "contractId", s.month, s.final_tenths as "assessorTenths",
        st.checker_final_tenths as "checkerTenths"
      from monthly_scores s
        join ${standingCheckerScores(sql, contractIds)} st on st.contract_id = s.contract_id and st.month = s.month
      where s.contract_id = any(${contractIds}::bigint[]) and s.current
      order by s.contract_id, s.month`.then((rows) => [...rows]);
}

export type PersonRow = { id: number; openId: string; name: string };

/**
 * A contract's responsible leader and its assessors, once each, by person id. One statement: the
 * assessors through the primary key of contract_assessors (contract_id, person_id), the people
 * through theirs (`= any(array)` keeps it an index scan).
 */
export function leaderAndAssessorsOn(sql: Sql, contractId: number, leaderId: number): Promise<PersonRow[]> {
  return sql<PersonRow[]>`
    select id::int as "id", open_id as "openId", name from people
    where id = any(array(select person_id from contract_assessors where contract_id = ${contractId}) || ${leaderId}::bigint)
    order by id`.then((rows) => [...rows]);
}
