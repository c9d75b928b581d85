import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { MyRequestsView } from '../../cards/my-requests';
import type { DbOrTx } from '../../db/client';
import { approvalStages, budgetLines, people, purchaseRequests } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { STAGE_LABELS } from '../../domain/approval-route';
import { CATEGORY_LABELS } from '../../domain/categories';
import { formatYuan } from '../../domain/money';
import { approversFor } from './approvers';

/** The list shows the newest requests only: a card must stay small (< 30 KB). */
export const MY_REQUESTS_LIMIT = 30;

export const STATUS_TEXT = {
  pending: '审批中',
  approved: '已审批通过',
  rejected: '已驳回',
  withdrawn: '已撤回',
} as const;

/**
 * 我的申请: the requests the actor filed (newest first, at most 30), each with its line, status,
 * the stage now deciding it with the names of who may decide, and the stages already decided.
 * Only the actor's own requests are read: the filer id is the actor's, never a card value.
 */
export async function myRequests(db: DbOrTx, actor: Actor): Promise<MyRequestsView> {
  const rows = await db
    .select({ r: purchaseRequests, line: budgetLines })
    .from(purchaseRequests)
    .innerJoin(budgetLines, eq(budgetLines.id, purchaseRequests.budgetLineId))
    .where(eq(purchaseRequests.filerId, actor.personId))
    .orderBy(desc(purchaseRequests.id))
    .limit(MY_REQUESTS_LIMIT);
  if (rows.length === 0) return { requests: [] };
  const stages = await db
    .select({ s: approvalStages, by: people.name })
    .from(approvalStages)
    .leftJoin(people, eq(people.id, approvalStages.decidedBy))
    .where(
      inArray(
        approvalStages.requestId,
        rows.map((x) => x.r.id),
      ),
    )
    .orderBy(asc(approvalStages.requestId), asc(approvalStages.seq));
  const requests: MyRequestsView['requests'] = [];
  for (const { r, line } of rows) {
    const mine = stages.filter((x) => x.s.requestId === r.id);
    // The stage deciding now: the pending one, or (between a decision and its fan-out) the next waiting one.
    const current =
      r.status === 'pending'
        ? (mine.find((x) => x.s.status === 'pending') ?? mine.find((x) => x.s.status === 'waiting'))
        : undefined;
    const approvers = current ? await approversFor(db, r.id, current.s.kind) : [];
    requests.push({
      id: r.id,
      amount: formatYuan(r.amountFen),
      line: `${line.fiscalYear}年 ${CATEGORY_LABELS[line.category]}${line.name ? ` ${line.name}` : ''}`,
      description: r.description,
      status: STATUS_TEXT[r.status],
      current: current
        ? { stage: STAGE_LABELS[current.s.kind], approvers: approvers.map((a) => a.name) }
        : undefined,
      decided: mine
        .filter((x) => x.s.status === 'approved' || x.s.status === 'rejected')
        .map((x) => ({
          stage: STAGE_LABELS[x.s.kind],
          outcome: x.s.status === 'approved' ? '同意' : '驳回',
          by: x.by ?? '',
          note: x.s.minutesNo ? `会议 ${x.s.meetingDate},纪要 ${x.s.minutesNo}` : (x.s.reason ?? ''),
        })),
    });
  }
  return { requests };
}
