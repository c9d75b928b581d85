import { asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ApprovalView } from '../bot/cards/approval';
import { CATEGORY_LABELS } from '../budget/categories';
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

const decider = alias(people, 'decider');

/**
 * Everything an approval card shows, read fresh so every holder's card tells the same story.
 * Two round trips: the queries of each step are pipelined on the connection.
 */
export async function approvalView(db: DbOrTx, stageId: number): Promise<ApprovalView> {
  const requestOf = db
    .select({ id: approvalStages.requestId })
    .from(approvalStages)
    .where(eq(approvalStages.id, stageId));
  const [[main], stages] = await Promise.all([
    db
      .select({ r: purchaseRequests, unit: units.name, line: budgetLines })
      .from(purchaseRequests)
      .innerJoin(units, eq(units.id, purchaseRequests.unitId))
      .innerJoin(budgetLines, eq(budgetLines.id, purchaseRequests.budgetLineId))
      .where(eq(purchaseRequests.id, sql`(${requestOf})`)),
    db
      .select({ s: approvalStages, by: decider.name })
      .from(approvalStages)
      .leftJoin(decider, eq(decider.id, approvalStages.decidedBy))
      .where(eq(approvalStages.requestId, sql`(${requestOf})`))
      .orderBy(asc(approvalStages.seq)),
  ]);
  const { r, unit, line } = main!;
  const [[committed], named] = await Promise.all([
    db
      .select({ fen: sql<string>`coalesce(sum(${purchaseRequests.amountFen}), 0)::text` })
      .from(purchaseRequests)
      .where(
        sql`${purchaseRequests.budgetLineId} = ${line.id} and ${purchaseRequests.status} in ('pending', 'approved')`,
      ),
    db
      .select({ id: people.id, name: people.name, assessor: purchaseAssessors.personId })
      .from(people)
      .leftJoin(
        purchaseAssessors,
        sql`${purchaseAssessors.personId} = ${people.id} and ${purchaseAssessors.requestId} = ${r.id}`,
      )
      .where(
        sql`${people.id} in (${r.leaderId}, ${r.departmentId}, ${r.filerId}) or ${purchaseAssessors.requestId} = ${r.id}`,
      ),
  ]);
  const name = (id: number) => named.find((p) => p.id === id)?.name ?? '?';
  const assessors = [...new Set(named.filter((p) => p.assessor !== null).map((p) => p.name))];
  const stage = stages.find((x) => x.s.id === stageId)!;
  const s = stage.s;
  // A pending or approved request is already counted as committed: what remains after approval.
  const remaining = line.amountFen - BigInt(committed!.fen) - (r.status === 'rejected' ? r.amountFen : 0n);
  const category = r.category === 'other' ? `其他(${r.categoryOther})` : CATEGORY_LABELS[r.category];
  const decided = s.status === 'approved' || s.status === 'rejected';
  const meeting = s.minutesNo ? `,会议纪要 ${s.minutesNo}(${s.meetingDate})` : '';
  return {
    requestId: r.id,
    stageId: s.id,
    stageLabel: STAGE_LABELS[s.kind],
    unit,
    lineLabel: `${line.fiscalYear}年 ${CATEGORY_LABELS[line.category]}${line.name ? ` ${line.name}` : ''},额度 ${formatYuan(line.amountFen)}`,
    amountYuan: formatYuan(r.amountFen),
    amountWan: formatWan(r.amountFen),
    remainingAfter: formatYuan(remaining),
    category,
    description: r.description,
    why: r.whyOutsource,
    market: `询价 ${r.suppliersAsked} 家,报价 ${formatYuan(r.priceLowFen)} ~ ${formatYuan(r.priceHighFen)}`,
    method: METHODS[r.method as Method] ?? r.method,
    people: `经办人 ${name(r.filerId)};分管领导 ${name(r.leaderId)};职能科室 ${name(r.departmentId)};考核人 ${assessors.join('、')}`,
    route: routeLabel(stages.map((x) => x.s.kind)),
    history: stages
      .filter((x) => x.s.seq < s.seq && x.by)
      .map(
        (x) =>
          `${STAGE_LABELS[x.s.kind]}:${x.s.status === 'approved' ? '同意' : '驳回'}(${x.by}${x.s.minutesNo ? `,纪要 ${x.s.minutesNo}` : ''})`,
      ),
    outcome: decided
      ? {
          approved: s.status === 'approved',
          text: `${s.status === 'approved' ? '已同意' : '已驳回'}:${stage.by}${meeting}${s.reason ? `,意见:${s.reason}` : ''}`,
        }
      : undefined,
    needsMeeting: s.kind === 'unit_leadership',
  };
}
