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
 * The four reads an approval card is built from, as lazy query builders: a caller puts them in one
 * `Promise.all` (one round trip), after a row lock of its own if it needs one. Every query finds the
 * request through the stage id, so none waits for another's answer.
 */
export function viewQueries(db: DbOrTx, stageId: number) {
  const requestOf = sql`(select request_id from approval_stages where id = ${stageId})`;
  return [
    db
      .select({ r: purchaseRequests, unit: units.name, line: budgetLines })
      .from(purchaseRequests)
      .innerJoin(units, eq(units.id, purchaseRequests.unitId))
      .innerJoin(budgetLines, eq(budgetLines.id, purchaseRequests.budgetLineId))
      .where(eq(purchaseRequests.id, requestOf)),
    db
      .select({ s: approvalStages, by: decider.name })
      .from(approvalStages)
      .leftJoin(decider, eq(decider.id, approvalStages.decidedBy))
      .where(eq(approvalStages.requestId, requestOf))
      .orderBy(asc(approvalStages.seq)),
    db
      .select({ fen: sql<string>`coalesce(sum(${purchaseRequests.amountFen}), 0)::text` })
      .from(purchaseRequests)
      .where(
        sql`${purchaseRequests.budgetLineId} = (select budget_line_id from purchase_requests where id = ${requestOf}) and ${purchaseRequests.status} in ('pending', 'approved')`,
      ),
    // The request's named people (leader, department, filer) and its assessors, by primary key.
    db
      .select({
        id: people.id,
        name: people.name,
        openId: people.openId,
        assessor: purchaseAssessors.personId,
      })
      .from(people)
      .leftJoin(
        purchaseAssessors,
        sql`${purchaseAssessors.personId} = ${people.id} and ${purchaseAssessors.requestId} = ${requestOf}`,
      )
      .where(
        sql`${people.id} in (select x from purchase_requests r, unnest(array[r.leader_id, r.department_id, r.filer_id]) as x where r.id = ${requestOf} union all select person_id from purchase_assessors where request_id = ${requestOf})`,
      ),
  ] as const;
}

type Awaited4<T extends readonly unknown[]> = { -readonly [K in keyof T]: Awaited<T[K]> };
/** What `viewQueries` answer, in its order. */
export type ViewRows = Awaited4<ReturnType<typeof viewQueries>>;
export type StageRow = ViewRows[1][number];

/** The text a decided stage shows on its card. */
function outcomeText(stage: StageRow) {
  const s = stage.s;
  const meeting = s.minutesNo ? `,会议纪要 ${s.minutesNo}(${s.meetingDate})` : '';
  return `${s.status === 'approved' ? '已同意' : '已驳回'}:${stage.by}${meeting}${s.reason ? `,意见:${s.reason}` : ''}`;
}

/**
 * Everything an approval card shows, read fresh so every holder's card tells the same story.
 * One round trip: the four queries are pipelined on the connection.
 */
export async function approvalView(db: DbOrTx, stageId: number): Promise<ApprovalView> {
  return buildView(await Promise.all(viewQueries(db, stageId)), stageId);
}

/** The card's content from the rows of `viewQueries` (pure: a caller may substitute a stage row). */
export function buildView(rows: ViewRows, stageId: number): ApprovalView {
  const [[main], stages, [committed], named] = rows;
  const { r, unit, line } = main!;
  const name = (id: number) => named.find((p) => p.id === id)?.name ?? '?';
  const assessors = [...new Set(named.filter((p) => p.assessor !== null).map((p) => p.name))];
  const stage = stages.find((x) => x.s.id === stageId)!;
  const s = stage.s;
  // A pending or approved request is already counted as committed: what remains after approval.
  const remaining = line.amountFen - BigInt(committed!.fen) - (r.status === 'rejected' ? r.amountFen : 0n);
  const category = r.category === 'other' ? `其他(${r.categoryOther})` : CATEGORY_LABELS[r.category];
  const decided = s.status === 'approved' || s.status === 'rejected';
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
    outcome: decided ? { approved: s.status === 'approved', text: outcomeText(stage) } : undefined,
    needsMeeting: s.kind === 'unit_leadership',
  };
}
