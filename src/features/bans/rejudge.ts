/**
 * Rule 10 across the year boundary. December is scored in January and scores are corrected later,
 * so after every score (new or corrected) of a year already judged (the year-end job has started on
 * it, which it records in the audit trail, or a ban for it exists), in the score's transaction and
 * under the contract's row lock, that year is judged again for the contract: a ban is recorded (or a
 * lifted one re-added) and every procurement already recorded with the vendor for the project in the
 * banned year is flagged to discipline inspection, or a live ban of this contract is lifted. The ban
 * row is locked first, and each change and flag is keyed, so a notice goes out once per change.
 */
import { appendAudit } from '../../audit/append';
import { rawSql, type Tx } from '../../db/client';
import {
  addBanOn,
  type BatchContract,
  banContractOn,
  banForUpdateOn,
  disciplineOn,
  flagProcurementsOn,
  liftBanOn,
  unitLeadershipOn,
  yearEndRanOn,
  yearScoresOn,
} from '../../db/sql/bans';
import { CATEGORY_LABELS } from '../../domain/categories';
import { formatYuan } from '../../domain/money';
import { rejudge, yearJudged } from '../../domain/rejudge';
import { formatPoints } from '../../domain/score';
import { bidBanFor, yearStanding } from '../../domain/threshold';
import type { OutboxWriter } from '../../outbox/write';
import { evaluatorClauses, termOf } from '../thresholds/context';
import { banReason } from './year-end';

export const REJUDGE_ACTOR = 'system:rejudge';

export type RejudgeResult = { banned?: number; lifted?: number; flagged: number[] };

const project = (c: BatchContract) => `${c.vendorName}(${c.unitName}${CATEGORY_LABELS[c.category]}项目)`;

/** Re-judges `year` for the contract when the year was already judged; see the file comment. */
export async function rejudgeAfterScore(
  tx: Tx,
  e: { contractId: number; month: string },
  d: { out: OutboxWriter; now: Date },
): Promise<RejudgeResult> {
  const result: RejudgeResult = { flagged: [] };
  const year = Number(e.month.slice(0, 4));
  const sql = rawSql(tx);
  // The contract, its ban (row-locked) and whether the year-end judged the year: one round trip.
  const [c, existing, ran] = await Promise.all([
    banContractOn(sql, e.contractId),
    banForUpdateOn(sql, e.contractId, year + 1),
    yearEndRanOn(sql, year),
  ]);
  if (!c) return result;
  const recorded = existing ? { lifted: existing.lifted } : null;
  if (!yearJudged(recorded, ran)) return result;
  // A live ban caused by another contract of the same project is that contract's to lift.
  if (existing && !existing.lifted && existing.contractId !== c.id) return result;
  const clauses = evaluatorClauses(c.clauses);
  const scores = (await yearScoresOn(sql, [c.id], year)).get(c.id) ?? [];
  const now = bidBanFor(clauses, termOf(c), scores, year);
  const verdict = rejudge(now, recorded);
  const bar = clauses.bidBan.annualAverageBelowTenths;
  const at = d.now.toISOString();
  if (verdict.kind === 'none') return result;
  const leaders = (await unitLeadershipOn(sql, [c.unitId])).get(c.unitId) ?? [];
  if (verdict.kind === 'ban') {
    const reason = banReason(c, year, verdict.ban.display, bar);
    const banId = await addBanOn(sql, c, year + 1, reason, REJUDGE_ACTOR);
    if (banId === undefined) return result;
    result.banned = banId;
    await appendAudit(tx, {
      aggregateType: 'contract',
      aggregateId: c.id,
      actor: REJUDGE_ACTOR,
      action: 'vendor.banned',
      data: {
        ban: banId,
        vendor: c.vendorId,
        unit: c.unitId,
        category: c.category,
        year: year + 1,
        reason,
        month: e.month,
        rejudged: true,
        recipients: leaders,
      },
      at: d.now,
    });
    const text = `【禁投通知】${project(c)}:${reason}(${e.month}的评分录入或更正后重新评定)。采购登记时系统将拒绝该供应商。`;
    for (const openId of leaders) await d.out.send({ type: 'open_id', id: openId }, { text });
    result.flagged = await flag(tx, d, c, banId, year + 1, reason);
    return result;
  }
  const standing = yearStanding(clauses, termOf(c), scores, year);
  const avg = standing.averageDisplay ? `更正后为${standing.averageDisplay}分,` : '已无评分,';
  const reason = `合同${c.id} ${year}年度考核平均分${avg}达到${formatPoints(bar)}分`;
  if (!(await liftBanOn(sql, existing!.id, reason, at))) return result;
  result.lifted = existing!.id;
  await appendAudit(tx, {
    aggregateType: 'contract',
    aggregateId: c.id,
    actor: REJUDGE_ACTOR,
    action: 'vendor.ban_lifted',
    data: {
      ban: existing!.id,
      vendor: c.vendorId,
      year: year + 1,
      reason,
      month: e.month,
      recipients: leaders,
    },
    at: d.now,
  });
  const text = `【解除禁投】${project(c)}:${year}年度考核平均分${avg}达到${formatPoints(bar)}分,${year + 1}年度的禁投已解除。`;
  for (const openId of leaders) await d.out.send({ type: 'open_id', id: openId }, { text });
  return result;
}

/** The procurements already recorded with the vendor for the project in the banned year, once each. */
async function flag(
  tx: Tx,
  d: { out: OutboxWriter; now: Date },
  c: BatchContract,
  banId: number,
  year: number,
  reason: string,
) {
  const sql = rawSql(tx);
  const fresh = await flagProcurementsOn(sql, banId, c, year, d.now.toISOString());
  if (fresh.length === 0) return [];
  const inspectors = await disciplineOn(sql, c.unitId);
  for (const p of fresh) {
    await appendAudit(tx, {
      aggregateType: 'contract',
      aggregateId: c.id,
      actor: REJUDGE_ACTOR,
      action: 'vendor.ban_flagged',
      data: { ban: banId, procurement: p.id, request: p.requestId, recipients: inspectors },
      at: d.now,
    });
    const text =
      `【禁投后发现已登记采购】${project(c)}已被禁止参与${year}年度投标(${reason}),` +
      `但采购申请 #${p.requestId} 的采购结果(采购记录 #${p.id},成交日期 ${p.awardDate},成交金额 ${formatYuan(BigInt(p.awardedFen))})已在禁投前登记,请核查。`;
    for (const openId of inspectors) await d.out.send({ type: 'open_id', id: openId }, { text });
  }
  return fresh.map((p) => p.id);
}
