/**
 * 审计记录: a contract's audit chain and the chains of its monthly scores (each score is its own
 * aggregate), link by link, and a sheet 链头 with each chain's head as audit_heads holds it, so the
 * file can be checked against the trail's anchors.
 */
import { at, BATCH, contractHead, type SheetRun, type SheetTotals } from './common';

type Link = {
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

const CHAIN_LABELS: Record<string, string> = { contract: '合同', monthly_score: '月度考核' };

export async function auditTrailSheet(r: SheetRun<{ contractId: number }>): Promise<SheetTotals> {
  const { sql, writer } = r;
  const id = r.scope.contractId;
  const head = await contractHead(sql, id, r.today);
  // The chains: the contract's own, and one per score row of it (corrections are rows of their own).
  const chains = () => sql`
    select 'contract'::text as aggregate_type, ${String(id)}::text as aggregate_id
    union all
    select 'monthly_score', s.id::text from monthly_scores s where s.contract_id = ${id}`;
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
  const name = (type: string, aid: string) => `${CHAIN_LABELS[type] ?? type} #${aid}`;
  const q = sql<Link[]>`
    select a.aggregate_type, a.aggregate_id, a.seq, a.at, a.actor, a.action, a.data::text as data,
      a.prev_hash, a.hash
    from (${chains()}) k
    join audit_log a on a.aggregate_type = k.aggregate_type and a.aggregate_id = k.aggregate_id
    order by a.aggregate_type, a.aggregate_id::bigint, a.seq`;
  let rows = 0;
  for await (const batch of q.cursor(BATCH)) {
    for (const a of batch) {
      await writer.row([
        name(a.aggregate_type, a.aggregate_id),
        a.seq,
        at(a.at),
        a.actor,
        a.action,
        a.data,
        a.prev_hash,
        a.hash,
      ]);
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
  const heads = sql<{ aggregate_type: string; aggregate_id: string; seq: number; hash: string }[]>`
    select h.aggregate_type, h.aggregate_id, h.seq, h.hash
    from (${chains()}) k
    join audit_heads h on h.aggregate_type = k.aggregate_type and h.aggregate_id = k.aggregate_id
    order by h.aggregate_type, h.aggregate_id::bigint`;
  for await (const batch of heads.cursor(BATCH)) {
    for (const h of batch) await writer.row([name(h.aggregate_type, h.aggregate_id), h.seq, h.hash]);
  }
  return { rows, label: head.number };
}
