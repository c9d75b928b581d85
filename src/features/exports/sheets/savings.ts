/** 节约资金台账: a year's savings of the units the reader may see, one row each, and their 合计. */
import { fenToChineseWords } from '../../../domain/money-words';
import { SAVING_CAUSE_LABELS, type SavingCause } from '../../../domain/savings';
import { at, BATCH, type SheetRun, type SheetTotals, TOTAL } from './common';

type Row = {
  unit: string;
  created_at: string;
  cause: SavingCause;
  amount_fen: string;
  evidence: string;
  recorded_by: string;
  contract_id: string | null;
};

export async function savingsSheet(
  r: SheetRun<{ year: number; unitIds: number[] | null }>,
): Promise<SheetTotals> {
  const { sql, writer } = r;
  const { year, unitIds } = r.scope;
  writer.sheet({
    name: '节约资金台账',
    title: `${year}年度节约资金台账`,
    columns: [
      { header: '单位', type: 'text', width: 18 },
      { header: '登记时间', type: 'datetime', width: 18 },
      { header: '节约原因', type: 'text', width: 20 },
      { header: '金额', type: 'yuan', width: 16 },
      { header: '金额大写', type: 'text', width: 30 },
      { header: '依据', type: 'text', width: 36 },
      { header: '登记人', type: 'text' },
    ],
  });
  const q = sql<Row[]>`
    select u.name as unit, s.created_at, s.cause, s.amount_fen, s.evidence, s.contract_id,
      coalesce(p.name, s.recorded_by) as recorded_by
    from savings s
    join units u on u.id = s.unit_id
    left join people p on p.open_id = s.recorded_by
    where s.year = ${year} and (${unitIds === null} or s.unit_id = any(${unitIds ?? []}::bigint[]))
    order by s.unit_id, s.created_at, s.id`;
  let rows = 0;
  let total = 0n;
  for await (const batch of q.cursor(BATCH)) {
    for (const s of batch) {
      const fen = BigInt(s.amount_fen);
      await writer.row([
        s.unit,
        at(s.created_at),
        SAVING_CAUSE_LABELS[s.cause] ?? s.cause,
        fen,
        fenToChineseWords(fen),
        s.evidence,
        s.recorded_by.startsWith('job:') ? '系统(结算扣减)' : s.recorded_by,
      ]);
      total += fen;
      rows++;
    }
  }
  if (rows > 0) await writer.row([TOTAL, null, null, total, fenToChineseWords(total), null, null]);
  return { rows, label: unitIds === null ? `${year}年-全园区` : `${year}年` };
}
