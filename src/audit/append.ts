import { PgTransaction } from 'drizzle-orm/pg-core';
import { rawSql, type Sql, type Tx } from '../db/client';
import type { auditLog } from '../db/schema';
import { type AuditHead, auditHeadOn, insertAuditLinkOn } from '../db/sql/audit';
import { advisoryXactLock } from '../db/sql/locks';
import { auditHash, GENESIS_HASH } from './hash';

export type { AuditHead } from '../db/sql/audit';

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
 * Step one of an append, as two statements to pipeline: the advisory lock that serialises appends
 * per aggregate (released at commit, after the head is updated), then the head, read by a statement
 * that Postgres starts, and takes its snapshot, only once the lock is held.
 */
export function lockChainOn(
  sql: Sql,
  aggregateType: string,
  aggregateId: string,
): [Promise<unknown>, Promise<AuditHead>] {
  return [
    advisoryXactLock(sql, { kind: 'audit', aggregateType, aggregateId }),
    auditHeadOn(sql, aggregateType, aggregateId),
  ];
}

/**
 * Step two, under the lock of step one: the link after `head` and the new head, issued together
 * (one round trip with whatever else the caller sends alongside).
 */
export function writeLinkOn(sql: Sql, head: AuditHead, e: AuditEntry): Promise<AuditRow> {
  const aggregateId = String(e.aggregateId);
  const at = new Date(e.at ?? Date.now());
  if (Number.isNaN(at.getTime())) throw new Error('appendAudit: invalid `at`');
  // Store exactly what the hash covers: jsonb keeps the JSON form, not Dates or undefined members.
  const json = JSON.stringify(e.data);
  const data = JSON.parse(json) as Record<string, unknown>;
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
  const link = { ...content, json, at: at.toISOString(), prevHash, hash };
  return insertAuditLinkOn(sql, link).then((id) => ({ id, ...content, prevHash, hash }));
}

/**
 * Appends one link to the aggregate's hash chain, inside the caller's transaction so the audit row
 * commits (or rolls back) with the state change it records. Two round trips: lock and head, then
 * the link and the new head.
 */
export async function appendAudit(tx: Tx, e: AuditEntry): Promise<AuditRow> {
  // The type already asks for a Tx; this catches a Db passed through `any` or a cast, where the
  // advisory lock below would be released at once and two appends could take the same seq.
  if (!(tx instanceof PgTransaction)) throw new Error('appendAudit must be called inside a transaction');
  const sql = rawSql(tx);
  const [, head] = await Promise.all(lockChainOn(sql, e.aggregateType, String(e.aggregateId)));
  return writeLinkOn(sql, head, e);
}
