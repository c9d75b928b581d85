import { writeLinkOn } from '../../audit/append';
import { buildApprovalCard } from '../../cards/approval';
import { rawSql } from '../../db/client';
import {
  type DecisionReads,
  decisionReadsOn,
  finishRequestOn,
  PURCHASE_CHAIN,
  reapprovalStartOn,
  recordStageDecisionOn,
} from '../../db/sql/purchase';
import { deciderLabel, type StageRow } from '../../db/sql/purchase-card';
import { recordDelegatedDecisionOn, type StageDelegation } from '../../db/sql/purchase-delegation';
import { type Actor, grantsAllow } from '../../domain/actor';
import type { StageKind } from '../../domain/approval-route';
import { STAGE_LABELS } from '../../domain/approval-route';
import { isRealDate } from '../../domain/business-date';
import { shanghaiDate } from '../../domain/calendar';
import { meetingFloors } from '../../domain/chain-dates';
import { assertNotBefore, type NamedDate } from '../../domain/date-order';
import { DomainError } from '../../domain/errors';
import { roundStartOf } from '../../domain/reapproval';
import type { OutboxWriter } from '../../outbox/write';
import { actingUnder } from '../delegation/acting';
import type { UseCase } from '../use-case';
import { completeReapproval } from './reapproval';
import { buildView } from './view';

// The decision's reads are a statement of db/sql; the action handler preloads them from here.

export interface DecisionInput {
  approve: boolean;
  reason?: string;
  meetingDate?: string;
  minutesNo?: string;
}

/**
 * Rule 3 and the stage's role, from the grants loaded with the actor and the stage's delegations read
 * with the decision: no extra queries. Rule 3 is asked of the person acting, delegate or not. Someone
 * without the role decides only as a delegate, today inside the delegation's range, and only what the
 * delegator could decide (not a request the delegator filed or assesses). Returns the delegation the
 * actor acts under, if any.
 */
function assertMayDecide(
  actor: Actor,
  req: { filerId: number; unitId: number },
  stage: { assessorIds: number[]; kind: StageKind; delegations: StageDelegation[]; today: string },
): StageDelegation | undefined {
  const { assessorIds, kind, delegations, today } = stage;
  if (req.filerId === actor.personId)
    throw new DomainError('own_request', '您是该申请的经办人,不能审批自己提交的申请');
  if (assessorIds.includes(actor.personId))
    throw new DomainError('named_assessor', '您是该申请的考核人,不能审批');
  const allowed =
    kind === 'unit_leadership'
      ? grantsAllow(actor.grants, 'unit_leadership', req.unitId)
      : grantsAllow(actor.grants, 'zone_committee', null);
  if (allowed) return undefined;
  const { inRange, usable } = actingUnder(actor, delegations, today, [req.filerId, ...assessorIds]);
  if (usable) return usable;
  if (inRange[0])
    throw new DomainError(
      'own_request',
      `委托人 ${inRange[0].delegatorName} 是该申请的经办人或考核人,本人不能审批,您也不能代其审批`,
    );
  throw new DomainError('not_approver', `您不是「${STAGE_LABELS[kind]}」环节的审批人`);
}

const MEETINGS: Record<StageKind, string> = {
  unit_leadership: '领导班子会议日期(集体决策须记录会议)',
  zone_committee: '党工委管委会会议日期(审批须记录会议)',
};

/**
 * Both stages are meeting decisions (rule 4): approving records the meeting's date and minutes
 * number, and a meeting cannot be dated after today's business date in Asia/Shanghai nor before
 * any of `floors` (the filing and the earlier meetings: DOMAIN.md "The order of dates").
 */
function checkInput(kind: StageKind, d: DecisionInput, now: Date, floors: readonly NamedDate[]) {
  if (!d.approve && !d.reason) throw new DomainError('reason_required', '驳回必须填写理由');
  if (!d.approve) return;
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(d.meetingDate ?? '')?.[1];
  if (!date || !isRealDate(date)) throw new DomainError('meeting_required', `请选择${MEETINGS[kind]}`);
  const today = shanghaiDate(now);
  if (date > today)
    throw new DomainError('meeting_in_future', `会议日期 ${date} 晚于今天(${today}),不能审批尚未召开的会议`);
  for (const floor of floors) assertNotBefore({ label: '会议日期', date }, floor);
  if (!d.minutesNo) throw new DomainError('minutes_required', '请填写会议纪要编号');
}

