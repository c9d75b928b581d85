/**
 * 审计记录: a contract's audit chain and the chains of its monthly scores (each score is its own
 * aggregate), link by link, and a sheet 链头 with each chain's head as audit_heads holds it, so the
 * file can be checked against the trail's anchors. The contract's chain is named by the contract's
 * number; a score's by its month, with the chain's id (a month corrected has several score chains,
 * and the id is what audit_log and the anchors key the chain by).
 */
import { at, BATCH, contractHead, type SheetRun, type SheetTotals } from './common';

type Link = {
  label: string;
  aggregate_type: string;
  aggregate_id: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  data: string;
  prev_hash: string;
  hash: string;
};

export async function auditTrailSheet(r: SheetRun<{ contractId: number }>): Promise<SheetTotals> {
  const { sql, writer } = r;
  const id = r.scope.contractId;
  const head = await contractHead(sql, id, r.today);
  // The chains: the contract's own, and one per score row of it (corrections are rows of their own).
  const chains = () => sql`
    select 'contract'::text as aggregate_type, ${String(id)}::text as aggregate_id,
      ${`合同 ${head.number}`}::text as label
    union all
    select 'monthly_score', s.id::text, '月度考核 ' || s.month || '(链 ' || s.id::text || ')'
    from monthly_scores s where s.contract_id = ${id}`;
  writer.sheet({
    name: '审计记录',
    title: `审计记录 ${head.number} ${head.unit} ${head.vendor}`,
    landscape: true,
    columns: [
      { header: '链', type: 'text', width: 18 },
      { header: '序号', type: 'int' },
      { header: '时间', type: 'datetime', width: 18 },
      { header: '操作人', type: 'text', width: 20 },
      { header: '操作', type: 'text', width: 20 },
      { header: '内容', type: 'text', width: 60 },
      { header: '前一哈希', type: 'text', width: 66 },
      { header: '哈希', type: 'text', width: 66 },
    ],
  });
  const q = sql<Link[]>`
    select k.label, a.aggregate_type, a.aggregate_id, a.seq, a.at, a.actor, a.action, a.data::text as data,
      a.prev_hash, a.hash
    from (${chains()}) k
    join audit_log a on a.aggregate_type = k.aggregate_type and a.aggregate_id = k.aggregate_id
    order by a.aggregate_type, a.aggregate_id::bigint, a.seq`;
  let rows = 0;
  for await (const batch of q.cursor(BATCH)) {
    for (const a of batch) {
      await writer.row([a.label, a.seq, at(a.at), a.actor, a.action, a.data, a.prev_hash, a.hash]);
      rows++;
    }
  }
  writer.sheet({
    name: '链头',
    columns: [
      { header: '链', type: 'text', width: 18 },
      { header: '序号', type: 'int' },
      { header: '头哈希', type: 'text', width: 66 },
    ],
  });
  const heads = sql<{ label: string; seq: number; hash: string }[]>`
    select k.label, h.aggregate_type, h.aggregate_id, h.seq, h.hash
    from (${chains()}) k
    join audit_heads h on h.aggregate_type = k.aggregate_type and h.aggregate_id = k.aggregate_id
    order by h.aggregate_type, h.aggregate_id::bigint`;
  for await (const batch of heads.cursor(BATCH)) {
    for (const h of batch) await writer.row([h.label, h.seq, h.hash]);
  }
  return { rows, label: head.number };
}
