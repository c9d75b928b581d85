/**
 * `spotcheck:verify` and the card's 验证抽样: re-draws a spot check from its record and says whether it matches.
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

/** One check of the re-draw: what was compared and what was found, in Chinese, and whether it held. */
export type VerdictCheck = { pass: boolean; what: string; found: string };
export type Verdict = { id: number; ok: boolean; exists: boolean; checks: VerdictCheck[] };

/** The verdict as the lines `spotcheck:verify` prints. */
export function verdictLines(v: Verdict): string[] {
  if (!v.exists) return [`抽查 #${v.id} 不存在`];
  return [
    ...v.checks.map((c) => `${c.pass ? '✔' : '✘'} ${c.what}:${c.found}`),
    v.ok ? `抽样一致:抽查 #${v.id}` : `抽样不一致:抽查 #${v.id}`,
  ];
}

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
  const checks: VerdictCheck[] = [];
  let ok = true;
  const check = (pass: boolean, what: string, words: [yes: string, no: string] = ['一致', '不一致']) => {
    checks.push({ pass, what, found: pass ? words[0] : words[1] });
    ok &&= pass;
  };
  const [row] = await db.select().from(spotChecks).where(eq(spotChecks.id, id));
  if (!row) return { id, ok: false, exists: false, checks };
  const trail = await db
    .select({ seq: auditLog.seq, action: auditLog.action, data: auditLog.data })
    .from(auditLog)
    .where(and(eq(auditLog.aggregateType, 'spot_check'), eq(auditLog.aggregateId, String(id))))
    .orderBy(asc(auditLog.seq));
  const created = trail.find((a) => a.action === 'spot_check.created');
  const drawnAudit = trail.find((a) => a.action === 'spot_check.drawn');
  check(seedHashOf(row.seed) === row.seedHash, `种子的 SHA-256 哈希与登记的种子哈希(${row.seedHash})`);
  check(
    (created?.data as { seedHash?: string })?.seedHash === row.seedHash,
    '确认范围时审计记录中的种子哈希与登记的种子哈希',
  );
  if (!row.drawnAt || !drawnAudit) {
    check(false, '抽取', ['已抽取', '尚未抽取']);
    return { id, ok, exists: true, checks };
  }
  const d = drawnAudit.data as unknown as Drawn;
  check(created!.seq < drawnAudit.seq, '种子哈希在读取考核记录之前登记', ['是', '否']);
  check(d.seed === row.seed, '审计记录中的种子与登记的种子');
  const population = idsOfRanges(d.populationRanges);
  check(
    population.length === row.population && d.population === row.population,
    `范围内考核记录条数(登记 ${row.population} 条)与审计记录`,
  );
  const history = await populationAtOn(rawSql(db), row.scope, row.drawnAt);
  check(same(history, population), '审计记录中的考核记录与抽取时范围内当前有效的考核记录');
  const k = sampleCount(population.length, { size: row.sampleSize, bp: row.sampleBp });
  const redrawn = drawSample(row.seed, population, k).map((s) => ({ scoreId: s.id, key: s.key }));
  // jsonb keeps its own key order: compare the audited entries field by field.
  const audited = d.sample.map((s) => ({ scoreId: s.scoreId, key: s.key }));
  check(same(redrawn, audited), `重新抽取的 ${k} 条样本与审计记录中的样本`);
  const stored = await db
    .select({ scoreId: spotCheckSamples.scoreId, key: spotCheckSamples.drawKey })
    .from(spotCheckSamples)
    .where(eq(spotCheckSamples.spotCheckId, id))
    .orderBy(asc(spotCheckSamples.drawKey), asc(spotCheckSamples.scoreId));
  check(same(redrawn, stored), '重新抽取的样本与系统中保存的样本');
  return { id, ok, exists: true, checks };
}
