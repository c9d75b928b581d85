import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { purchaseDrafts, purchaseRequests } from '../../db/schema';
import { DomainError } from '../../domain/errors';
import type { DraftData } from '../../domain/purchase-fields';

export type Draft = typeof purchaseDrafts.$inferSelect & { data: DraftData };

export async function latestOpenDraft(db: DbOrTx, filerId: number): Promise<Draft | undefined> {
  const [d] = await db
    .select()
    .from(purchaseDrafts)
    .where(and(eq(purchaseDrafts.filerId, filerId), eq(purchaseDrafts.status, 'open')))
    .orderBy(desc(purchaseDrafts.id))
    .limit(1);
  return d as Draft | undefined;
}

export async function createDraft(db: DbOrTx, filerId: number): Promise<Draft> {
  const [d] = await db.insert(purchaseDrafts).values({ filerId }).returning();
  return d as Draft;
}

/** The filer's own open draft, locked for this transaction; anything else is refused. */
export async function ownOpenDraft(db: DbOrTx, draftId: number, filerId: number): Promise<Draft> {
  const [d] = await db.select().from(purchaseDrafts).where(eq(purchaseDrafts.id, draftId)).for('update');
  if (!d || d.filerId !== filerId) throw new DomainError('draft_not_yours', '这不是您的采购草稿');
  if (d.status === 'submitted') throw new DomainError('draft_submitted', '该草稿已提交,无需重复操作');
  if (d.status === 'cancelled') throw new DomainError('draft_cancelled', '该草稿已取消');
  return d as Draft;
}

/**
 * The request a draft of this filer's became, if it was submitted: a double click's second
 * 提交审批 answers with the first one's result instead of an error.
 * Locks the draft like ownOpenDraft, so the second callback waits for the first to commit.
 */
export async function submittedRequestOf(db: DbOrTx, draftId: number, filerId: number) {
  const [d] = await db.select().from(purchaseDrafts).where(eq(purchaseDrafts.id, draftId)).for('update');
  if (!d || d.filerId !== filerId || d.status !== 'submitted') return undefined;
  const [r] = await db
    .select({ id: purchaseRequests.id })
    .from(purchaseRequests)
    .where(eq(purchaseRequests.draftId, draftId));
  return r?.id;
}

export async function saveDraft(db: DbOrTx, id: number, step: number, data: DraftData) {
  await db
    .update(purchaseDrafts)
    .set({ step, data: data as Record<string, unknown>, updatedAt: new Date() })
    .where(eq(purchaseDrafts.id, id));
}

export async function closeDraft(db: DbOrTx, id: number, status: 'submitted' | 'cancelled') {
  await db.update(purchaseDrafts).set({ status, updatedAt: new Date() }).where(eq(purchaseDrafts.id, id));
}
