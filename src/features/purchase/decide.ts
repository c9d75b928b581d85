import { writeLinkOn } from '../../audit/append';
import { buildApprovalCard } from '../../cards/approval';
import { rawSql, type Tx } from '../../db/client';
import {
  type DecisionReads,
  decisionReadsOn,
  finishRequestOn,
  PURCHASE_CHAIN,
  recordStageDecisionOn,
} from '../../db/sql/purchase';
import type { StageRow } from '../../db/sql/purchase-card';
import { type Actor, grantsAllow } from '../../domain/actor';
import type { StageKind } from '../../domain/approval-route';
import { STAGE_LABELS } from '../../domain/approval-route';
import { DomainError } from '../../domain/errors';
import { buildView } from './view';

// The decision's reads are a statement of db/sql; the action handler preloads them from here.

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
 * pending refuses every later click (a double click, a replay, a second approver). The transaction
 * records only the decision (stage, request status, audit row) and leaves `fanned_out_at` null: the
 * fan-out job changes every holder's card, tells the filer and opens the next stage after commit.
 * Returns the decided card for the clicker's answer, built from the rows read under the lock.
 * `reads`: the answer of `decisionReadsOn` if the caller already sent it in this transaction;
 * `beforeCommit`: where to hand the writes if the caller awaits them with its COMMIT.
 */
export async function decideStage(
  tx: Tx,
  actor: Actor,
  stageId: number,
  d: DecisionInput,
  now: Date,
  reads?: Promise<DecisionReads>,
  beforeCommit?: (p: Promise<unknown>) => void,
) {
  const sql = rawSql(tx);
  const [stage, rows, head] = await (reads ?? decisionReadsOn(sql, stageId));
  const [[main], stages, named] = rows;
  if (!stage || !main) throw new DomainError('no_stage', '审批事项不存在');
  if (stage.status !== 'pending') {
    const done = stage.status === 'approved' ? '已同意' : stage.status === 'rejected' ? '已驳回' : '尚未开始';
    throw new DomainError('already_decided', `该审批环节${done},不能重复决定`);
  }
  const req = main.r;
  assertMayDecide(
    actor,
    req,
    named.filter((p) => p.assessor !== null).map((p) => p.id),
    stage.kind,
  );
  checkInput(stage.kind, d);
  const next = stages.find((x) => x.s.seq === stage.seq + 1);
  const finished = !d.approve || !next;
  const requestStatus = finished ? (d.approve ? 'approved' : 'rejected') : 'pending';
  const decided = {
    status: d.approve ? ('approved' as const) : ('rejected' as const),
    decidedBy: actor.personId,
    reason: d.reason || null,
    meetingDate: d.approve ? (d.meetingDate?.slice(0, 10) ?? null) : null,
    minutesNo: d.approve ? (d.minutesNo ?? null) : null,
  };
  const at = now.toISOString();
  // The updates and the audit link go out together (one round trip, or none of their own when the
  // caller sends COMMIT right behind them). One audit row per decision, carrying the request's
  // resulting status.
  const writes = Promise.all([
    recordStageDecisionOn(sql, stageId, decided, at),
    ...(finished ? [finishRequestOn(sql, req.id, requestStatus, at)] : []),
    writeLinkOn(sql, head, {
      aggregateType: PURCHASE_CHAIN,
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
    }),
  ]);
  if (beforeCommit) beforeCommit(writes);
  else await writes;
  // The card a fresh read would show after commit: the same rows with this stage decided. The
  // request's status is left as read, so the remaining budget is computed against the same sums.
  const after: StageRow[] = stages.map((x) =>
    x.s.id === stageId ? { s: { ...x.s, ...decided }, by: actor.name } : x,
  );
  return buildApprovalCard(buildView([rows[0], after, named], stageId));
}
