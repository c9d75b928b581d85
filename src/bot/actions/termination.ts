import { buildExitItemCard } from '../../cards/exit';
import { buildTerminationCard } from '../../cards/termination';
import { decideTermination } from '../../features/termination/decide';
import { closeExitItem } from '../../features/termination/exit';
import { writeTx } from '../types';
import { type ActionHandler, type CardContext, raw } from './types';

/** A form field as text: inputs send strings, a date picker `2027-01-31 +0800`, or nothing. */
function field(ctx: CardContext, name: string): string | undefined {
  const v = ctx.event.formValue?.[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s : undefined;
}

/** 启动清退: the leader starts termination with the recorded end date. */
export const startTermination: ActionHandler<{ a: 'termination.start'; case: number }> = async (ctx, v) => {
  const view = await decideTermination(
    writeTx(ctx),
    ctx.actor,
    v.case,
    { kind: 'start', endsOn: field(ctx, 'ends_on') },
    ctx.deps.now(),
    ctx.out,
  );
  return {
    toast: { type: 'success', content: `已启动清退,合同于 ${view.decision?.endsOn} 终止` },
    card: raw(buildTerminationCard(view)),
  };
};

/** 继续履约: the leader keeps the vendor, with a required reason. */
export const keepVendor: ActionHandler<{ a: 'termination.keep'; case: number }> = async (ctx, v) => {
  const view = await decideTermination(
    writeTx(ctx),
    ctx.actor,
    v.case,
    { kind: 'keep', reason: field(ctx, 'reason') },
    ctx.deps.now(),
    ctx.out,
  );
  return { toast: { type: 'success', content: '已记录:继续履约' }, card: raw(buildTerminationCard(view)) };
};

/** 已完成: the owner closes a hand-over or exit item with evidence. */
export const closeExit: ActionHandler<{ a: 'exit.close'; item: number }> = async (ctx, v) => {
  const view = await closeExitItem(
    writeTx(ctx),
    ctx.actor,
    v.item,
    field(ctx, 'evidence'),
    ctx.deps.now(),
    ctx.out,
  );
  return {
    toast: { type: 'success', content: `「${view.title}」已办结` },
    card: raw(buildExitItemCard(view)),
  };
};
