import { BIND_FIELD, BIND_TYPED_FIELD, groupBindingCard } from '../../cards/group-binding';
import type { DbOrTx } from '../../db/client';
import { type Actor, requireActor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import { formText } from '../../domain/form';
import { bindGroup, bindingsOf, bindOptions, typedBindTarget, unbindGroup } from '../../features/groups/bind';
import { raw } from '../types';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

/** The card as this clicker may use it: the group's bindings, and what they may bind it to. */
async function bindingCard(db: DbOrTx, actor: Actor, chatId: string) {
  const [bindings, options] = await Promise.all([bindingsOf(db, chatId), bindOptions(db, actor)]);
  return raw(groupBindingCard({ bindings, ...options }));
}

export async function openGroupBinding(ctx: ReadContext) {
  return { card: await bindingCard(ctx.tx, requireActor(ctx.actor), ctx.event.chatId) };
}

export async function bindFromCard(ctx: ActionWriteContext, v: ValueOf<'group.bind'>) {
  const actor = requireActor(ctx.actor);
  const picked = formText(ctx.event.formValue, BIND_FIELD[v.kind]);
  const typed = formText(ctx.event.formValue, BIND_TYPED_FIELD[v.kind]).trim();
  // The list wins; typed text is for what the capped list does not show.
  const target = picked ? Number(picked) : typed ? await typedBindTarget(ctx.tx, actor, v.kind, typed) : 0;
  if (typed && !picked && target === undefined)
    throw new DomainError(
      'bad_input',
      v.kind === 'leadership'
        ? `没有您可绑定的单位「${typed}」,请核对单位全称`
        : `没有您可绑定的合同「${typed}」,请核对合同编号(如 HT-2026-0012)`,
    );
  if (!target || !Number.isSafeInteger(target) || target <= 0 || target > 2_147_483_647)
    throw new DomainError('form_incomplete', v.kind === 'leadership' ? '请选择单位' : '请选择合同');
  await bindGroup(
    { tx: ctx.tx, actor, now: ctx.deps.now() },
    { chatId: ctx.event.chatId, kind: v.kind, targetId: target },
  );
  return {
    toast: {
      type: 'success' as const,
      content: v.kind === 'leadership' ? '已绑定为领导班子群' : '已绑定为项目工作群',
    },
    card: await bindingCard(ctx.tx, actor, ctx.event.chatId),
  };
}

export async function unbindFromCard(ctx: ActionWriteContext, v: ValueOf<'group.unbind'>) {
  const actor = requireActor(ctx.actor);
  await unbindGroup(
    { tx: ctx.tx, actor, now: ctx.deps.now() },
    { chatId: ctx.event.chatId, bindingId: v.binding },
  );
  return {
    toast: { type: 'success' as const, content: '已解除绑定' },
    card: await bindingCard(ctx.tx, actor, ctx.event.chatId),
  };
}
