import { eq } from 'drizzle-orm';
import { buildDelegationCard } from '../../cards/delegation';
import { delegations } from '../../db/schema';
import { requireActor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import { formText } from '../../domain/form';
import { createDelegation } from '../../features/delegation/create';
import { revokeDelegation } from '../../features/delegation/revoke';
import { delegationView } from '../../features/delegation/view';
import { raw } from '../types';
import type { Scope } from './scopes';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

/**
 * 撤销委托: only the delegation's own delegator. The refusal is the same whether the delegation
 * exists or belongs to someone else, so a forged id learns nothing.
 */
export const delegatorScope: Scope<{ delegation: number }> = async (ctx, v) => {
  const actor = requireActor(ctx.actor);
  const [d] = await ctx.db
    .select({ delegatorId: delegations.delegatorId })
    .from(delegations)
    .where(eq(delegations.id, v.delegation));
  if (!d || d.delegatorId !== actor.personId) throw new DomainError('not_allowed', '您无权撤销该委托');
};

/** 委托审批: the clicker's delegations, both ways, and the form for a new one. */
export const showDelegation = async (ctx: ReadContext) => ({
  card: raw(buildDelegationCard(await delegationView(ctx.tx, requireActor(ctx.actor), ctx.deps.now()))),
});

export const createDelegationFromCard = async (ctx: ActionWriteContext) => {
  const actor = requireActor(ctx.actor);
  const f = ctx.event.formValue;
  const now = ctx.deps.now();
  const d = await createDelegation(
    { tx: ctx.tx, out: ctx.out, actor, now },
    { delegate: formText(f, 'person'), from: formText(f, 'from_date'), to: formText(f, 'to_date') },
  );
  return {
    toast: {
      type: 'success' as const,
      content: `已委托 ${d.delegate} 在 ${d.from} 至 ${d.to} 代为审批,并已通知对方`,
    },
    card: raw(buildDelegationCard(await delegationView(ctx.tx, actor, now))),
  };
};

export const revokeDelegationFromCard = async (ctx: ActionWriteContext, v: ValueOf<'delegation.revoke'>) => {
  const actor = requireActor(ctx.actor);
  const now = ctx.deps.now();
  const d = await revokeDelegation({ tx: ctx.tx, out: ctx.out, actor, now }, { id: v.delegation });
  return {
    toast: { type: 'success' as const, content: `已撤销对 ${d.delegate} 的委托,并已通知对方` },
    card: raw(buildDelegationCard(await delegationView(ctx.tx, actor, now))),
  };
};
