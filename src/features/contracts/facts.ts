/**
 * What the threshold engine reads about one contract: the row (locked by the caller), its vendor,
 * the clause values in the evaluator's shape, the term, the current scores and who is told.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { type DbOrTx, rawSql } from '../../db/client';
import { contractAssessors, type contracts, people, purchaseRequests, roleGrants } from '../../db/schema';
import {
  type ContractFactsRow,
  contractFactsOn,
  currentScoresOn,
  type FactsContract,
  leaderAndAssessorsOn,
  type PersonRow,
} from '../../db/sql/contracts';
import { monthOfDate } from '../../domain/months';
import type { ContractClauses, MonthlyScore, Term } from '../../domain/threshold';

export type ContractRow = typeof contracts.$inferSelect;
export type Person = PersonRow;

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

/** The facts of a contract row as read with its vendor's name. */
export function factsOf(row: ContractFactsRow): ContractFacts {
  const { vendorName, ...contract } = row;
  return { contract, vendorName, clauses: evaluatorClauses(contract.clauses), term: termOf(contract) };
}

/**
 * The contract and its vendor; `lock` takes the contract's row lock (the one scores take too). For
 * the decisions and the exit; the evaluation after a score loads through `loadAndEvaluate` (load.ts),
 * with the same statement.
 */
export async function loadFacts(
  db: DbOrTx,
  contractId: number,
  lock = false,
): Promise<ContractFacts | undefined> {
  const row = await contractFactsOn(rawSql(db), contractId, lock);
  return row && factsOf(row);
}

/** The latest (current) final score of every scored month, in month order. */
export function currentScores(db: DbOrTx, contractId: number): Promise<MonthlyScore[]> {
  return currentScoresOn(rawSql(db), contractId);
}

export async function peopleByIds(db: DbOrTx, ids: number[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: people.id, openId: people.openId, name: people.name })
    .from(people)
    .where(inArray(people.id, [...new Set(ids)]))
    .orderBy(asc(people.id));
}

/** Who is told of a contract's warnings: its responsible leader and its assessors, once each. */
export function leaderAndAssessors(db: DbOrTx, contractId: number, leaderId: number): Promise<Person[]> {
  return leaderAndAssessorsOn(rawSql(db), contractId, leaderId);
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
