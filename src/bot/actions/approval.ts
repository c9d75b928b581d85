import type { Sql } from '../../db/client';
import { type DecisionReads, decisionReadsOn } from '../../db/sql/purchase';
import { requireActor } from '../../domain/actor';
import { formText } from '../../domain/form';
import { decideStage } from '../../features/purchase/decide';
import { raw } from '../types';
import type { ActionWriteContext, ValueOf } from './types';

type Value = ValueOf<'approval.approve' | 'approval.reject'>;

/** The decision's reads, which do not depend on the form: sent with BEGIN and the event claim. */
export const preloadDecision = (sql: Sql, v: Value) => decisionReadsOn(sql, v.stage);

function decide(approve: boolean) {
  return async (ctx: ActionWriteContext<DecisionReads>, v: Value) => {
    const f = ctx.event.formValue;
    const card = await decideStage(
      { tx: ctx.tx, actor: requireActor(ctx.actor), now: ctx.deps.now(), out: ctx.out },
      {
        stageId: v.stage,
        decision: {
          approve,
          reason: formText(f, 'reason') || undefined,
          meetingDate: formText(f, 'meeting_date') || undefined,
          minutesNo: formText(f, 'minutes_no') || undefined,
        },
        reads: ctx.preloaded,
        beforeCommit: ctx.beforeCommit,
      },
    );
    // The other holders' cards, the filer's message and the next stage follow in a job: the
    // clicker sees the decided card at once, in this answer.
    ctx.afterCommit(() => ctx.deps.enqueueFanout([v.stage]));
    return { toast: { type: 'success' as const, content: approve ? '已同意' : '已驳回' }, card: raw(card) };
  };
}

export const approveStage = decide(true);
export const rejectStage = decide(false);
