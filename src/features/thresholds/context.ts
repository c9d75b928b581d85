/**
 * What the threshold engine reads about one contract: the row (locked by the caller), its vendor,
 * the clause values in the evaluator's shape, the term, the current scores and who is told.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, rawSql } from '../../db/client';
import {
  contractAssessors,
  contracts,
  monthlyScores,
  people,
  purchaseRequests,
  roleGrants,
  vendors,
} from '../../db/schema';
import { monthOfDate } from '../../domain/months';
import type { ContractClauses, MonthlyScore, Term } from '../../domain/threshold';

export type ContractRow = typeof contracts.$inferSelect;
export type Person = { id: number; openId: string; name: string };

/** The columns of a contract the threshold engine and its cards use (a full row is one too). */
export type FactsContract = Pick<
  ContractRow,
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

export type ContractFacts = {
  contract: FactsContract;
  vendorName: string;
  clauses: ContractClauses;
  term: Term;
};

/** The jsonb clause values (cap as a decimal string) in the evaluator's shape (cap as bigint fen). */
export function evaluatorClauses(c: ContractRow['clauses']): ContractClauses {
  return {
    termination: c.termination,
    bidBan: c.bidBan,
    deduction: { bands: c.deduction.bands, annualCapFen: BigInt(c.deduction.annualCapFen) },
  };
}

export function termOf(c: Pick<ContractRow, 'startsOn' | 'endsOn'>): Term {
  return { startMonth: monthOfDate(c.startsOn), endMonth: monthOfDate(c.endsOn) };
}

/**
 * The contract and its vendor; `lock` takes the contract's row lock (the one scores take too). For
 * the decisions and the exit; the evaluation after a score loads through `loadAndEvaluate` (load.ts).
 */
export async function loadFacts(
  db: DbOrTx,
  contractId: number,
  lock = false,
): Promise<(ContractFacts & { contract: ContractRow }) | undefined> {
  const q = db
    .select({ contract: contracts, vendorName: vendors.name })
    .from(contracts)
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .where(eq(contracts.id, contractId));
  const [row] = lock ? await q.for('update', { of: contracts }) : await q;
  if (!row) return undefined;
  return {
    contract: row.contract,
    vendorName: row.vendorName,
    clauses: evaluatorClauses(row.contract.clauses),
    term: termOf(row.contract),
  };
}

/**
 * The latest (current) final score of every scored month. `current` is written as the bare column,
 * not `= $2`: a prepared statement's generic plan can then use the partial index
 * monthly_scores_current_uq (contract_id, month) where current.
 */
export async function currentScores(db: DbOrTx, contractId: number): Promise<MonthlyScore[]> {
  return db
    .select({ month: monthlyScores.month, finalTenths: monthlyScores.finalTenths })
    .from(monthlyScores)
    .where(and(eq(monthlyScores.contractId, contractId), sql`${monthlyScores.current}`))
    .orderBy(asc(monthlyScores.month));
}

export async function peopleByIds(db: DbOrTx, ids: number[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: people.id, openId: people.openId, name: people.name })
    .from(people)
    .where(inArray(people.id, [...new Set(ids)]))
    .orderBy(asc(people.id));
}

/**
 * Who is told of a contract's warnings: its responsible leader and its assessors, once each, by
 * person id. One statement: the assessors through the primary key of contract_assessors
 * (contract_id, person_id), the people through theirs (`= any(array)` keeps it an index scan).
 */
export async function leaderAndAssessors(
  db: DbOrTx,
  contractId: number,
  leaderId: number,
): Promise<Person[]> {
  const sql = rawSql(db);
  return sql<Person[]>`
    select id::int as "id", open_id as "openId", name from people
    where id = any(array(select person_id from contract_assessors where contract_id = ${contractId}) || ${leaderId}::bigint)
    order by id`;
}

export async function assessorIds(db: DbOrTx, contractId: number): Promise<number[]> {
  const rows = await db
    .select({ id: contractAssessors.personId })
    .from(contractAssessors)
    .where(eq(contractAssessors.contractId, contractId));
  return rows.map((r) => r.id);
}

/** The request behind the contract: its filer and responsible department person. */
export async function requestPeople(db: DbOrTx, requestId: number) {
  const [r] = await db
    .select({ filerId: purchaseRequests.filerId, departmentId: purchaseRequests.departmentId })
    .from(purchaseRequests)
    .where(eq(purchaseRequests.id, requestId));
  return r!;
}

/** The zone finance person with the lowest person id holding a live zone-wide grant, if any. */
export async function firstZoneFinance(db: DbOrTx): Promise<number | undefined> {
  const [row] = await db
    .select({ id: roleGrants.personId })
    .from(roleGrants)
    .where(and(eq(roleGrants.role, 'finance'), isNull(roleGrants.unitId), isNull(roleGrants.revokedAt)))
    .orderBy(asc(roleGrants.personId))
    .limit(1);
  return row?.id;
}
