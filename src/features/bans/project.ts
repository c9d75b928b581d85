/**
 * What the year end and the re-judgement share (rule 10): a project's year judged over all its
 * contracts (domain/project-year.ts says which average), the wording of a ban, and the flag of the
 * procurements already recorded with a vendor banned afterwards, to discipline inspection, once each.
 */
import { appendAudit } from '../../audit/append';
import { rawSql, type Tx } from '../../db/client';
import { type BatchContract, disciplineOn, flagProcurementsOn } from '../../db/sql/bans';
import { CATEGORY_LABELS } from '../../domain/categories';
import { contractNumber } from '../../domain/contract-format';
import { formatYuan } from '../../domain/money';
import type { MonthlyScore } from '../../domain/monthly-scores';
import { type ProjectContract, type ProjectYear, projectYear } from '../../domain/project-year';
import { formatPoints } from '../../domain/score';
import type { OutboxWriter } from '../../outbox/write';
import { evaluatorClauses, termOf } from '../contracts/facts';

/** `资产经营公司保洁项目` of the vendor: `某某物业(资产经营公司保洁项目)`. */
export const projectName = (c: BatchContract) =>
  `${c.vendorName}(${c.unitName}${CATEGORY_LABELS[c.category]}项目)`;

/** `合同HT-2026-0001、HT-2026-0003`: the contracts a project's year was judged on. */
/** The data of a ban's audit row (vendor.banned), however it was judged: the project, the year, why, who is told. */
export const banAuditData = <J>(
  c: Pick<BatchContract, 'vendorId' | 'unitId' | 'category'>,
  b: { banId: number; year: number; reason: string; judged: J; recipients: string[] },
) => ({
  ban: b.banId,
  vendor: c.vendorId,
  unit: c.unitId,
  category: c.category,
  year: b.year,
  reason: b.reason,
  contracts: b.judged,
  recipients: b.recipients,
});

export const contractsNamed = (cs: readonly { id: number; signedOn: string }[]) =>
  `合同${cs.map((c) => contractNumber(c)).join('、')}`;

export type JudgedProject = Omit<ProjectYear<ProjectContract>, 'barContract'> & {
  /** The contract whose bar applied: the ban row names it. */
  barContract: BatchContract;
  contracts: BatchContract[];
};

/** Judges `year` of a project over its contracts overlapping it, with their current scores. */
export function judgeProject(
  contracts: BatchContract[],
  scores: Map<number, MonthlyScore[]>,
  year: number,
): JudgedProject {
  const judged = projectYear(
    contracts.map((c) => ({
      id: c.id,
      endsOn: c.endsOn,
      signedOn: c.signedOn,
      clauses: evaluatorClauses(c.clauses),
      term: termOf(c),
      scores: scores.get(c.id) ?? [],
    })),
    year,
  );
  return { ...judged, barContract: contracts.find((c) => c.id === judged.barContract.id)!, contracts };
}

/** `合同HT-2026-0001 2026年度考核平均分84.9分,低于85分,2027年度不得参与该项目投标`. */
export function banReason(p: JudgedProject, year: number) {
  return `${contractsNamed(p.contracts)} ${year}年度考核平均分${p.ban!.display}分,低于${formatPoints(p.barTenths)}分,${year + 1}年度不得参与该项目投标`;
}

/**
 * Flags the procurements already recorded with the banned vendor for the project in the banned
 * year (except those of the contracts judged), once each: audited on the ban's contract and sent to
 * the unit's discipline inspectors. Returns the procurements flagged now.
 */
export async function flagBannedPurchases(
  tx: Tx,
  d: { out: OutboxWriter; now: Date; actor: string },
  ban: { id: number; year: number; reason: string; contract: BatchContract; judged: number[] },
) {
  const sql = rawSql(tx);
  const c = ban.contract;
  const fresh = await flagProcurementsOn(sql, ban.id, c, ban.judged, ban.year, d.now.toISOString());
  if (fresh.length === 0) return [];
  const inspectors = await disciplineOn(sql, c.unitId);
  for (const p of fresh) {
    await appendAudit(tx, {
      aggregateType: 'contract',
      aggregateId: c.id,
      actor: d.actor,
      action: 'vendor.ban_flagged',
      data: { ban: ban.id, procurement: p.id, request: p.requestId, recipients: inspectors },
      at: d.now,
    });
    const text =
      `【禁投后发现已登记采购】${projectName(c)}已被禁止参与${ban.year}年度投标(${ban.reason}),` +
      `但采购申请 #${p.requestId} 的采购结果(采购编号 ${p.referenceNo},成交日期 ${p.awardDate},成交金额 ${formatYuan(BigInt(p.awardedFen))})已在禁投前登记,请核查。`;
    for (const openId of inspectors) await d.out.send({ type: 'open_id', id: openId }, { text });
  }
  return fresh.map((p) => p.id);
}
