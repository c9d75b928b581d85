import { eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { delegations, people } from '../../db/schema';
import { shanghaiDate } from '../../domain/business-date';
import { DomainError } from '../../domain/errors';
import type { UseCase } from '../use-case';
import { DELEGATION_CHAIN } from './create';

/**
 * 撤销委托: the delegator ends a delegation early (or cancels one not yet started). From its commit
 * on, every decision finds it revoked. One that already ended by its date needs nothing: refused.
 * Audited; the delegate is told. The caller's scope has checked that the actor is the delegator.
 */
export async function revokeDelegation(uc: UseCase, input: { id: number }) {
  const { tx, out, actor, now } = uc;
  const { id } = input;
  const [d] = await tx.select().from(delegations).where(eq(delegations.id, id)).for('update');
  if (!d || d.delegatorId !== actor.personId) throw new DomainError('not_allowed', '您无权撤销该委托');
  if (d.revokedAt) throw new DomainError('already_closed', '该委托已撤销,无需重复操作');
  const today = shanghaiDate(now);
  if (d.toDate < today)
    throw new DomainError('already_closed', `该委托已于 ${d.toDate} 到期自动结束,无需撤销`);
  await tx.update(delegations).set({ revokedAt: now }).where(eq(delegations.id, id));
  const started = d.fromDate <= today;
  await appendAudit(tx, {
    aggregateType: DELEGATION_CHAIN,
    aggregateId: d.id,
    actor: actor.openId,
    action: 'delegation.revoked',
    data: { from: d.fromDate, to: d.toDate, on: today, started },
    at: now,
  });
  const [delegate] = await tx
    .select({ name: people.name, openId: people.openId })
    .from(people)
    .where(eq(people.id, d.delegateId));
  await out.send(
    { type: 'open_id', id: delegate!.openId },
    {
      text: `${actor.name} 已撤销对您的审批委托(${d.fromDate} 至 ${d.toDate}),${started ? '即日起' : ''}您不能再代其审批。`,
    },
  );
  return { delegate: delegate!.name, from: d.fromDate, to: d.toDate };
}
