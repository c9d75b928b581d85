import { and, desc, eq } from 'drizzle-orm';
import type { TodoItem } from '../../cards/todo';
import type { DbOrTx } from '../../db/client';
import { approvalStages, purchaseDrafts, purchaseRequests, units } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { STAGE_LABELS } from '../../domain/approval-route';
import { formatWan } from '../../domain/money';
import { approversFor } from './approvers';

/** Everything waiting on a person: stages they may decide, and their own unfinished drafts. */
export async function todosOf(db: DbOrTx, actor: Actor): Promise<TodoItem[]> {
  const pending = await db
    .select({
      stage: approvalStages,
      amount: purchaseRequests.amountFen,
      unit: units.name,
      description: purchaseRequests.description,
    })
    .from(approvalStages)
    .innerJoin(purchaseRequests, eq(purchaseRequests.id, approvalStages.requestId))
    .innerJoin(units, eq(units.id, purchaseRequests.unitId))
    .where(eq(approvalStages.status, 'pending'))
    .orderBy(approvalStages.openedAt);
  const items: TodoItem[] = [];
  for (const p of pending) {
    const approvers = await approversFor(db, p.stage.requestId, p.stage.kind);
    if (approvers.some((a) => a.personId === actor.personId)) {
      items.push({
        kind: 'approval',
        id: p.stage.id,
        text: `审批 #${p.stage.requestId} ${p.unit} ${formatWan(p.amount)}「${p.description}」· ${STAGE_LABELS[p.stage.kind]}(${p.stage.openedOn} 起)`,
      });
    }
  }
  const drafts = await db
    .select()
    .from(purchaseDrafts)
    .where(and(eq(purchaseDrafts.filerId, actor.personId), eq(purchaseDrafts.status, 'open')))
    .orderBy(desc(purchaseDrafts.id));
  for (const d of drafts) items.push({ kind: 'draft', id: d.id, text: `采购草稿 #${d.id}(第${d.step}步)` });
  return items;
}
