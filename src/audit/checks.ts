import type { auditLog } from '../db/schema';
import { auditHash, GENESIS_HASH } from './hash';

/** Pure checks of one link and one chain end; verify.ts feeds them rows in (aggregate, seq) order. */

export type AuditProblem = 'altered' | 'removed' | 'reordered' | 'head';

/** The row a problem is reported at. `id` is null only when a head names a chain with no rows left. */
export type AuditRowRef = { id: number | null; aggregateType: string; aggregateId: string; seq: number };
export type AuditFailure = { ok: false; problem: AuditProblem; row: AuditRowRef; detail: string };
export type Report = (f: Omit<AuditFailure, 'ok'>) => void;
export type AuditLogRow = typeof auditLog.$inferSelect;
export type Head = { seq: number; hash: string };
type Row = AuditLogRow;

const ref = (r: Row): AuditRowRef => ({
  id: r.id,
  aggregateType: r.aggregateType,
  aggregateId: r.aggregateId,
  seq: r.seq,
});

export function checkLink(prev: Row | undefined, r: Row, report: Report) {
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

export function checkHead(last: Row, head: Head | undefined, report: Report) {
  let detail: string | undefined;
  if (!head) detail = 'the chain has no head in audit_heads';
  else if (head.seq > last.seq) {
    const missing = head.seq - 1 === last.seq ? `seq ${head.seq}` : `seq ${last.seq + 1}..${head.seq}`;
    detail = `head is at seq ${head.seq} but the last row is seq ${last.seq}: ${missing} removed`;
  } else if (head.seq < last.seq) detail = `head is at seq ${head.seq} but rows go up to seq ${last.seq}`;
  else if (head.hash !== last.hash) detail = `head hash does not match the last row (seq ${last.seq})`;
  if (detail) report({ problem: 'head', row: ref(last), detail });
}
