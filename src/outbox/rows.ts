import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { outbox } from '../db/schema';

export type OutboxRow = typeof outbox.$inferSelect;

export async function getOutboxRow(db: DbOrTx, id: string): Promise<OutboxRow | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row;
}

export async function pendingOutboxRows(db: DbOrTx, ids?: string[], olderThan?: Date) {
  const conds = [eq(outbox.status, 'pending')];
  if (ids) conds.push(inArray(outbox.id, ids));
  if (olderThan) conds.push(lt(outbox.createdAt, olderThan));
  return db
    .select()
    .from(outbox)
    .where(and(...conds))
    .orderBy(outbox.createdAt);
}

/** Only a pending row moves on, so a duplicate job can never flip a decided row. */
export async function markSent(db: DbOrTx, id: string, messageId: string | null) {
  await db
    .update(outbox)
    .set({ status: 'sent', messageId, sentAt: new Date(), attempts: sql`${outbox.attempts} + 1` })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')));
}

export async function markFailed(db: DbOrTx, id: string, reason: string) {
  await db
    .update(outbox)
    .set({ status: 'failed', lastError: reason, attempts: sql`${outbox.attempts} + 1` })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')));
}

export async function noteAttempt(db: DbOrTx, id: string, reason: string) {
  await db
    .update(outbox)
    .set({ lastError: reason, attempts: sql`${outbox.attempts} + 1` })
    .where(eq(outbox.id, id));
}

/** The per-receiver spacing key: who (or which message) Feishu counts this call against. */
export function spacingKey(
  row: Pick<OutboxRow, 'kind' | 'receiveIdType' | 'receiveId' | 'targetMessageId' | 'targetOutboxId'>,
) {
  if (row.kind === 'send') return `${row.receiveIdType}:${row.receiveId}`;
  return `msg:${row.targetMessageId ?? row.targetOutboxId}`;
}
