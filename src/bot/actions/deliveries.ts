/**
 * 发送失败: the zone's admins see which messages never arrived and resend one whose cause
 * they have dealt with. Zone admins only: the list names people and groups of every unit. Neither
 * action is group-safe (group-safe.ts), so the card never lands in a group.
 */
import { buildDeliveryFailuresCard } from '../../cards/delivery-failures';
import { grantsAllow } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import { deliveryFailuresView } from '../../features/deliveries/failures';
import { resendDelivery } from '../../features/deliveries/resend';
import { raw } from '../types';
import type { Scope } from './scopes';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

/** A zone-wide admin, by the grants read for this click (a unit admin is refused). */
export const zoneAdmin: Scope<unknown> = (ctx) => {
  if (!ctx.actor || !grantsAllow(ctx.actor.grants, 'admin', null))
    throw new DomainError('not_admin', '只有全区管理员可以查看和重发未送达的消息');
};

export const showDeliveryFailures = async (ctx: ReadContext) => ({
  card: raw(buildDeliveryFailuresCard(await deliveryFailuresView(ctx.tx))),
});

export const resendFromCard = async (ctx: ActionWriteContext, v: ValueOf<'delivery.resend'>) => {
  const id = await resendDelivery(ctx.tx, v.row, ctx.actor!.openId);
  if (id) ctx.afterCommit(() => ctx.deps.enqueueOutbox([id]));
  return {
    toast: id
      ? { type: 'success' as const, content: '已重新发送' }
      : { type: 'info' as const, content: '这条消息已重新发送过,不再重复发送' },
    card: raw(buildDeliveryFailuresCard(await deliveryFailuresView(ctx.tx))),
  };
};
