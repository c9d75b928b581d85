import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { ApprovalView } from '../bot/cards/approval';
import { CATEGORY_LABELS } from '../budget/categories';
import { lineSummaries } from '../budget/queries';
import type { DbOrTx } from '../db/client';
import {
  approvalStages,
  budgetLines,
  people,
  purchaseAssessors,
  purchaseRequests,
  units,
} from '../db/schema';
import { routeLabel } from '../domain/approval-route';
import { formatWan, formatYuan } from '../domain/money';
import { METHODS, type Method } from './fields';

export const STAGE_LABELS = {
  unit_leadership: '单位领导班子集体决策',
  zone_committee: '党工委管委会审批',
} as const;

/** Everything an approval card shows, read fresh so every holder's card tells the same story. */
export async function approvalView(db: DbOrTx, stageId: number): Promise<ApprovalView> {
  const [stage] = await db.select().from(approvalStages).where(eq(approvalStages.id, stageId));
  const [req] = await db.select().from(purchaseRequests).where(eq(purchaseRequests.id, stage!.requestId));
  const r = req!;
  const [unit] = await db.select().from(units).where(eq(units.id, r.unitId));
  const [line] = await db.select().from(budgetLines).where(eq(budgetLines.id, r.budgetLineId));
  const summary = (await lineSummaries(db, { unitId: r.unitId, year: line!.fiscalYear })).find(
    (l) => l.id === line!.id,
  )!;
  // A pending request is already counted as committed; what remains after approval is the same number.
  const remaining = r.status === 'rejected' ? summary.remainingFen - r.amountFen : summary.remainingFen;
  const assessorIds = (
    await db.select().from(purchaseAssessors).where(eq(purchaseAssessors.requestId, r.id))
  ).map((a) => a.personId);
  const named = await db
    .select()
    .from(people)
    .where(inArray(people.id, [r.leaderId, r.departmentId, r.filerId, ...assessorIds]));
  const name = (id: number) => named.find((p) => p.id === id)?.name ?? '?';
  const all = await db
    .select()
    .from(approvalStages)
    .where(eq(approvalStages.requestId, r.id))
    .orderBy(asc(approvalStages.seq));
  const earlier = await db
    .select({
      kind: approvalStages.kind,
      status: approvalStages.status,
      by: people.name,
      at: approvalStages.decidedAt,
      reason: approvalStages.reason,
      minutes: approvalStages.minutesNo,
      meeting: approvalStages.meetingDate,
    })
    .from(approvalStages)
    .innerJoin(people, eq(people.id, approvalStages.decidedBy))
    .where(and(eq(approvalStages.requestId, r.id), lt(approvalStages.seq, stage!.seq)));
  const category = r.category === 'other' ? `其他(${r.categoryOther})` : CATEGORY_LABELS[r.category];
  const outcome =
    stage!.status === 'approved' || stage!.status === 'rejected'
      ? {
          approved: stage!.status === 'approved',
          text: `${stage!.status === 'approved' ? '已同意' : '已驳回'}:${name(stage!.decidedBy!)}${stage!.minutesNo ? `,会议纪要 ${stage!.minutesNo}(${stage!.meetingDate})` : ''}${stage!.reason ? `,意见:${stage!.reason}` : ''}`,
        }
      : undefined;
  return {
    requestId: r.id,
    stageId: stage!.id,
    stageLabel: STAGE_LABELS[stage!.kind],
    unit: unit!.name,
    lineLabel: `${line!.fiscalYear}年 ${CATEGORY_LABELS[line!.category]}${line!.name ? ` ${line!.name}` : ''},额度 ${formatYuan(line!.amountFen)}`,
    amountYuan: formatYuan(r.amountFen),
    amountWan: formatWan(r.amountFen),
    remainingAfter: formatYuan(remaining),
    category,
    description: r.description,
    why: r.whyOutsource,
    market: `询价 ${r.suppliersAsked} 家,报价 ${formatYuan(r.priceLowFen)} ~ ${formatYuan(r.priceHighFen)}`,
    method: METHODS[r.method as Method] ?? r.method,
    people: `经办人 ${name(r.filerId)};分管领导 ${name(r.leaderId)};职能科室 ${name(r.departmentId)};考核人 ${assessorIds.map(name).join('、')}`,
    route: routeLabel(all.map((s) => s.kind)),
    history: earlier.map(
      (e) =>
        `${STAGE_LABELS[e.kind]}:${e.status === 'approved' ? '同意' : '驳回'}(${e.by}${e.minutes ? `,纪要 ${e.minutes}` : ''})`,
    ),
    outcome,
    needsMeeting: stage!.kind === 'unit_leadership',
  };
}