/**
 * Decides a pending stage exactly once: the stage row is locked, and a stage that is no longer
 * pending refuses every later click (a double click, a replay, a second approver). The transaction
 * records only the decision (stage, request status, audit row) and leaves `fanned_out_at` null: the
 * fan-out job changes every holder's card, tells the filer and opens the next stage after commit.
 * Returns the decided card for the clicker's answer, built from the rows read under the lock.
 * `input.reads`: the answer of `decisionReadsOn` if the caller already sent it in this transaction;
 * `input.beforeCommit`: where to hand the writes if the caller awaits them with its COMMIT;
 * `uc.out`: needed only when the decision completes a re-approval round.
 */
export async function decideStage(
  uc: Pick<UseCase, 'tx' | 'actor' | 'now'> & { out?: OutboxWriter },
  input: {
    stageId: number;
    decision: DecisionInput;
    reads?: Promise<DecisionReads>;
    beforeCommit?: (p: Promise<unknown>) => void;
  },
) {
  const { tx, actor, now, out } = uc;
  const { stageId, decision: d, reads, beforeCommit } = input;
  const sql = rawSql(tx);
  const [stage, rows, head, delegations] = await (reads ?? decisionReadsOn(sql, stageId));
  const [[main], stages, named] = rows;
  if (!stage || !main) throw new DomainError('no_stage', '审批事项不存在');
  if (stage.status === 'withdrawn') throw new DomainError('already_decided', '该申请已被经办人撤回,无需审批');
  if (stage.status !== 'pending') {
    const done = { approved: '已同意', rejected: '已驳回', waiting: '尚未开始' }[stage.status];
    throw new DomainError('already_decided', `该审批环节${done},不能重复决定`);
  }
  const req = main.r;
  const behalf = assertMayDecide(actor, req, {
    assessorIds: named.filter((p) => p.assessor !== null).map((p) => p.id),
    kind: stage.kind,
    delegations,
    today: shanghaiDate(now),
  });
  // A re-approval round (rule 4) leaves the request approved whatever it decides: its last approval
  // moves the amount and records the procurement instead, and a rejection keeps the old approval.
  const firstSeq = roundStartOf(
    stages.map((x) => x.s),
    stage.seq,
  );
  const re = firstSeq > 1;
  const start = re ? await reapprovalStartOn(sql, req.id, firstSeq) : undefined;
  // A re-approval round approves the price already awarded, so its meetings come after the award
  // date typed with that price, as well as after the filing and every earlier meeting.
  const awardDate = start?.form.awardDate?.slice(0, 10) || undefined;
  checkInput(
    stage.kind,
    d,
    now,
    meetingFloors(
      stages.map((x) => x.s),
      stage.seq,
      req.filedOn,
      awardDate,
    ),
  );
  const next = stages.find((x) => x.s.seq === stage.seq + 1);
  const finished = !d.approve || !next;
  const requestStatus = re ? 'approved' : finished ? (d.approve ? 'approved' : 'rejected') : 'pending';
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
    ...(behalf ? [recordDelegatedDecisionOn(sql, stageId, behalf.delegationId, behalf.delegatorId)] : []),
    ...(finished && !re ? [finishRequestOn(sql, req.id, requestStatus, at)] : []),
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
        ...(re ? { reapproval: firstSeq } : {}),
        // A delegate's decision: on whose behalf, under which delegation.
        ...(behalf ? { onBehalfOf: behalf.delegatorOpenId, delegation: behalf.delegationId } : {}),
      },
      at: now,
    }),
  ]);
  if (re) {
    // The rare path: the completion reads and writes after the decision, so it waits for it.
    await writes;
    if (d.approve && !next) {
      if (!out) throw new Error('decideStage: a re-approval needs the outbox writer');
      const ref = d.minutesNo
        ? `${STAGE_LABELS[stage.kind]} 会议纪要 ${d.minutesNo}`
        : `采购申请 #${req.id} 重新报批(${STAGE_LABELS[stage.kind]}同意)`;
      await completeReapproval(tx, out, { requestId: req.id, firstSeq, ref, by: actor.openId }, now);
    }
  } else if (beforeCommit) beforeCommit(writes);
  else await writes;
  // The card a fresh read would show after commit: the same rows with this stage decided. The
  // request's status is left as read, so the remaining budget is computed against the same sums.
  const after: StageRow[] = stages.map((x) =>
    x.s.id === stageId
      ? { s: { ...x.s, ...decided }, by: deciderLabel(actor.name, behalf?.delegatorName) }
      : x,
  );
  return buildApprovalCard(buildView([rows[0], after, named, rows[3]], stageId, start));
}
