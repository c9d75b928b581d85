import { asc, eq, inArray } from 'drizzle-orm';
import type { MyRequestsView } from '../../cards/my-requests';
import type { DbOrTx } from '../../db/client';
import { approvalStages, people, purchaseRequests } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { type RequestStatus, STAGE_LABELS } from '../../domain/approval-route';
import { CATEGORY_LABELS } from '../../domain/categories';
import { type Cursor, LIST_PAGE_SIZE } from '../../domain/list-page';
import { formatYuan } from '../../domain/money';
import { REQUEST_STATUS_LABELS, type RequestFilter } from '../../domain/request-list-filter';
import { approversFor } from './approvers';
import { pageOfRequests } from './request-page';

export const STATUS_TEXT = REQUEST_STATUS_LABELS;

/** A request's own status as SQL (我的申请's status filter). */
const statusSql = (s: RequestStatus | undefined) => (s ? eq(purchaseRequests.status, s) : undefined);

/**
 * 我的申请, one page: the requests the actor filed, newest first, narrowed by `filter` (status,
 * filing year, search), from `cursor` (keyset, domain/list-page), each with its line, status, the
 * stage now deciding it with the names of who may decide, and the stages already decided. Only the
 * actor's own requests are read: the filer id is the actor's, never a card value.
 */
export async function myRequests(
  db: DbOrTx,
  actor: Actor,
  list: { filter?: RequestFilter<RequestStatus>; cursor?: Cursor; size?: number } = {},
) {
  const { filter = {}, cursor = {}, size = LIST_PAGE_SIZE } = list;
  // No unit filter here: every request listed is the actor's own.
  const { unit: _unit, ...own } = filter;
  const ownScope = [eq(purchaseRequests.filerId, actor.personId)];
  const page = await pageOfRequests(db, {
    base: ownScope,
    status: statusSql(filter.status),
    filter: own,
    cursor,
    size,
  });
  const rows = page.rows;
  const view = {
    total: page.total,
    filter: own,
    years: page.years,
    ...(page.newer !== undefined ? { newer: page.newer } : {}),
    ...(page.older !== undefined ? { older: page.older } : {}),
  };
  if (rows.length === 0) return { requests: [], page: view };
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
  return { requests, page: view };
}
