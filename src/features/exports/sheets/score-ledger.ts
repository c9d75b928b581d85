/**
 * 年度考核台账: every current monthly score of a year across the contracts the reader may see (the
 * contract card's rule: a role in the contract's unit or a zone role, or being its leader or one of
 * its assessors), one row per contract and month. Contracts differ in their rubric, so the
 * deductions are one text column (`保洁质量 -2.0;人员到岗 -1.0`) rather than a column per item, and
 * the assessor's note of each deduction is the next (扣分说明, `保洁质量 -2.0:楼道有垃圾`, as
 * `deductionNotes` writes it for a contract's own sheet).
 * Each row says its contract's status on the day the file is made (未开始 / 履行中 / 已到期 / 已终止).
 */
import type { Sql } from '../../../db/client';
import { type CopyColumn, copyRows } from '../../../db/copy-rows';
import { standingCheckerScoresText } from '../../../db/sql/spot-checks';
import type { ContractStatus } from '../../../domain/contract';
import { contractNumber } from '../../../domain/contract-format';
import { contractStatusLabel } from '../../../domain/contract-status';
import { at, points, type SheetRun, type SheetTotals } from './common';
import { entryStatus, SCORE_COLUMNS } from './scores';

export type LedgerScope = {
  year: number;
  /** The units whose contracts the reader sees by role; null is the whole zone. */
  unitIds: number[] | null;
  /** The reader, who also sees the contracts naming them as leader or assessor. */
  personId: number;
  /** One unit only, when the button named one. */
  unitId?: number;
};

const int = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
};

/**
 * The ledger's query as SQL text with its values inlined: the sheet reads it through
 * `COPY (…) TO STDOUT`, which takes no parameters. Only integers are inlined, each
 * checked, so nothing typed by a person reaches the text.
 */
export function ledgerSql(s: LedgerScope): string {
  const y = int(s.year);
  const from = `'${y}-01'`;
  const to = `'${y}-12'`;
  const p = int(s.personId);
  const byRole =
    s.unitIds === null ? 'true' : `c.unit_id = any('{${s.unitIds.map(int).join(',')}}'::bigint[])`;
  const visible = `(${byRole} or c.leader_id = ${p}
      or exists (select 1 from contract_assessors a where a.contract_id = c.id and a.person_id = ${p}))`;
  const unit = s.unitId === undefined ? '' : `and c.unit_id = ${int(s.unitId)}`;
  // The superseded rows of the year (one in a hundred), per contract and month: how many (the
  // corrections) and the earliest entry among them. A month was first entered at the earlier of that
  // and its current row's entry, so no per-row lookup of the table is needed (a subquery per row
  // scanned monthly_scores once for each of the 600,000 rows: the ledger did not finish).
  // The checker scores that stand (rule 12) are joined once for the year, by the rule's own text,
  // so no other statement is needed while the COPY streams.
  // Two levels so that rows stream: the inner query joins and sorts the plain columns (no rubric:
  // it would widen every sorted row); the outer one spells out the deductions by the rubric's names
  // row by row (`l`) as the sorted rows are sent. With the deductions spelled out below the sort, the
  // server did all the work before the first row and the sheet waited for it (measured on 600,000
  // rows: 4.5 s with the writer idle, then the writer alone). The outer ORDER BY repeats the
  // inner one (same keys, so no second sort) because only an outer ORDER BY promises the order.
  const name = `coalesce((select r->>'name' from contracts rc, jsonb_array_elements(rc.rubric) r
            where rc.id = l.cid and r->>'key' = d->>'item' limit 1), d->>'item')
          || ' -' || to_char((d->>'tenths')::numeric / 10, 'FM9990.0')`;
  return `with corr as (
    select contract_id, month, count(*)::int as n, min(entered_at) as first_at from monthly_scores
    where not current and month between ${from} and ${to} group by contract_id, month)
  select l.cid::int as contract_id, l.signed_on, l.unit, l.vendor, l.month,
    case when jsonb_array_length(l.deductions) = 0 then null else (
      select string_agg(${name}, ';' order by o)
      from jsonb_array_elements(l.deductions) with ordinality y(d, o)) end as deductions,
    (select string_agg(${name} || ':' || btrim(d->>'note'), ';' order by o)
      from jsonb_array_elements(l.deductions) with ordinality y(d, o)
      where coalesce(btrim(d->>'note'), '') <> '') as notes,
    l.daily_tenths, l.management_tenths, l.final_tenths, l.assessor, l.entered_at, l.corrections,
    l.previous_tenths, l.correction_reason, l.starts_on, l.ends_on, l.status, l.ended_on, l.due_on, l.late,
    l.first_entered_on, l.checker_tenths
  from (
    select c.unit_id, c.id as cid, c.signed_on, u.name as unit, v.name as vendor, s.month, s.deductions,
      s.daily_tenths, s.management_tenths, s.final_tenths, p.name as assessor, s.entered_at,
      coalesce(corr.n, 0) as corrections, prev.final_tenths as previous_tenths, s.correction_reason,
      c.starts_on, c.ends_on, c.status, c.ended_on, s.due_on, s.late,
      to_char(least(s.entered_at, corr.first_at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as first_entered_on,
      st.checker_final_tenths as checker_tenths
    from monthly_scores s
    join contracts c on c.id = s.contract_id
    join units u on u.id = c.unit_id
    join vendors v on v.id = c.vendor_id
    join people p on p.id = s.entered_by
    left join monthly_scores prev on prev.id = s.supersedes_id
    left join corr on corr.contract_id = s.contract_id and corr.month = s.month
    left join ${standingCheckerScoresText(`x.month between ${from} and ${to}`)} st
      on st.contract_id = s.contract_id and st.month = s.month
    where s.current and s.month between ${from} and ${to} and ${visible} ${unit}
    order by c.unit_id, c.id, s.month
    offset 0) l
  order by l.unit_id, l.cid, l.month`;
}

