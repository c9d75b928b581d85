import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { approvalCards, approvalGroupCards, approvalStages, purchaseRequests } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';

/**
 * Locks a request for its filer's 撤回, 催办 or 附加: its stages first (in seq order, the lock a
 * decision takes, so a decision and a withdrawal wait for each other instead of deadlocking), then
 * the request row. A double click's second callback waits here and then sees the first one's
 * result. Only the request's own filer gets past it: a card value grants nothing.
 */
export async function lockOwnRequest(tx: Tx, actor: Actor, requestId: number) {
  const stages = await tx
    .select()
    .from(approvalStages)
    .where(eq(approvalStages.requestId, requestId))
    .orderBy(approvalStages.seq)
    .for('update');
  const [r] = await tx
    .select()
    .from(purchaseRequests)
    .where(eq(purchaseRequests.id, requestId))
    .for('update');
  if (!r || r.filerId !== actor.personId)
    throw new DomainError('not_allowed', '只有该采购申请的经办人本人可以办理');
  return { r, stages };
}

/** The outbox ids of every card of the stage (its holders' and the leadership group's), to patch. */
export async function heldCards(tx: Tx, stageId: number): Promise<string[]> {
  const own = await tx
    .select({ id: approvalCards.outboxId })
    .from(approvalCards)
    .where(eq(approvalCards.stageId, stageId));
  const group = await tx
    .select({ id: approvalGroupCards.outboxId })
    .from(approvalGroupCards)
    .where(eq(approvalGroupCards.stageId, stageId));
  return [...own, ...group].map((x) => x.id);
}
