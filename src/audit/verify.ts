import { and, asc, eq, notExists, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client';
import { auditHeads, auditLog } from '../db/schema';
import { type AuditFailure, type AuditLogRow, checkHead, checkLink, type Head, type Report } from './checks';

export type { AuditProblem, AuditRowRef } from './checks';
export type VerifyResult = { ok: true; rows: number; chains: number } | AuditFailure;
type Row = AuditLogRow;

const chainKey = (type: string, id: string) => `${type}\u0000${id}`; // text can never hold NUL

/**
 * Walks every chain in (aggregate, seq) order, a batch at a time so the trail never sits in memory,
 * and reports the problem at the lowest row id (rows of all chains are checked before answering).
 * Within one row, reordering is reported before a broken link, and a broken link before a bad hash,
 * because a moved or orphaned row usually also fails its own hash and the earlier cause is the news.
 */
export async function verifyAudit(db: DbOrTx, opts: { batchSize?: number } = {}): Promise<VerifyResult> {
  // One snapshot for the whole walk: rows and heads come from separate queries, and an append
  // committed between them would otherwise look like a head that does not match its chain.
  if (db instanceof PgTransaction) return walk(db, opts.batchSize ?? 5000);
  return db.transaction((tx) => walk(tx, opts.batchSize ?? 5000), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

async function walk(db: DbOrTx, batchSize: number): Promise<VerifyResult> {
  let found: AuditFailure | undefined;
  const report: Report = (f) => {
    if (!found || (f.row.id !== null && (found.row.id === null || f.row.id < found.row.id)))
      found = { ok: false, ...f };
  };
  let rows = 0;
  let chains = 0;
  let prev: Row | undefined;
  let prevHead: Head | undefined;
  for (;;) {
    const batch = await readBatch(db, prev, batchSize);
    const heads = await headsFor(db, batch);
    for (const r of batch) {
      rows++;
      const sameChain = prev?.aggregateType === r.aggregateType && prev.aggregateId === r.aggregateId;
      if (!sameChain) {
        if (prev) checkHead(prev, prevHead, report);
        chains++;
        prevHead = heads.get(chainKey(r.aggregateType, r.aggregateId));
      }
      checkLink(sameChain ? prev : undefined, r, report);
      prev = r;
    }
    if (batch.length < batchSize) break;
  }
  if (prev) checkHead(prev, prevHead, report);
  if (!found) {
    const orphan = await headWithoutRows(db);
    if (orphan) {
      report({
        problem: 'head',
        row: { id: null, aggregateType: orphan.aggregateType, aggregateId: orphan.aggregateId, seq: 0 },
        detail: `链头在第 ${orphan.seq} 条,但该链没有任何记录:第 1–${orphan.seq} 条被删除`,
      });
    }
  }
  return found ?? { ok: true, rows, chains };
}

/** Keyset page after `after`: the chain index serves both the filter and the order. */
function readBatch(db: DbOrTx, after: Row | undefined, limit: number) {
  const t = auditLog;
  return db
    .select()
    .from(t)
    .where(
      after
        ? sql`(${t.aggregateType}, ${t.aggregateId}, ${t.seq}) > (${after.aggregateType}, ${after.aggregateId}, ${after.seq})`
        : undefined,
    )
    .orderBy(asc(t.aggregateType), asc(t.aggregateId), asc(t.seq))
    .limit(limit);
}

/** Heads of the chains in one batch, fetched by key rather than joined per row. */
async function headsFor(db: DbOrTx, batch: Row[]): Promise<Map<string, Head>> {
  const keys = new Map<string, [string, string]>();
  for (const r of batch) keys.set(chainKey(r.aggregateType, r.aggregateId), [r.aggregateType, r.aggregateId]);
  const out = new Map<string, Head>();
  if (keys.size === 0) return out;
  const tuples = sql.join(
    [...keys.values()].map(([type, id]) => sql`(${type}, ${id})`),
    sql`, `,
  );
  const rows = await db
    .select()
    .from(auditHeads)
    .where(sql`(${auditHeads.aggregateType}, ${auditHeads.aggregateId}) in (${tuples})`);
  for (const h of rows) out.set(chainKey(h.aggregateType, h.aggregateId), { seq: h.seq, hash: h.hash });
  return out;
}

function headWithoutRows(db: DbOrTx) {
  const rowsOfHead = db
    .select({ one: sql`1` })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.aggregateType, auditHeads.aggregateType),
        eq(auditLog.aggregateId, auditHeads.aggregateId),
      ),
    );
  return db
    .select()
    .from(auditHeads)
    .where(notExists(rowsOfHead))
    .limit(1)
    .then((r) => r[0]);
}
