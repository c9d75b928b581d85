/** 抽查样本: a spot check's drawn samples, the assessor's and the checker's scores and their gap. */
import { contractNumber } from '../../../domain/contract-format';
import { at, BATCH, points, type SheetRun, type SheetTotals } from './common';
import { entryStatus } from './scores';

type Row = {
  contract_id: string;
  signed_on: string;
  unit: string;
  vendor: string;
  month: string;
  assessor_final_tenths: number;
  checker_final_tenths: number | null;
  gap_tenths: number | null;
  exceeds_tolerance: boolean | null;
  checker: string | null;
  checked_at: string | null;
  due_on: string | null;
  late: boolean;
};

export async function spotChecksSheet(r: SheetRun<{ checkId: number }>): Promise<SheetTotals> {
  const { sql, writer } = r;
  const id = r.scope.checkId;
  const [check] = await sql<{ seed: string }[]>`select seed from spot_checks where id = ${id}`;
  const seed = check?.seed ?? '';
  writer.sheet({
    name: '抽查样本',
    title: `抽查 #${id} 样本(种子 ${seed})`,
    landscape: true,
    columns: [
      { header: '抽查编号', type: 'int' },
      { header: '随机种子', type: 'text', width: 20 },
      { header: '合同编号', type: 'text', width: 14 },
      { header: '单位', type: 'text', width: 16 },
      { header: '供应商', type: 'text', width: 24 },
      { header: '月份', type: 'text' },
      { header: '考核人得分', type: 'score' },
      { header: '抽查得分', type: 'score' },
      { header: '差值', type: 'score' },
      { header: '超出容差', type: 'text' },
      { header: '抽查人', type: 'text' },
      { header: '抽查时间', type: 'datetime', width: 18 },
      // 逾期补录 of the sampled score (DOMAIN.md "The order of dates"), as the 考核台账 says it.
      { header: '录入情况', type: 'text', width: 10 },
    ],
  });
  const q = sql<Row[]>`
    select s.contract_id, c.signed_on, u.name as unit, v.name as vendor, s.month,
      s.assessor_final_tenths, s.checker_final_tenths, s.gap_tenths, s.exceeds_tolerance,
      p.name as checker, s.checked_at, m.due_on, m.late
    from spot_check_samples s
    join monthly_scores m on m.id = s.score_id
    join contracts c on c.id = s.contract_id
    join units u on u.id = c.unit_id
    join vendors v on v.id = c.vendor_id
    left join people p on p.id = s.checked_by
    where s.spot_check_id = ${id}
    order by s.draw_key, s.score_id`;
  let rows = 0;
  for await (const batch of q.cursor(BATCH)) {
    for (const s of batch) {
      await writer.row([
        id,
        seed,
        contractNumber({ id: Number(s.contract_id), signedOn: s.signed_on }),
        s.unit,
        s.vendor,
        s.month,
        points(s.assessor_final_tenths),
        points(s.checker_final_tenths),
        points(s.gap_tenths),
        s.exceeds_tolerance === null ? '未抽查' : s.exceeds_tolerance ? '是' : '否',
        s.checker,
        at(s.checked_at),
        entryStatus(s.late, s.due_on),
      ]);
      rows++;
    }
  }
  return { rows, label: `抽查${id}` };
}