type Row = [
  contractId: number,
  signedOn: string,
  unit: string,
  vendor: string,
  month: string,
  deductions: string | null,
  notes: string | null,
  daily: number,
  management: number,
  final: number,
  assessor: string,
  enteredAt: string,
  corrections: number,
  previous: number | null,
  reason: string | null,
  startsOn: string,
  endsOn: string,
  status: ContractStatus,
  endedOn: string | null,
  dueOn: string | null,
  late: boolean,
  firstEnteredOn: string | null,
  checkerTenths: number | null,
];

/** Row's columns, in its order, as the COPY text is parsed (db/copy-rows.ts). */
const COLUMNS: readonly CopyColumn[] = [
  'int', // contractId
  'text', // signedOn
  'text', // unit
  'text', // vendor
  'text', // month
  'text', // deductions
  'text', // notes
  'int', // daily
  'int', // management
  'int', // final
  'text', // assessor
  'text', // enteredAt
  'int', // corrections
  'int', // previous
  'text', // reason
  'text', // startsOn
  'text', // endsOn
  'text', // status
  'text', // endedOn
  'text', // dueOn
  'bool', // late
  'text', // firstEnteredOn
  'int', // checkerTenths
];

export async function scoreLedgerSheet(r: SheetRun<LedgerScope & { label: string }>): Promise<SheetTotals> {
  const { writer } = r;
  writer.sheet({
    name: '考核台账',
    title: `${r.scope.year}年度考核台账 ${r.scope.label}`,
    landscape: true,
    columns: [
      { header: '合同编号', type: 'text', width: 14 },
      { header: '单位', type: 'text', width: 16 },
      { header: '供应商', type: 'text', width: 24 },
      { header: '合同状态', type: 'text', width: 10 },
      { header: '月份', type: 'text', width: 9 },
      { header: '扣分明细', type: 'text', width: 30 },
      { header: '扣分说明', type: 'text', width: 40 },
      ...SCORE_COLUMNS,
    ],
  });
  let rows = 0;
  // Rows as arrays: no object per row; the number and status are worked out once per contract.
  let lastId = -1;
  let number = '';
  let status = '';
  for await (const batch of copyRows<Row>(r.sql as Sql, ledgerSql(r.scope), COLUMNS)) {
    for (const s of batch) {
      if (s[0] !== lastId) {
        lastId = s[0];
        number = contractNumber({ id: s[0], signedOn: s[1] });
        status = contractStatusLabel(
          { startsOn: s[15], endsOn: s[16], status: s[17], endedOn: s[18] },
          r.today,
        );
      }
      // row() returns a promise only when the deflater asks to wait: no await (a turn) per row.
      const wait = writer.row([
        number,
        s[2],
        s[3],
        status,
        s[4],
        s[5],
        s[6],
        points(s[7]),
        points(s[8]),
        points(s[9]),
        s[10],
        at(s[11]),
        s[12],
        points(s[13]),
        s[14],
        points(s[22]),
        s[19],
        s[21],
        entryStatus(s[20], s[19]),
      ]);
      if (wait) await wait;
      rows++;
    }
  }
  return { rows, label: r.scope.label };
}
