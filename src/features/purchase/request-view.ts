/**
 * A request's own card for its filer: where it stands, who holds it, and every step with its time
 * and person (filed, each stage opened and decided, re-approval, procurement, contract, 撤回, 催办,
 * attachments), read from the rows those steps wrote.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { RequestCardView, TimelineStep } from '../../cards/request';
import type { DbOrTx } from '../../db/client';
import {
  approvalCards,
  approvalStages,
  auditLog,
  budgetLines,
  contracts,
  people,
  procurements,
  purchaseRequests,
  requestAttachments,
  stageReminders,
} from '../../db/schema';
import { STAGE_LABELS } from '../../domain/approval-route';
import { shanghaiDate } from '../../domain/calendar';
import { CATEGORY_LABELS } from '../../domain/categories';
import { contractNumber } from '../../domain/contract-format';
import { formatYuan } from '../../domain/money';
import { roundStartOf } from '../../domain/reapproval';
import { STATUS_TEXT } from './mine';
import { attachmentLine } from './view';

/** An instant as the card writes it: `2026-12-07 10:32`, Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiMinute(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Re-approval rounds as their start recorded them (`reapproval.started`): when, by whom, the new amount. */
async function reapprovals(db: DbOrTx, requestId: number) {
  const rows = await db
    .select({ at: auditLog.at, data: auditLog.data, by: people.name })
    .from(auditLog)
    .leftJoin(people, eq(people.openId, auditLog.actor))
    .where(
      and(
        eq(auditLog.aggregateType, 'purchase'),
        eq(auditLog.aggregateId, String(requestId)),
        eq(auditLog.action, 'reapproval.started'),
      ),
    )
    .orderBy(auditLog.seq);
  return rows.map((x) => ({ at: x.at, actor: x.by ?? '系统', amountFen: BigInt(String(x.data.amountFen)) }));
}

