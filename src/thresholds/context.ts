/**
 * What the threshold engine reads about one contract: the row (locked by the caller), its vendor,
 * the clause values in the evaluator's shape, the term, the current scores and who is told.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import {
  contractAssessors,
  contracts,
  monthlyScores,
  people,
  purchaseRequests,
  roleGrants,
  vendors,
} from '../db/schema';
import { monthOfDate } from '../domain/months';
import type { ContractClauses, MonthlyScore, Term } from '../domain/threshold';

export type ContractRow = typeof contracts.$inferSelect;
export type Person = { id: number; openId: string; name: string };

export type ContractFacts = {
  contract: ContractRow;
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

/** The contract and its vendor; `lock` takes the contract's row lock (the one scores take too). */
export async function loadFacts(
  db: DbOrTx,
  contractId: number,
  lock = false,
): Promise<ContractFacts | undefined> {
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

/** The latest (current) final score of every scored month. */
export async function currentScores(db: DbOrTx, contractId: number): Promise<MonthlyScore[]> {
  return db
    .select({ month: monthlyScores.month, finalTenths: monthlyScores.finalTenths })
    .from(monthlyScores)
    .where(and(eq(monthlyScores.contractId, contractId), eq(monthlyScores.current, true)))
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
