/**
 * Settlement per payment period (rule 11), from the database: the contract and its rows as
 * `settlementRows` (settlement-rows.ts, where the months-of-a-period and cap rules are explained)
 * computes them, so the card and confirming a period agree to the fen.
 */

import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type DbOrTx, rawSql } from '../../db/client';
import { contracts, people, settlements, units, vendors } from '../../db/schema';
import { currentScoresOn } from '../../db/sql/contracts';
import { shanghaiDate } from '../../domain/calendar';
import type { ContractClauseValues, ContractStatus, PaymentPeriod } from '../../domain/contract';
import { type SettlementRow, settlementRows } from '../../domain/settlement-rows';

const leader = alias(people, 'leader');
const settler = alias(people, 'settler');

export type SettlementContract = {
  id: number;
  unitId: number;
  unit: string;
  vendor: string;
  leaderId: number;
  leaderOpenId: string;
  category: typeof contracts.$inferSelect.category;
  amountFen: bigint;
  startsOn: string;
  endsOn: string;
  signedOn: string;
  schedule: PaymentPeriod[];
  clauses: ContractClauseValues;
  /** The stored status and termination date: with a date, they give the status (contract-status.ts). */
  status: ContractStatus;
  endedOn: string | null;
};

export type SettlementReport = { contract: SettlementContract; rows: SettlementRow[] };

/**
 * The contract's settlement as plain rows, from the database: what the card shows and what
 * confirming stores. Undefined when the contract does not exist. Inside a transaction that locked the
 * contract, it reads what the confirmation will write against.
 */
export async function settlementReport(
  db: DbOrTx,
  contractId: number,
): Promise<SettlementReport | undefined> {
  const [[row], scores, stored] = await Promise.all([
    db
      .select({ c: contracts, unit: units.name, vendor: vendors.name, leaderOpenId: leader.openId })
      .from(contracts)
      .innerJoin(units, eq(units.id, contracts.unitId))
      .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
      .innerJoin(leader, eq(leader.id, contracts.leaderId))
      .where(eq(contracts.id, contractId)),
    // The scores as they count: a spot check's score where the funding rule makes it stand (rule 12).
    currentScoresOn(rawSql(db), contractId),
    db
      .select({ s: settlements, by: settler.name })
      .from(settlements)
      .leftJoin(settler, eq(settler.id, settlements.settledBy))
      .where(eq(settlements.contractId, contractId))
      .orderBy(asc(settlements.id)),
  ]);
  if (!row) return undefined;
  const c = row.c;
  const contract: SettlementContract = {
    id: c.id,
    unitId: c.unitId,
    unit: row.unit,
    vendor: row.vendor,
    leaderId: c.leaderId,
    leaderOpenId: row.leaderOpenId,
    category: c.category,
    amountFen: c.amountFen,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    signedOn: c.signedOn,
    schedule: c.paymentSchedule,
    clauses: c.clauses,
    status: c.status,
    endedOn: c.endedOn,
  };
  const rows = settlementRows({
    schedule: c.paymentSchedule,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    endedOn: c.status === 'terminating' || c.status === 'terminated' ? c.endedOn : null,
    bands: c.clauses.deduction.bands,
    annualCapFen: BigInt(c.clauses.deduction.annualCapFen),
    scores,
    confirmed: stored.map(({ s, by }) => ({ ...s, settledBy: by, settledOn: shanghaiDate(s.createdAt) })),
  });
  return { contract, rows };
}
