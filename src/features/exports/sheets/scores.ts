/**
 * 考核台账: one contract's current monthly scores, a column per rubric item and the notes of its
 * deductions, with their corrections.
 */

import { standingCheckerScores } from '../../../db/sql/spot-checks';
import type { RubricItem, ScoreDeduction } from '../../../domain/contract';
import type { ColumnSpec } from '../../../xlsx';
import { at, BATCH, contractHead, points, type SheetRun, type SheetTotals } from './common';

type Row = {
  month: string;
  deductions: ScoreDeduction[];
  daily_tenths: number;
  management_tenths: number;
  final_tenths: number;
  assessor: string;
  entered_at: string;
  corrections: number;
  previous_tenths: number | null;
  correction_reason: string | null;
  checker_tenths: number | null;
  due_on: string | null;
  late: boolean;
  first_entered_on: string | null;
};

/** A score row's columns after its deductions, the same in a contract's sheet and the year's ledger. */
export const SCORE_COLUMNS: ColumnSpec[] = [
  { header: '日常考核', type: 'score' },
  { header: '管理考核', type: 'score' },
  { header: '最终得分', type: 'score' },
  { header: '考核人', type: 'text' },
  { header: '录入时间', type: 'datetime', width: 18 },
  { header: '更正次数', type: 'int' },
  { header: '更正前得分', type: 'score' },
  { header: '更正原因', type: 'text', width: 30 },
  // Rule 12's funding rule: where a spot check's score stands for the month, the rules count it, not
  // 最终得分 (the assessor's); both are on the row.
  { header: '抽查评分（该月以此为准）', type: 'score', width: 14 },
  // 逾期补录 (DOMAIN.md "The order of dates"): judged on the month's first entry against its due
  // date, kept through corrections. A row entered before due dates were stored has neither.
  { header: '应录入截止日', type: 'text', width: 12 },
  { header: '首次录入日期', type: 'text', width: 12 },
  { header: '录入情况', type: 'text', width: 10 },
];

/**
 * 扣分说明: the assessor's note of each deduction that has one, with its item and points
 * (`保洁质量 -2.0:楼道有垃圾;人员到岗 -1.0:缺岗1人`); null when no deduction has a note. The year's
 * ledger builds the same text in SQL (score-ledger.ts).
 */
export function deductionNotes(deductions: readonly ScoreDeduction[], rubric: readonly RubricItem[]) {
  const lines = deductions
    .filter((d) => (d.note ?? '').trim() !== '')
    .map((d) => {
      const name = rubric.find((i) => i.key === d.item)?.name ?? d.item;
      return `${name} -${(d.tenths / 10).toFixed(1)}:${d.note.trim()}`;
    });
  return lines.length ? lines.join(';') : null;
}

/** 按时 or 逾期补录; nothing for a row entered before due dates were stored. */
export const entryStatus = (late: boolean, dueOn: string | null) =>
  late ? '逾期补录' : dueOn ? '按时' : null;

/**
 * The SQL text of the business date (Asia/Shanghai) of the first entry of the month of score row
 * `s` (of alias `alias`): every row of a contract's month is that month's first entry or one of its
 * corrections.
 */
export const firstEnteredOnSql = (alias: string) =>
  `(select to_char(min(f.entered_at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD') from monthly_scores f
      where f.contract_id = ${alias}.contract_id and f.month = ${alias}.month)`;

export async function scoresSheet(r: SheetRun<{ contractId: number }>): Promise<SheetTotals> {
  const { sql, writer } = r;
  const id = r.scope.contractId;
  const head = await contractHead(sql, id, r.today);
  const [c] = await sql<{ rubric: RubricItem[] }[]>`select rubric from contracts where id = ${id}`;
  const rubric = c?.rubric ?? [];
  const columns: ColumnSpec[] = [
    { header: '合同编号', type: 'text', width: 14 },
    { header: '供应商', type: 'text', width: 24 },
    { header: '单位', type: 'text', width: 16 },
    { header: '合同状态', type: 'text', width: 10 },
    { header: '月份', type: 'text', width: 9 },
    ...rubric.map((i): ColumnSpec => ({ header: `扣分:${i.name}`, type: 'score', width: 12 })),
    { header: '扣分说明', type: 'text', width: 40 },
    ...SCORE_COLUMNS,
  ];
  writer.sheet({
    name: '考核台账',
    title: `考核台账 ${head.number} ${head.vendor}`,
    columns,
    landscape: true,
  });
  let rows = 0;
  const q = sql<Row[]>`
    select s.month, s.deductions, s.daily_tenths, s.management_tenths, s.final_tenths,
      p.name as assessor, s.entered_at, s.correction_reason, prev.final_tenths as previous_tenths,
      st.checker_final_tenths as checker_tenths, s.due_on, s.late,
      ${sql.unsafe(firstEnteredOnSql('s'))} as first_entered_on,
      (select count(*) from monthly_scores o
        where o.contract_id = s.contract_id and o.month = s.month and not o.current)::int as corrections
    from monthly_scores s
    join people p on p.id = s.entered_by
    left join monthly_scores prev on prev.id = s.supersedes_id
    left join ${standingCheckerScores(sql, [id])} st on st.month = s.month
    where s.contract_id = ${id} and s.current
    order by s.month`;
  for await (const batch of q.cursor(BATCH)) {
    for (const s of batch) {
      const byItem = rubric.map((i) =>
        points(s.deductions.filter((d) => d.item === i.key).reduce((sum, d) => sum + d.tenths, 0)),
      );
      await writer.row([
        head.number,
        head.vendor,
        head.unit,
        head.status,
        s.month,
        ...byItem,
        deductionNotes(s.deductions, rubric),
        points(s.daily_tenths),
        points(s.management_tenths),
        points(s.final_tenths),
        s.assessor,
        at(s.entered_at),
        s.corrections,
        points(s.previous_tenths),
        s.correction_reason,
        points(s.checker_tenths),
        s.due_on,
        s.first_entered_on,
        entryStatus(s.late, s.due_on),
      ]);
      rows++;
    }
  }
  return { rows, label: head.number };
}
