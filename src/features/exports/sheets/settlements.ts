/**
 * 结算: one contract's payment periods, computed by `settlementReport` (the card's own function) in
 * the export's snapshot, so every amount and the 合计 agree with the card to the fen. A confirmed
 * period shows the band it was settled in (from its stored deduction percentage), as an open one does.
 */
import { type DeductionBand, storedBandIndex } from '../../../domain/deduction';
import { fenToChineseWords } from '../../../domain/money-words';
import { bandOf, formatPercent } from '../../../domain/score';
import type { SettlementRow } from '../../../domain/settlement-rows';
import { settlementReport } from '../../settlement/report';
import { contractHead, type SheetRun, type SheetTotals, TOTAL } from './common';

/** The band column: the band's label (`85–90分:扣减2%`), for a confirmed period the one it was settled in. */
export function bandLabel(bands: readonly DeductionBand[], p: SettlementRow): string {
  if (p.confirmed) {
    if (p.scoreDisplay === null && p.deductBp === 0) return '无评分';
    const tenths = p.scoreDisplay === null ? null : Math.round(Number(p.scoreDisplay) * 10);
    const i = storedBandIndex(bands, p.deductBp, tenths);
    if (i !== undefined) return bandOf(bands, bands[i]!.minTenths).label;
    return p.deductBp === 0 ? '不扣减' : `扣减${formatPercent(p.deductBp)}`;
  }
  const band = p.bandIndex === null ? undefined : bands[p.bandIndex];
  return band ? bandOf(bands, band.minTenths).label : '无评分';
}

export async function settlementsSheet(r: SheetRun<{ contractId: number }>): Promise<SheetTotals> {
  const { tx, sql, writer } = r;
  const head = await contractHead(sql, r.scope.contractId, r.today);
  const report = await settlementReport(tx, r.scope.contractId);
  const bands = report?.contract.clauses.deduction.bands ?? [];
  writer.sheet({
    name: '结算',
    title: `结算台账 ${head.number} ${head.unit} ${head.vendor}(${head.status})`,
    landscape: true,
    columns: [
      { header: '付款期', type: 'text', width: 14 },
      { header: '付款日期', type: 'date' },
      { header: '考核月份', type: 'text', width: 24 },
      { header: '期间得分', type: 'score' },
      { header: '扣减档位', type: 'text', width: 18 },
      { header: '扣减比例', type: 'percent' },
      { header: '本期金额', type: 'yuan', width: 16 },
      { header: '按档应扣', type: 'yuan', width: 14 },
      { header: '扣减金额(含封顶)', type: 'yuan', width: 16 },
      { header: '是否封顶', type: 'text' },
      { header: '应付金额', type: 'yuan', width: 16 },
      { header: '应付金额大写', type: 'text', width: 30 },
      { header: '状态', type: 'text', width: 14 },
    ],
  });
  let amount = 0n;
  let raw = 0n;
  let deduction = 0n;
  let payable = 0n;
  for (const p of report?.rows ?? []) {
    const status = p.confirmed
      ? `已确认(${p.confirmed.by ?? '系统'} ${p.confirmed.on})`
      : p.unscored.length
        ? '尚有月份未考核(预计数)'
        : '待确认';
    await writer.row([
      p.label,
      p.dueOn,
      p.months.join('、'),
      p.scoreDisplay === null ? null : p.scoreDisplay,
      bandLabel(bands, p),
      p.deductBp / 100,
      p.amountFen,
      p.rawFen,
      p.deductionFen,
      p.deductionFen < p.rawFen ? '是' : '否',
      p.payableFen,
      fenToChineseWords(p.payableFen),
      status,
    ]);
    amount += p.amountFen;
    raw += p.rawFen;
    deduction += p.deductionFen;
    payable += p.payableFen;
  }
  const rows = report?.rows.length ?? 0;
  if (rows > 0)
    await writer.row([
      TOTAL,
      null,
      null,
      null,
      null,
      null,
      amount,
      raw,
      deduction,
      null,
      payable,
      fenToChineseWords(payable),
      null,
    ]);
  return { rows, label: head.number };
}
