/**
 * Rule 10 across the year boundary. December is scored in January and scores are corrected later,
 * so after every score (new or corrected) of a year already judged (the year-end job has started on
 * it, which it records in the audit trail, or a ban for it exists), in the score's transaction, that
 * year is judged again for the contract's project, over all the vendor's contracts of the project in
 * the year, by the same rule as the year end (project.ts, domain/project-year.ts): a ban is recorded
 * (or a lifted one re-added) and every procurement already recorded with the vendor for the project
 * in the banned year is flagged to discipline inspection, or the project's live ban is lifted.
 * Re-judgements of one project's year are serialised by an advisory lock taken before any score is
 * read (so two contracts of the project corrected at once see each other's scores), the ban row is
 * locked too, and each change and flag is keyed, so a notice goes out once per change.
 */
import { appendAudit } from '../../audit/append';
import { rawSql, type Tx } from '../../db/client';
import {
  addBanOn,
  banContractOn,
  liftBanOn,
  lockedBanOn,
  projectContractsOn,
  unitLeadershipOn,
  yearEndRanOn,
  yearScoresOn,
} from '../../db/sql/bans';
import { yearOf } from '../../domain/business-date';
import { rejudge, yearJudged } from '../../domain/rejudge';
import { formatPoints } from '../../domain/score';
import type { OutboxWriter } from '../../outbox/write';
import {
  banAuditData,
  banReason,
  contractsNamed,
  flagBannedPurchases,
  judgeProject,
  projectName,
} from './project';

export const REJUDGE_ACTOR = 'system:rejudge';

export type RejudgeResult = { banned?: number; lifted?: number; flagged: number[] };

/** Re-judges `year` for the contract's project when the year was already judged; see the file comment. */
export async function rejudgeAfterScore(
  tx: Tx,
  e: { contractId: number; month: string },
  d: { out: OutboxWriter; now: Date },
): Promise<RejudgeResult> {
  const result: RejudgeResult = { flagged: [] };
  const year = yearOf(e.month);
  const sql = rawSql(tx);
  const c = await banContractOn(sql, e.contractId);
  if (!c) return result;
  // The project's lock, its ban (row-locked) and whether the year end judged the year: one round trip.
  const [existing, ran] = await Promise.all([lockedBanOn(sql, c, year + 1), yearEndRanOn(sql, year)]);
  const recorded = existing ? { lifted: existing.lifted } : null;
  if (!yearJudged(recorded, ran)) return result;
  const contracts = await projectContractsOn(sql, [c.id], year);
  if (contracts.length === 0) return result;
  const scores = await yearScoresOn(
    sql,
    contracts.map((x) => x.id),
    year,
  );
  const p = judgeProject(contracts, scores, year);
  const verdict = rejudge(p.ban, recorded);
  if (verdict.kind === 'none') return result;
  const judged = contracts.map((x) => x.id);
  const at = d.now.toISOString();
  const leaders = (await unitLeadershipOn(sql, [c.unitId])).get(c.unitId) ?? [];
  if (verdict.kind === 'ban') {
    const reason = banReason(p, year);
    const banId = await addBanOn(sql, p.barContract, year + 1, reason, REJUDGE_ACTOR);
    if (banId === undefined) return result;
    result.banned = banId;
    await appendAudit(tx, {
      aggregateType: 'contract',
      aggregateId: c.id,
      actor: REJUDGE_ACTOR,
      action: 'vendor.banned',
      data: {
        ...banAuditData(c, { banId, year: year + 1, reason, judged, recipients: leaders }),
        month: e.month,
        rejudged: true,
      },
      at: d.now,
    });
    const text = `【禁投通知】${projectName(c)}:${reason}(${e.month}的评分录入或更正后重新评定)。采购登记时系统将拒绝该供应商。`;
    for (const openId of leaders) await d.out.send({ type: 'open_id', id: openId }, { text });
    result.flagged = await flagBannedPurchases(
      tx,
      { ...d, actor: REJUDGE_ACTOR },
      { id: banId, year: year + 1, reason, contract: c, judged },
    );
    return result;
  }
  const avg = p.averageDisplay ? `更正后为${p.averageDisplay}分,` : '已无评分,';
  const reason = `${contractsNamed(contracts)} ${year}年度考核平均分${avg}达到${formatPoints(p.barTenths)}分`;
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
      contracts: judged,
      recipients: leaders,
    },
    at: d.now,
  });
  const text = `【解除禁投】${projectName(c)}:${year}年度考核平均分${avg}达到${formatPoints(p.barTenths)}分,${year + 1}年度的禁投已解除。`;
  for (const openId of leaders) await d.out.send({ type: 'open_id', id: openId }, { text });
  return result;
}