/** The request's card as its filer sees it at `now`; undefined when there is no such request. */
export async function requestCardView(
  db: DbOrTx,
  requestId: number,
  now: Date,
): Promise<RequestCardView | undefined> {
  const [row] = await db
    .select({ r: purchaseRequests, line: budgetLines })
    .from(purchaseRequests)
    .innerJoin(budgetLines, eq(budgetLines.id, purchaseRequests.budgetLineId))
    .where(eq(purchaseRequests.id, requestId));
  if (!row) return undefined;
  const { r, line } = row;
  const [stages, files, reminders, procurement, contract, re] = await Promise.all([
    db
      .select()
      .from(approvalStages)
      .where(eq(approvalStages.requestId, r.id))
      .orderBy(asc(approvalStages.seq)),
    db
      .select()
      .from(requestAttachments)
      .where(eq(requestAttachments.requestId, r.id))
      .orderBy(requestAttachments.id),
    db
      .select({ r: stageReminders, kind: approvalStages.kind })
      .from(stageReminders)
      .innerJoin(approvalStages, eq(approvalStages.id, stageReminders.stageId))
      .where(eq(approvalStages.requestId, r.id))
      .orderBy(stageReminders.sentAt),
    db.select().from(procurements).where(eq(procurements.requestId, r.id)),
    db.select().from(contracts).where(eq(contracts.requestId, r.id)).orderBy(desc(contracts.id)).limit(1),
    reapprovals(db, r.id),
  ]);
  // The stage deciding now: of the first approval, or of a re-approval round (the request stays approved).
  const current = stages.find((s) => s.status === 'pending');
  const holders = current
    ? await db
        .select({ id: people.id, name: people.name })
        .from(approvalCards)
        .innerJoin(people, eq(people.id, approvalCards.personId))
        .where(eq(approvalCards.stageId, current.id))
        .orderBy(people.id)
    : [];
  const named = await namesFor(db, [
    r.filerId,
    ...stages.map((s) => s.decidedBy),
    ...files.map((f) => f.addedBy),
    ...reminders.map((x) => x.r.sentBy),
    ...procurement.map((p) => p.recordedBy),
    ...contract.map((c) => c.signedBy),
  ]);
  const label = (s: (typeof stages)[number]) =>
    `${roundStartOf(stages, s.seq) > 1 ? '重新报批 · ' : ''}${STAGE_LABELS[s.kind]}`;
  const steps: (TimelineStep & { t: number })[] = [];
  const push = (at: Date | null, who: string, what: string) => {
    if (at) steps.push({ t: at.getTime(), at: shanghaiMinute(at), who, what });
  };
  push(r.createdAt, named(r.filerId), `提交采购申请(${formatYuan(r.amountFen)})`);
  for (const x of re) push(x.at, x.actor, `发起重新报批(成交金额 ${formatYuan(x.amountFen)})`);
  for (const s of stages) {
    if (s.openedAt) push(s.openedAt, '系统', `提交「${label(s)}」审批`);
    if (s.status === 'approved' || s.status === 'rejected') {
      const meeting = s.minutesNo ? `,会议 ${s.meetingDate},纪要 ${s.minutesNo}` : '';
      const reason = s.reason ? `,意见:${s.reason}` : '';
      push(
        s.decidedAt,
        named(s.decidedBy),
        `${s.status === 'approved' ? '同意' : '驳回'}「${label(s)}」${meeting}${reason}`,
      );
    }
  }
  if (r.status === 'withdrawn') push(r.decidedAt, named(r.filerId), '撤回申请,占用的预算额度已释放');
  for (const x of reminders) push(x.r.sentAt, named(x.r.sentBy), `催办「${STAGE_LABELS[x.kind]}」`);
  for (const f of files) push(f.createdAt, named(f.addedBy), `添加附件「${f.fileName}」`);
  for (const p of procurement)
    push(
      p.createdAt,
      named(p.recordedBy),
      `登记采购结果(成交 ${formatYuan(p.awardedFen)},${p.awardDate} 定标)`,
    );
  for (const c of contract)
    push(c.createdAt, named(c.signedBy), `签订合同 ${contractNumber({ id: c.id, signedOn: c.signedOn })}`);
  steps.sort((a, b) => a.t - b.t);
  const today = shanghaiDate(now);
  const remindedToday = current && reminders.find((x) => x.r.stageId === current.id && x.r.onDate === today);
  return {
    id: r.id,
    amount: formatYuan(r.amountFen),
    line: `${line.fiscalYear}年 ${CATEGORY_LABELS[line.category]}${line.name ? ` ${line.name}` : ''}`,
    description: r.description,
    status: STATUS_TEXT[r.status],
    current: current && {
      stageId: current.id,
      stage: label(current),
      holders: holders.map((h) => h.name),
      since: current.openedAt ? shanghaiMinute(current.openedAt) : '',
    },
    timeline: steps.map(({ at, who, what }) => ({ at, who, what })),
    attachments: files.map(attachmentLine),
    mayWithdraw:
      r.status === 'pending' && stages.every((s) => s.status === 'pending' || s.status === 'waiting'),
    remindedToday: remindedToday ? shanghaiMinute(remindedToday.r.sentAt).slice(11) : undefined,
    mayAttach: isOpen(r.status, contract.length > 0),
  };
}

/** A request still takes attachments while it is being approved, or approved with no contract yet. */
export function isOpen(status: string, hasContract: boolean): boolean {
  return status === 'pending' || (status === 'approved' && !hasContract);
}

/** Who did a step, by person id: their name, or 系统 for a step no person took. */
async function namesFor(db: DbOrTx, ids: (number | null)[]) {
  const want = [...new Set(ids.filter((x): x is number => x !== null))];
  const rows = want.length
    ? await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, want))
    : [];
  const map = new Map(rows.map((r) => [r.id, r.name]));
  return (id: number | null) => (id === null ? '系统' : (map.get(id) ?? '?'));
}
