import { and, eq, isNull } from 'drizzle-orm';
import { buildApprovalCard } from '../../cards/approval';
import type { Tx } from '../../db/client';
import {
  approvalCards,
  approvalGroupCards,
  approvalStages,
  groupBindings,
  purchaseRequests,
} from '../../db/schema';
import { shanghaiDate } from '../../domain/calendar';
import type { OutboxWriter } from '../../outbox/write';
import { approversFor, delegatesFor } from './approvers';
import { approvalView } from './view';

/**
 * Makes a stage pending and sends its card to each person who may decide it (and, for a unit
 * leadership stage, to the unit's bound leadership group); the card's outbox id
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
  // Whoever an approver delegated to for today holds the card too, and their copy follows the decision.
  const delegates = await delegatesFor(tx, stage!.requestId, approvers, shanghaiDate(now));
  for (const a of [...approvers, ...delegates]) {
    const outboxId = await out.send({ type: 'open_id', id: a.openId }, { card });
    await tx.insert(approvalCards).values({ stageId, personId: a.personId, outboxId });
  }
  // The collective decision happens where the meeting is: the unit's bound leadership group gets the
  // card too, and the decision's fan-out updates it with the holders' cards (bot/group-safe.ts).
  if (stage!.kind === 'unit_leadership') {
    const [group] = await tx
      .select({ chatId: groupBindings.chatId })
      .from(purchaseRequests)
      .innerJoin(
        groupBindings,
        and(
          eq(groupBindings.unitId, purchaseRequests.unitId),
          eq(groupBindings.kind, 'leadership'),
          isNull(groupBindings.unboundAt),
        ),
      )
      .where(eq(purchaseRequests.id, stage!.requestId));
    if (group) {
      const outboxId = await out.send({ type: 'chat_id', id: group.chatId }, { card });
      await tx.insert(approvalGroupCards).values({ stageId, chatId: group.chatId, outboxId });
    }
  }
  return approvers;
}
