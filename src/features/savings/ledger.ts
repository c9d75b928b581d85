import { and, eq, inArray, sql } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { SavingMonthTotal } from '../../cards/charts/savings-data';
import type { SavingTotal } from '../../cards/savings';
import { type DbOrTx, rawSql, type Tx } from '../../db/client';
import { savings, units } from '../../db/schema';
import { savingMonthsOn } from '../../db/sql/savings';
import type { SavingCause } from '../../domain/savings';

export type NewSaving = {
  unitId: number;
  year: number;
  cause: SavingCause;
  amountFen: bigint;
  evidence: string;
  contractId?: number;
  settlementId?: number;
  actor: string;
  /** When it is recorded, by the app's clock: its month on the savings charts is this one's. */
  at: Date;
};

/**
 * Records one saving (rule 15) with its audit row. A settlement's deduction is recorded once: the
 * unique index on settlement_id turns a second attempt into a no-op that returns undefined.
 */
export async function recordSaving(tx: Tx, s: NewSaving) {
  const [row] = await tx
    .insert(savings)
    .values({
      unitId: s.unitId,
      year: s.year,
      cause: s.cause,
      amountFen: s.amountFen,
      evidence: s.evidence,
      contractId: s.contractId ?? null,
      settlementId: s.settlementId ?? null,
      recordedBy: s.actor,
      createdAt: s.at,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return undefined;
  await appendAudit(tx, {
    aggregateType: 'saving',
    aggregateId: row.id,
    actor: s.actor,
    at: s.at,
    action: 'saving.recorded',
    data: {
      unitId: s.unitId,
      year: s.year,
      cause: s.cause,
      amountFen: s.amountFen.toString(),
      evidence: s.evidence,
      contractId: s.contractId ?? null,
      settlementId: s.settlementId ?? null,
    },
  });
  return row;
}

/** The year's savings summed by unit and cause; `unitIds` limits it to the units a person may see. */
export async function savingTotals(db: DbOrTx, year: number, unitIds?: number[]): Promise<SavingTotal[]> {
  const rows = await db
    .select({
      unitId: savings.unitId,
      unitName: units.name,
      cause: savings.cause,
      // Postgres sums bigint into numeric; text keeps every digit on the way to BigInt.
      total: sql<string>`sum(${savings.amountFen})::text`,
      count: sql<number>`count(*)::int`,
    })
    .from(savings)
    .innerJoin(units, eq(units.id, savings.unitId))
    .where(and(eq(savings.year, year), unitIds ? inArray(savings.unitId, unitIds) : undefined))
    .groupBy(savings.unitId, units.name, savings.cause)
    .orderBy(savings.unitId, savings.cause);
  return rows.map((r) => ({ ...r, totalFen: BigInt(r.total) }));
}

/** The year's savings by month, unit and cause, for the savings card's charts (`savingMonthsOn`). */
export function savingMonths(db: DbOrTx, year: number, unitIds?: number[]): Promise<SavingMonthTotal[]> {
  return savingMonthsOn(rawSql(db), year, unitIds);
}
