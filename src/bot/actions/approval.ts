import type { Sql } from '../../db/client';
import { DomainError } from '../../domain/errors';
import { type DecisionReads, decideStage, decisionReadsOn } from '../../features/purchase/decide';
import { writeTx } from '../types';
import { type ActionHandler, raw } from './types';

function text(v: unknown): string | undefined {
  const s = (Array.isArray(v) ? v[0] : v) as string | undefined;
  return typeof s === 'string' && s.trim() ? s.trim() : undefined;
}

/** The decision's reads, which do not depend on the form: sent with BEGIN and the event claim. */
export const preloadDecision = (sql: Sql, v: { stage: number }) => decisionReadsOn(sql, v.stage);

function decide(
  approve: boolean,
): ActionHandler<{ a: 'approval.approve' | 'approval.reject'; stage: number }> {
  return async (ctx, v) => {
    if (!ctx.actor) throw new DomainError('unknown_person', '您尚未加入组织架构,不能审批');
    const f = ctx.event.formValue ?? {};
    const card = await decideStage(
      writeTx(ctx),
      ctx.actor,
      v.stage,
      { approve, reason: text(f.reason), meetingDate: text(f.meeting_date), minutesNo: text(f.minutes_no) },
      ctx.deps.now(),
      ctx.preloaded as Promise<DecisionReads> | undefined,
      ctx.beforeCommit,
    );
    // The other holders' cards, the filer's message and the next stage follow in a job: the
    // clicker sees the decided card at once, in this answer.
    ctx.afterCommit(() => ctx.deps.enqueueFanout([v.stage]));
    return { toast: { type: 'success', content: approve ? '已同意' : '已驳回' }, card: raw(card) };
  };
}

export const approveStage = decide(true);
export const rejectStage = decide(false);
