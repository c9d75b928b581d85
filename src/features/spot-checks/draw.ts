/**
 * Step 2 of a spot check, 抽取: only once the seed's hash is on record (the row and its audit), the
 * population is read (the current scores in scope), the k assessments with the smallest
 * HMAC-SHA256(seed, score id) are drawn and written, and the seed, the population and the sample are
 * audited. Under the check's row lock: a second click finds it drawn and shows the same sample.
 *
 * The population is recorded in the draw's audit row (as ranges of score ids, with its count;
 * the audit row's hash chain seals it): scores are corrected later, so "the current scores in scope" changes, while the audit
 * trail is append-only and hash-chained. Verify re-draws from that record and checks it against the
 * score history as of the draw (see verify.ts).
 */
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { rawSql, type Tx } from '../../db/client';
import { auditLog, spotChecks } from '../../db/schema';
import { chosenScoresOn, eachPopulationIdOn, insertSamplesOn } from '../../db/sql/spot-checks';
import type { Actor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import { type Drawn, drawRanked, idRanges, sampleCount } from '../../domain/spot-check-draw';
import { requireChecker, requireScope } from './access';
import { type SpotCheckRow, seedHashOf } from './create';
import { rankWhileReading } from './ranker';

/** The check under its row lock; refused when it does not exist or its seed is not on record. */
export async function lockCommittedCheck(tx: Tx, id: number): Promise<SpotCheckRow> {
  const [[row], [created]] = await Promise.all([
    tx.select().from(spotChecks).where(eq(spotChecks.id, id)).for('update'),
    tx
      .select({ data: auditLog.data })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.aggregateType, 'spot_check'),
          eq(auditLog.aggregateId, String(id)),
          eq(auditLog.action, 'spot_check.created'),
        ),
      ),
  ]);
  if (!row) throw new DomainError('no_spot_check', `抽查 #${id} 不存在`);
  const committed = (created?.data as { seedHash?: string } | undefined)?.seedHash;
  if (committed !== row.seedHash || seedHashOf(row.seed) !== row.seedHash)
    throw new DomainError('bad_spot_check', '该抽查的种子哈希未登记,不能抽取');
  return row;
}

export type DrawResult = { check: SpotCheckRow; fresh: boolean; sample: Drawn[]; population: number };

export async function drawSpotCheck(
  tx: Tx,
  input: { actor: Actor | undefined; id: number; now: Date },
): Promise<DrawResult> {
  const actor = requireChecker(input.actor);
  const check = await lockCommittedCheck(tx, input.id);
  if (check.createdBy !== actor.personId) throw new DomainError('not_allowed', '只有发起人可以抽取该抽查');
  requireScope(actor, check.scope);
  if (check.drawnAt) return { check, fresh: false, sample: [], population: check.population ?? 0 };
  const sql = rawSql(tx);
  // Ranked as read (a worker thread hashes while rows arrive); the sample is drawSample's.
  const { ids: population, rank } = await rankWhileReading(check.seed, (onId) =>
    eachPopulationIdOn(sql, check.scope, onId),
  );
  const k = sampleCount(population.length, { size: check.sampleSize, bp: check.sampleBp });
  const sample = drawRanked(check.seed, population, rank, k);
  const chosen = new Map(
    (
      await chosenScoresOn(
        sql,
        sample.map((s) => s.id),
      )
    ).map((c) => [c.scoreId, c]),
  );
  await insertSamplesOn(
    sql,
    check.id,
    sample.map((s) => ({ ...chosen.get(s.id)!, drawKey: s.key })),
  );
  const [drawn] = await tx
    .update(spotChecks)
    .set({ population: population.length, drawnAt: input.now })
    .where(eq(spotChecks.id, check.id))
    .returning();
  await appendAudit(tx, {
    aggregateType: 'spot_check',
    aggregateId: check.id,
    actor: actor.openId,
    action: 'spot_check.drawn',
    data: {
      seed: check.seed,
      seedHash: check.seedHash,
      k,
      population: population.length,
      populationRanges: idRanges(population),
      sample: sample.map((s) => ({ scoreId: s.id, key: s.key })),
    },
    at: input.now,
  });
  return { check: drawn!, fresh: true, sample, population: population.length };
}
