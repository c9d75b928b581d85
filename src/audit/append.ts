import { and, eq, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/client';
import { auditHeads, auditLog } from '../db/schema';
import { auditHash, GENESIS_HASH } from './hash';

export type AuditEntry = {
  aggregateType: string;
  aggregateId: string | number;
  actor: string;
  action: string;
  data: Record<string, unknown>;
  /** Defaults to now; kept to the millisecond, which is what the column stores. */
  at?: Date;
};

export type AuditRow = typeof auditLog.$inferSelect;

/**
 * Appends one link to the aggregate's hash chain, inside the caller's transaction so the audit row
 * commits (or rolls back) with the state change it records.
 */
export async function appendAudit(tx: Tx, e: AuditEntry): Promise<AuditRow> {
  // The type already asks for a Tx; this catches a Db passed through `any` or a cast, where the
  // advisory lock below would be released at once and two appends could take the same seq.
  if (!(tx instanceof PgTransaction)) throw new Error('appendAudit must be called inside a transaction');
  const aggregateId = String(e.aggregateId);
  const at = new Date(e.at ?? Date.now());
  if (Number.isNaN(at.getTime())) throw new Error('appendAudit: invalid `at`');
  // Store exactly what the hash covers: jsonb keeps the JSON form, not Dates or undefined members.
  const data = JSON.parse(JSON.stringify(e.data)) as Record<string, unknown>;

  // Serialises appends per aggregate; released at commit, after the head is updated. The two
  // statements are pipelined (one round trip), and Postgres runs them in order: the head is read by
  // a statement that starts, and takes its snapshot, only once the lock is held.
  const [, [head]] = await Promise.all([
    tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${e.aggregateType} || ':' || ${aggregateId}, 0))`,
    ),
    tx
      .select({ seq: auditHeads.seq, hash: auditHeads.hash })
      .from(auditHeads)
      .where(and(eq(auditHeads.aggregateType, e.aggregateType), eq(auditHeads.aggregateId, aggregateId))),
  ]);

  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const content = {
    aggregateType: e.aggregateType,
    aggregateId,
    seq,
    actor: e.actor,
    action: e.action,
    data,
    at,
  };
  const hash = auditHash(prevHash, content);

  // The link and the new head in one round trip.
  const [[row]] = await Promise.all([
    tx
      .insert(auditLog)
      .values({ ...content, prevHash, hash })
      .returning(),
    tx
      .insert(auditHeads)
      .values({ aggregateType: e.aggregateType, aggregateId, seq, hash })
      .onConflictDoUpdate({ target: [auditHeads.aggregateType, auditHeads.aggregateId], set: { seq, hash } }),
  ]);
  return row!;
}
