import { eq, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/append';
import { DomainError } from '../bot/errors';
import type { Actor } from '../bot/types';
import type { Tx } from '../db/client';
import { grantsAllow } from '../db/queries/grants';
import { approvalStages, people, purchaseAssessors, purchaseRequests, type StageKind } from '../db/schema';
import { formatWan } from '../domain/money';
import type { OutboxWriter } from '../outbox/write';
import { closeStageCards, openStage } from './stages';
import { STAGE_LABELS } from './view';

export interface DecisionInput {
  approve: boolean;
  reason?: string;
  meetingDate?: string;
  minutesNo?: string;
}

/** Rule 3 and the stage's role, from the grants already loaded with the actor: no extra queries. */
function assertMayDecide(
  actor: Actor,
  req: { filerId: number; unitId: number },
  assessorIds: number[],
  kind: StageKind,
) {
  if (req.filerId === actor.personId)
    throw new DomainError('own_request', '您是该申请的经办人,不能审批自己提交的申请');
  if (assessorIds.includes(actor.personId))
    throw new DomainError('named_assessor', '您是该申请的考核人,不能审批');
  const allowed =
    kind === 'unit_leadership'
      ? grantsAllow(actor.grants, 'unit_leadership', req.unitId)
      : grantsAllow(actor.grants, 'zone_committee', null);
  if (!allowed) throw new DomainError('not_approver', `您不是「${STAGE_LABELS[kind]}」环节的审批人`);
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
  // Pipelined: the stage row is locked first, and the reads after it see what the lock protects.
  const requestOf = tx
    .select({ id: approvalStages.requestId })
    .from(approvalStages)
    .where(eq(approvalStages.id, stageId));
  const [[stage], [req], assessors, [next]] = await Promise.all([
    tx.select().from(approvalStages).where(eq(approvalStages.id, stageId)).for('update'),
    tx
      .select({
        id: purchaseRequests.id,
        filerId: purchaseRequests.filerId,
        unitId: purchaseRequests.unitId,
        amount: purchaseRequests.amountFen,
        filer: people.openId,
      })
      .from(purchaseRequests)
      .innerJoin(people, eq(people.id, purchaseRequests.filerId))
      .where(eq(purchaseRequests.id, sql`(${requestOf})`)),
    tx
      .select()
      .from(purchaseAssessors)
      .where(eq(purchaseAssessors.requestId, sql`(${requestOf})`)),
    tx
      .select()
      .from(approvalStages)
      .where(
        sql`${approvalStages.requestId} = (${requestOf}) and ${approvalStages.seq} = (select seq + 1 from approval_stages where id = ${stageId})`,
      ),
  ]);
  if (!stage || !req) throw new DomainError('no_stage', '审批事项不存在');
  if (stage.status !== 'pending') {
    const done = stage.status === 'approved' ? '已同意' : stage.status === 'rejected' ? '已驳回' : '尚未开始';
    throw new DomainError('already_decided', `该审批环节${done},不能重复决定`);
  }
  assertMayDecide(
    actor,
    req,
    assessors.map((a) => a.personId),
    stage.kind,
  );
  checkInput(stage.kind, d);
  const finished = !d.approve || !next;
  const requestStatus = finished ? (d.approve ? 'approved' : 'rejected') : 'pending';
  await Promise.all([
    tx
      .update(approvalStages)
      .set({
        status: d.approve ? 'approved' : 'rejected',
        decidedBy: actor.personId,
        decidedAt: now,
        reason: d.reason || null,
        meetingDate: d.approve ? (d.meetingDate?.slice(0, 10) ?? null) : null,
        minutesNo: d.approve ? (d.minutesNo ?? null) : null,
      })
      .where(eq(approvalStages.id, stageId)),
    ...(finished
      ? [
          tx
            .update(purchaseRequests)
            .set({ status: requestStatus, decidedAt: now })
            .where(eq(purchaseRequests.id, req.id)),
        ]
      : []),
  ]);
  // One audit row per decision, carrying the request's resulting status.
  await appendAudit(tx, {
    aggregateType: 'purchase',
    aggregateId: req.id,
    actor: actor.openId,
    action: d.approve ? 'stage.approved' : 'stage.rejected',
    data: {
      stage: stage.kind,
      request: requestStatus,
      reason: d.reason ?? null,
      meetingDate: d.meetingDate ?? null,
      minutesNo: d.minutesNo ?? null,
    },
    at: now,
  });
  const card = await closeStageCards(tx, out, stageId);
  if (!finished && next) await openStage(tx, out, next.id, now);
  const what = `您的采购申请 #${req.id}(${formatWan(req.amount)})`;
  const text = !d.approve
    ? `${what}在「${STAGE_LABELS[stage.kind]}」环节被${actor.name}驳回。理由:${d.reason}`
    : next
      ? `${what}已通过「${STAGE_LABELS[stage.kind]}」,已提交「${STAGE_LABELS[next.kind]}」。`
      : `${what}已审批通过(${actor.name}),可以组织采购。`;
  await out.send({ type: 'open_id', id: req.filer }, { text });
  return card;
}
