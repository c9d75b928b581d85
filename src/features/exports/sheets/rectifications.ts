/**
 * 整改事项: the rectification items of one contract, or of every contract the reader's report shows;
 * a closed item with who confirmed it (销号确认人) and when (销号时间), every item with its working
 * days overdue as the 整改情况 card counts them (domain/rectification-overdue.ts): to the owner's
 * submission, or to the day the file is made while not submitted. Problems raised from the daily line
 * (问题整改) have no inspection: their 来源 is 日常考核 and the month, with how often they were
 * repeated (重复发生: the length of their repeat_of chain).
 */
import { shanghaiDate } from '../../../domain/business-date';
import { contractNumber } from '../../../domain/contract-format';
import { overdueWorkingDays } from '../../../domain/rectification-overdue';
import { at, BATCH, contractHead, type SheetRun, type SheetTotals } from './common';

export type RectificationScope =
  | { contractId: number }
  | { contractId: null; unitIds: number[] | null; leaderId: number };

type Row = {
  inspection_id: string | null;
  inspected_on: string | null;
  source: 'inspection' | 'daily';
  month: string | null;
  repeats: number;
  contract_id: string;
  signed_on: string;
  unit: string;
  finding: string;
  severity: 'minor' | 'major' | 'critical';
  owner: string;
  due_on: string;
  status: 'open' | 'submitted' | 'closed';
  submitted_at: string | null;
  closed_at: string | null;
  closed_by: string | null;
  evidence: string | null;
};

const SEVERITY: Record<Row['severity'], string> = { minor: '一般', major: '较重', critical: '严重' };
const STATUS: Record<Row['status'], string> = {
  open: '整改中',
  submitted: '待督查小组确认',
  closed: '已销号',
};

/** A problem of the daily line is confirmed by an assessor of the contract. */
const STATUS_DAILY: Record<Row['status'], string> = { ...STATUS, submitted: '待考核人确认' };

/** The day the owner handed the item in: submitted, or (a closed row without it) closed. */
const done = (i: Row) => {
  const on = i.submitted_at ?? (i.status === 'closed' ? i.closed_at : null);
  return on == null ? null : shanghaiDate(new Date(on));
};

export async function rectificationsSheet(r: SheetRun<RectificationScope>): Promise<SheetTotals> {
  const { sql, writer, scope } = r;
  const one = scope.contractId !== null ? await contractHead(sql, scope.contractId, r.today) : undefined;
  writer.sheet({
    name: '整改事项',
    title: one ? `整改事项 ${one.number} ${one.unit}` : '整改事项',
    landscape: true,
    columns: [
      { header: '督查编号', type: 'int' },
      { header: '督查日期', type: 'date' },
      { header: '合同编号', type: 'text', width: 14 },
      { header: '单位', type: 'text', width: 16 },
      { header: '问题', type: 'text', width: 40 },
      { header: '严重程度', type: 'text' },
      { header: '责任人', type: 'text' },
      { header: '整改期限', type: 'date' },
      { header: '状态', type: 'text', width: 14 },
      { header: '销号确认人', type: 'text' },
      { header: '销号时间', type: 'datetime', width: 18 },
      { header: '逾期工作日', type: 'int' },
      { header: '整改佐证', type: 'text', width: 36 },
      { header: '来源', type: 'text', width: 16 },
      { header: '重复发生', type: 'int' },
    ],
  });
  const all = scope.contractId === null && scope.unitIds === null;
  const filter =
    scope.contractId !== null
      ? sql`c.id = ${scope.contractId}`
      : all
        ? sql`true`
        : sql`(c.unit_id = any(${scope.unitIds ?? []}::bigint[]) or c.leader_id = ${scope.leaderId})`;
  const q = sql<Row[]>`
    select i.inspection_id, n.inspected_on, i.contract_id, c.signed_on, u.name as unit, i.finding,
      i.severity, p.name as owner, i.due_on, i.status, i.submitted_at, i.closed_at, k.name as closed_by,
      i.evidence, i.source, i.month, coalesce(rp.depth, 0)::int as repeats
    from rectification_items i
    left join inspections n on n.id = i.inspection_id
    left join lateral (
      with recursive ch(up, d) as (
        select i.repeat_of, 0
        union all
        select e.repeat_of, ch.d + 1 from ch join rectification_items e on e.id = ch.up where ch.d < 1000
      )
      select max(d) as depth from ch
    ) rp on i.source = 'daily'
    join contracts c on c.id = i.contract_id
    join units u on u.id = c.unit_id
    join people p on p.id = i.owner_id
    left join people k on k.id = i.closed_by
    where ${filter}
    order by i.contract_id, i.inspection_id nulls last, i.id`;
  let rows = 0;
  for await (const batch of q.cursor(BATCH)) {
    for (const i of batch) {
      await writer.row([
        i.inspection_id == null ? null : Number(i.inspection_id),
        i.inspected_on,
        contractNumber({ id: Number(i.contract_id), signedOn: i.signed_on }),
        i.unit,
        i.finding,
        SEVERITY[i.severity] ?? i.severity,
        i.owner,
        i.due_on,
        (i.source === 'daily' ? STATUS_DAILY : STATUS)[i.status] ?? i.status,
        i.status === 'closed' ? i.closed_by : null,
        at(i.closed_at),
        overdueWorkingDays(i.due_on, done(i), r.today),
        i.evidence,
        i.source === 'daily' ? `日常考核 ${i.month ?? ''}` : '专项督查',
        i.repeats,
      ]);
      rows++;
    }
  }
  return { rows, label: one ? one.number : '全部' };
}
