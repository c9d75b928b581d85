/** What the spot-check cards show: a check with a page of its samples, and one sample with its contract. */
import { and, asc, count, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { contracts, monthlyScores, spotCheckSamples, spotChecks, units, vendors } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import { mayCheckUnit, requireChecker, requireScope } from './access';

export const PAGE = 20;

export type SampleRow = typeof spotCheckSamples.$inferSelect;
export type CheckRow = typeof spotChecks.$inferSelect;

async function checkOf(db: DbOrTx, id: number): Promise<CheckRow> {
  const [row] = await db.select().from(spotChecks).where(eq(spotChecks.id, id));
  if (!row) throw new DomainError('no_spot_check', `抽查 #${id} 不存在`);
  return row;
}

/** The check and one page of its samples (in draw order), for a checker within its scope. */
export async function spotCheckView(db: DbOrTx, actor: Actor | undefined, id: number, page = 0) {
  const a = requireChecker(actor);
  const check = await checkOf(db, id);
  requireScope(a, check.scope);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        s: spotCheckSamples,
        signedOn: contracts.signedOn,
        vendor: vendors.name,
        unit: units.name,
        // 逾期补录 of the sampled score: shown wherever a score is.
        late: monthlyScores.late,
        dueOn: monthlyScores.dueOn,
      })
      .from(spotCheckSamples)
      .innerJoin(monthlyScores, eq(monthlyScores.id, spotCheckSamples.scoreId))
      .innerJoin(contracts, eq(contracts.id, spotCheckSamples.contractId))
      .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
      .innerJoin(units, eq(units.id, contracts.unitId))
      .where(eq(spotCheckSamples.spotCheckId, id))
      .orderBy(asc(spotCheckSamples.drawKey))
      .limit(PAGE)
      .offset(page * PAGE),
    db.select({ n: count() }).from(spotCheckSamples).where(eq(spotCheckSamples.spotCheckId, id)),
  ]);
  return { check, samples: rows, total: total?.n ?? 0, page };
}

/** One sample with its contract, vendor and the assessor's score row; the actor must cover its unit. */
export async function sampleView(db: DbOrTx, actor: Actor | undefined, checkId: number, scoreId: number) {
  const a = requireChecker(actor);
  const [row] = await db
    .select({ s: spotCheckSamples, c: contracts, vendor: vendors.name, score: monthlyScores })
    .from(spotCheckSamples)
    .innerJoin(contracts, eq(contracts.id, spotCheckSamples.contractId))
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .innerJoin(monthlyScores, eq(monthlyScores.id, spotCheckSamples.scoreId))
    .where(and(eq(spotCheckSamples.spotCheckId, checkId), eq(spotCheckSamples.scoreId, scoreId)));
  if (!row) throw new DomainError('no_spot_check', '该抽查样本不存在');
  if (!mayCheckUnit(a, row.c.unitId)) throw new DomainError('scope_denied', '该样本所属单位超出您的抽查范围');
  return { actor: a, sample: row.s, contract: row.c, vendorName: row.vendor, score: row.score };
}
export type SampleView = Awaited<ReturnType<typeof sampleView>>;
