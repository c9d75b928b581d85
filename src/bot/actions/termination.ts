import { buildExitItemCard } from '../../cards/exit';
import { buildTerminationCard } from '../../cards/termination';
import { requireActor } from '../../domain/actor';
import { formText } from '../../domain/form';
import { decideTermination } from '../../features/termination/decide';
import { closeExitItem } from '../../features/termination/exit';
import { raw } from '../types';
import type { ActionWriteContext, ValueOf } from './types';

/** 启动清退: the leader starts termination with the recorded end date. */
export const startTermination = async (ctx: ActionWriteContext, v: ValueOf<'termination.start'>) => {
  const endsOn = formText(ctx.event.formValue, 'ends_on');
  const view = await decideTermination(
    { tx: ctx.tx, actor: requireActor(ctx.actor), now: ctx.deps.now(), out: ctx.out },
    { caseId: v.case, decision: { kind: 'start', endsOn } },
  );
  return {
    toast: { type: 'success' as const, content: `已启动清退,合同于 ${view.decision?.endsOn} 终止` },
    card: raw(buildTerminationCard(view)),
  };
};

/** 继续履约: the leader keeps the vendor, with a required reason. */
export const keepVendor = async (ctx: ActionWriteContext, v: ValueOf<'termination.keep'>) => {
  const reason = formText(ctx.event.formValue, 'reason');
  const view = await decideTermination(
    { tx: ctx.tx, actor: requireActor(ctx.actor), now: ctx.deps.now(), out: ctx.out },
    { caseId: v.case, decision: { kind: 'keep', reason } },
  );
  return {
    toast: { type: 'success' as const, content: '已记录:继续履约' },
    card: raw(buildTerminationCard(view)),
  };
};

/** 已完成: the owner closes a hand-over or exit item with evidence. */
export const closeExit = async (ctx: ActionWriteContext, v: ValueOf<'exit.close'>) => {
  const evidence = formText(ctx.event.formValue, 'evidence');
  const view = await closeExitItem(
    { tx: ctx.tx, actor: requireActor(ctx.actor), now: ctx.deps.now(), out: ctx.out },
    { itemId: v.item, evidence },
  );
  return {
    toast: { type: 'success' as const, content: `「${view.title}」已办结` },
    card: raw(buildExitItemCard(view)),
  };
};
