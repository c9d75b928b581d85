import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append';
import { DomainError } from '../bot/errors';
import type { Actor } from '../bot/types';
import type { Tx } from '../db/client';
import { approvalStages, people, purchaseAssessors, purchaseRequests } from '../db/schema';
import { formatWan } from '../domain/money';
import type { OutboxWriter } from '../outbox/write';
import { approversFor } from './approvers';
import { closeStageCards, openStage } from './stages';
import { STAGE_LABELS } from './view';

export interface DecisionInput {
  approve: boolean;
  reason?: string;
  meetingDate?: string;
  minutesNo?: string;
}

async function assertMayDecide(
  tx: Tx,
  actor: Actor,
  requestId: number,
  kind: 'unit_leadership' | 'zone_committee',
) {
  const [req] = await tx.select().from(purchaseRequests).where(eq(purchaseRequests.id, requestId));
  const assessors = await tx
    .select()
    .from(purchaseAssessors)
    .where(eq(purchaseAssessors.requestId, requestId));
  if (req!.filerId === actor.personId)
    throw new DomainError('own_request', '您是该申请的经办人,不能审批自己提交的申请');
  if (assessors.some((a) => a.personId === actor.personId)) {
    throw new DomainError('named_assessor', '您是该申请的考核人,不能审批');
  }
  const approvers = await approversFor(tx, requestId, kind);
  if (!approvers.some((a) => a.personId === actor.personId)) {
    throw new DomainError('not_approver', `您不是「${STAGE_LABELS[kind]}」环节的审批人`);
  }
}

function checkInput(kind: string, d: DecisionInput) {
  if (!d.approve && !d.reason) throw new DomainError('reason_required', '驳回必须填写理由');
  if (d.approve && kind === 'unit_leadership') {
    if (!d.meetingDate || !/^\d{4}-\d{2}-\d{2}/.test(d.meetingDate)) {
      throw new DomainError('meeting_required', '请选择领导班子会议日期(集体决策须记录会议)');
    }
    if (!d.minutesNo) throw new DomainError('minutes_required', '请填写会议纪要编号');
  }
}

/**
 * Decides a pending stage exactly once: the stage row is locked, and a stage that is no longer
 * pending refuses every later click (a double click, a replay, a second approver). Then the cards
 * change for everyone who holds them, the filer is told, and the next stage opens or the request ends.
 */
export async function decideStage(
  tx: Tx,
  out: OutboxWriter,
  actor: Actor,
  stageId: number,
  d: DecisionInput,
  now: Date,
) {
  const [stage] = await tx.select().from(approvalStages).where(eq(approvalStages.id, stageId)).for('update');
  if (!stage) throw new DomainError('no_stage', '审批事项不存在');
  if (stage.status !== 'pending') {
    const done = stage.status === 'approved' ? '已同意' : stage.status === 'rejected' ? '已驳回' : '尚未开始';
    throw new DomainError('already_decided', `该审批环节${done},不能重复决定`);
  }
  await assertMayDecide(tx, actor, stage.requestId, stage.kind);
  checkInput(stage.kind, d);
  await tx
    .update(approvalStages)
    .set({
      status: d.approve ? 'approved' : 'rejected',
      decidedBy: actor.personId,
      decidedAt: now,
      reason: d.reason || null,
      meetingDate: d.approve ? (d.meetingDate?.slice(0, 10) ?? null) : null,
      minutesNo: d.approve ? (d.minutesNo ?? null) : null,
    })
    .where(eq(approvalStages.id, stageId));
  await appendAudit(tx, {
    aggregateType: 'purchase',
    aggregateId: stage.requestId,
    actor: actor.openId,
    action: d.approve ? 'stage.approved' : 'stage.rejected',
    data: {
      stage: stage.kind,
      reason: d.reason ?? null,
      meetingDate: d.meetingDate ?? null,
      minutesNo: d.minutesNo ?? null,
    },
  });
  const [next] = await tx
    .select()
    .from(approvalStages)
    .where(and(eq(approvalStages.requestId, stage.requestId), eq(approvalStages.seq, stage.seq + 1)));
  const finished = !d.approve || !next;
  if (finished) {
    await tx
      .update(purchaseRequests)
      .set({ status: d.approve ? 'approved' : 'rejected', decidedAt: now })
      .where(eq(purchaseRequests.id, stage.requestId));
    await appendAudit(tx, {
      aggregateType: 'purchase',
      aggregateId: stage.requestId,
      actor: actor.openId,
      action: d.approve ? 'purchase.approved' : 'purchase.rejected',
      data: {},
    });
  }
  const card = await closeStageCards(tx, out, stageId);
  if (!finished && next) await openStage(tx, out, next.id, now);
  const [req] = await tx
    .select({ filer: people.openId, amount: purchaseRequests.amountFen })
    .from(purchaseRequests)
    .innerJoin(people, eq(people.id, purchaseRequests.filerId))
    .where(eq(purchaseRequests.id, stage.requestId));
  const what = `您的采购申请 #${stage.requestId}(${formatWan(req!.amount)})`;
  const text = !d.approve
    ? `${what}在「${STAGE_LABELS[stage.kind]}」环节被${actor.name}驳回。理由:${d.reason}`
    : next
      ? `${what}已通过「${STAGE_LABELS[stage.kind]}」,已提交「${STAGE_LABELS[next.kind]}」。`
      : `${what}已审批通过(${actor.name}),可以组织采购。`;
  await out.send({ type: 'open_id', id: req!.filer }, { text });
  return card;
}
