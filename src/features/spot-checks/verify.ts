/**
 * `spotcheck:verify`: re-draws a spot check from its record and says whether it matches.
 *
 * What is re-drawn from: the population recorded in the draw's audit row (score ids as ranges). The
 * current scores in scope change as scores are corrected, so they cannot be re-read later; the audit
 * row is append-only and hash-chained (`audit:verify` checks the chain), so it is the population as it
 * was. It is also checked against the score history as of the draw (scores are never deleted, a
 * correction only clears `current` of the row it supersedes), so a population that left out or
 * added assessments would not match either.
 */
import { and, asc, eq } from 'drizzle-orm';
import { type DbOrTx, rawSql } from '../../db/client';
import { auditLog, spotCheckSamples, spotChecks } from '../../db/schema';
import { populationAtOn } from '../../db/sql/spot-checks';
import { drawSample, idsOfRanges, sampleCount } from '../../domain/spot-check-draw';
import { seedHashOf } from './create';

export type Verdict = { ok: boolean; lines: string[] };

type Drawn = {
  seed: string;
  seedHash: string;
  k: number;
  population: number;
  populationRanges: [number, number][];
  sample: { scoreId: number; key: string }[];
};

const same = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b);

export async function verifySpotCheck(db: DbOrTx, id: number): Promise<Verdict> {
  const lines: string[] = [];
  let ok = true;
  const check = (pass: boolean, what: string) => {
    lines.push(`${pass ? 'ok  ' : 'FAIL'} ${what}`);
    ok &&= pass;
  };
  const [row] = await db.select().from(spotChecks).where(eq(spotChecks.id, id));
  if (!row) return { ok: false, lines: [`spot check ${id} does not exist`] };
  const trail = await db
    .select({ seq: auditLog.seq, action: auditLog.action, data: auditLog.data })
    .from(auditLog)
    .where(and(eq(auditLog.aggregateType, 'spot_check'), eq(auditLog.aggregateId, String(id))))
    .orderBy(asc(auditLog.seq));
  const created = trail.find((a) => a.action === 'spot_check.created');
  const drawnAudit = trail.find((a) => a.action === 'spot_check.drawn');
  check(seedHashOf(row.seed) === row.seedHash, `seed_hash = sha256(seed) (${row.seedHash})`);
  check(
    (created?.data as { seedHash?: string })?.seedHash === row.seedHash,
    'the hash was audited when the check was created',
  );
  if (!row.drawnAt || !drawnAudit) {
    check(false, 'the check has been drawn');
    return { ok, lines };
  }
  const d = drawnAudit.data as unknown as Drawn;
  check(created!.seq < drawnAudit.seq, 'the hash was on record before the population was read');
  check(d.seed === row.seed, 'the audited seed is the recorded seed');
  const population = idsOfRanges(d.populationRanges);
  check(
    population.length === row.population && d.population === row.population,
    `population of ${row.population}`,
  );
  const history = await populationAtOn(rawSql(db), row.scope, row.drawnAt);
  check(same(history, population), 'the recorded population is the current scores in scope at the draw');
  const k = sampleCount(population.length, { size: row.sampleSize, bp: row.sampleBp });
  const redrawn = drawSample(row.seed, population, k).map((s) => ({ scoreId: s.id, key: s.key }));
  // jsonb keeps its own key order: compare the audited entries field by field.
  const audited = d.sample.map((s) => ({ scoreId: s.scoreId, key: s.key }));
  check(same(redrawn, audited), `re-drawn sample of ${k} = the audited sample`);
  const stored = await db
    .select({ scoreId: spotCheckSamples.scoreId, key: spotCheckSamples.drawKey })
    .from(spotCheckSamples)
    .where(eq(spotCheckSamples.spotCheckId, id))
    .orderBy(asc(spotCheckSamples.drawKey), asc(spotCheckSamples.scoreId));
  check(same(redrawn, stored), 're-drawn sample = the stored samples');
  lines.push(ok ? `MATCH spot check ${id}` : `MISMATCH spot check ${id}`);
  return { ok, lines };
}
