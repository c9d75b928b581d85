import { and, asc, eq, notExists, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { auditHeads, auditLog } from '../db/schema';
import { auditHash, GENESIS_HASH } from './hash';

export type AuditProblem = 'altered' | 'removed' | 'reordered' | 'head';

/** The row a problem is reported at. `id` is null only when a head names a chain with no rows left. */
export type AuditRowRef = { id: number | null; aggregateType: string; aggregateId: string; seq: number };

export type VerifyResult =
  | { ok: true; rows: number; chains: number }
  | { ok: false; problem: AuditProblem; row: AuditRowRef; detail: string };

type Failure = Extract<VerifyResult, { ok: false }>;
type Row = typeof auditLog.$inferSelect;
type Head = { seq: number; hash: string };

const chainKey = (type: string, id: string) => `${type}\u0000${id}`; // text can never hold NUL
const ref = (r: Row): AuditRowRef => ({
  id: r.id,
  aggregateType: r.aggregateType,
  aggregateId: r.aggregateId,
  seq: r.seq,
});

/**
 * Walks every chain in (aggregate, seq) order, a batch at a time so the trail never sits in memory,
 * and reports the problem at the lowest row id (rows of all chains are checked before answering).
 * Within one row, reordering is reported before a broken link, and a broken link before a bad hash,
 * because a moved or orphaned row usually also fails its own hash and the earlier cause is the news.
 */
export async function verifyAudit(db: DbOrTx, opts: { batchSize?: number } = {}): Promise<VerifyResult> {
  const batchSize = opts.batchSize ?? 5000;
  let found: Failure | undefined;
  const report = (f: Omit<Failure, 'ok'>) => {
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
        detail: `head is at seq ${orphan.seq} but the chain has no rows: seq 1..${orphan.seq} removed`,
      });
    }
  }
  return found ?? { ok: true, rows, chains };
}

function checkLink(prev: Row | undefined, r: Row, report: (f: Omit<Failure, 'ok'>) => void) {
  const expectedSeq = (prev?.seq ?? 0) + 1;
  const expectedPrev = prev?.hash ?? GENESIS_HASH;
  const at = prev ? `row id=${prev.id} (seq ${prev.seq})` : 'the start of the chain';
  if (prev && r.id < prev.id) {
    const detail = `row id=${r.id} is seq ${r.seq}, after ${at}: ids must grow with seq, so seq was rewritten`;
    report({ problem: 'reordered', row: ref(r), detail });
  } else if (r.seq > expectedSeq) {
    const missing = r.seq - 1 === expectedSeq ? `seq ${expectedSeq}` : `seq ${expectedSeq}..${r.seq - 1}`;
    report({ problem: 'removed', row: ref(r), detail: `${missing} missing between ${at} and this row` });
  } else if (r.seq < expectedSeq) {
    report({ problem: 'altered', row: ref(r), detail: `seq ${r.seq} cannot follow ${at}` });
  } else if (r.prevHash !== expectedPrev) {
    const detail = `prev_hash does not match ${at}: the row this one was chained to was removed or replaced`;
    report({ problem: 'removed', row: ref(r), detail });
  } else if (auditHash(r.prevHash, r) !== r.hash) {
    report({ problem: 'altered', row: ref(r), detail: 'recomputed hash differs from the stored hash' });
  }
}

function checkHead(last: Row, head: Head | undefined, report: (f: Omit<Failure, 'ok'>) => void) {
  let detail: string | undefined;
  if (!head) detail = 'the chain has no head in audit_heads';
  else if (head.seq > last.seq) {
    const missing = head.seq - 1 === last.seq ? `seq ${head.seq}` : `seq ${last.seq + 1}..${head.seq}`;
    detail = `head is at seq ${head.seq} but the last row is seq ${last.seq}: ${missing} removed`;
  } else if (head.seq < last.seq) detail = `head is at seq ${head.seq} but rows go up to seq ${last.seq}`;
  else if (head.hash !== last.hash) detail = `head hash does not match the last row (seq ${last.seq})`;
  if (detail) report({ problem: 'head', row: ref(last), detail });
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
