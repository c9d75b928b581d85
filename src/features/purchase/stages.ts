import { eq } from 'drizzle-orm';
import { buildApprovalCard } from '../../cards/approval';
import type { Tx } from '../../db/client';
import { approvalCards, approvalStages } from '../../db/schema';
import { shanghaiDate } from '../../domain/calendar';
import type { OutboxWriter } from '../../outbox/write';
import { approversFor } from './approvers';
import { approvalView } from './view';

/**
 * Makes a stage pending and sends its card to each person who may decide it; the card's outbox id
 * is kept so the decision's fan-out (`fanOutDecisions`) can later change the card for everyone who holds it.
 */
export async function openStage(tx: Tx, out: OutboxWriter, stageId: number, now: Date) {
  const [stage] = await tx
    .update(approvalStages)
    .set({ status: 'pending', openedAt: now, openedOn: shanghaiDate(now) })
    .where(eq(approvalStages.id, stageId))
    .returning();
  const card = buildApprovalCard(await approvalView(tx, stageId));
  const approvers = await approversFor(tx, stage!.requestId, stage!.kind);
  for (const a of approvers) {
    const outboxId = await out.send({ type: 'open_id', id: a.openId }, { card });
    await tx.insert(approvalCards).values({ stageId, personId: a.personId, outboxId });
  }
  return approvers;
}
