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
  const at = prev ? `第 ${prev.seq} 条(行 id=${prev.id})` : '审计链起点';
  if (prev && r.id < prev.id) {
    const detail = `行 id=${r.id} 为第 ${r.seq} 条,排在${at}之后:行 id 应随序号递增,序号被改写`;
    report({ problem: 'reordered', row: ref(r), detail });
  } else if (r.seq > expectedSeq) {
    const missing = r.seq - 1 === expectedSeq ? `第 ${expectedSeq} 条` : `第 ${expectedSeq}–${r.seq - 1} 条`;
    report({ problem: 'removed', row: ref(r), detail: `${at}与本行之间缺少${missing}` });
  } else if (r.seq < expectedSeq) {
    report({ problem: 'altered', row: ref(r), detail: `第 ${r.seq} 条不能接在${at}之后` });
  } else if (r.prevHash !== expectedPrev) {
    const detail = `前一哈希(prev_hash)与${at}不符:本行所链接的记录被删除或替换`;
    report({ problem: 'removed', row: ref(r), detail });
  } else if (auditHash(r.prevHash, r) !== r.hash) {
    report({ problem: 'altered', row: ref(r), detail: '重新计算的哈希与存储的哈希不符' });
  }
}

export function checkHead(last: Row, head: Head | undefined, report: Report) {
  let detail: string | undefined;
  if (!head) detail = '该审计链在 audit_heads 中没有链头';
  else if (head.seq > last.seq) {
    const missing = head.seq - 1 === last.seq ? `第 ${head.seq} 条` : `第 ${last.seq + 1}–${head.seq} 条`;
    detail = `链头在第 ${head.seq} 条,但最后一行为第 ${last.seq} 条:${missing}被删除`;
  } else if (head.seq < last.seq) detail = `链头在第 ${head.seq} 条,但记录已到第 ${last.seq} 条`;
  else if (head.hash !== last.hash) detail = `链头哈希与最后一行(第 ${last.seq} 条)不符`;
  if (detail) report({ problem: 'head', row: ref(last), detail });
}
