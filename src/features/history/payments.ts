/**
 * 已付期次 (history import): the payment periods a running contract has already paid. A period is
 * settled as 确认结算 settles it (settlement/report.ts, domain/settlement-rows.ts): its months' scores,
 * the contract's band and the year's cap as it stands after the periods before it, so the periods
 * after the import continue from them to the fen. That is why it comes after the months' scores: a
 * period whose months are not all scored is refused with the months named. Periods are paid in the
 * schedule's order (the cap accrues in that order), on a date after the period's service ended and
 * not after today; a 实付金额 typed in the file must equal the amount computed, to the fen.
 * A period already settled is unchanged.
 */
import { appendAudit } from '../../audit/append';
import { type DbOrTx, rawSql, type Tx } from '../../db/client';
import { settlements } from '../../db/schema';
import { currentScoresOn } from '../../db/sql/contracts';
import { periodLastDay } from '../../domain/after-signing';
import { addCalendarDays, isRealDate } from '../../domain/business-date';
import { shanghaiDate } from '../../domain/calendar';
import { terminationDay } from '../../domain/contract-status';
import { formatYuan, parseAmount } from '../../domain/money';
import { type SettlementRow, type StoredSettlement, settlementRows } from '../../domain/settlement-rows';
import type { ImportContext, ImportPlan, ImportRow, TemplateColumn } from '../import-kind/kind';
import { recordSaving } from '../savings/ledger';
import { lockContract } from '../scoring/access';
import { settlementAuditData, settlementColumns } from '../settlement/confirm';
import { settlementReport } from '../settlement/report';
import { contractsByRef, refName } from './contract-ref';
import { historyActor } from './insert-contract';
import { auditHistoryImport, HISTORY_NOTE, sendHistorySummary } from './notice';
import { historyKind } from './run';
import { RowErrors, rowsByHeader, unitRefusal } from './sheet';

const COLUMNS: TemplateColumn[] = [
  { header: '合同(合同编号或采购编号)', example: 'KSGK-2025-1208', width: 18 },
  { header: '期次', example: '第一季度', width: 12 },
  { header: '付款日期', example: '2026-04-15', width: 12 },
  { header: '实付金额(元)', example: '' },
];

export type PaidPeriod = {
  row: number;
  contractId: number;
  unitId: number;
  paidOn: string;
  settled: SettlementRow;
};
export type PaymentsPlan = { periods: PaidPeriod[] };

export async function planPayments(
  db: DbOrTx,
  rows: ImportRow[],
  ctx: ImportContext,
): Promise<ImportPlan<PaymentsPlan>> {
  const cells = rowsByHeader(rows);
  const found = await contractsByRef(
    db,
    cells.map((r) => r.get('合同')),
  );
  const today = shanghaiDate(ctx.now);
  const errors = new RowErrors();
  // Per contract: the stored periods, then each planned one as if stored (the cap accrues in order).
  const state = new Map<
    number,
    { report: NonNullable<Awaited<ReturnType<typeof settlementReport>>>; paid: StoredSettlement[] }
  >();
  const periods: PaidPeriod[] = [];
  const adds: string[] = [];
  let unchanged = 0;
  for (const r of cells) {
    const bad = (m: string) => errors.add(r.row, m);
    const c = found.get(r.get('合同'));
    if (!c) {
      bad(`合同「${r.get('合同')}」不存在(填写合同编号如 HT-2026-0012,或导入合同时的采购编号)`);
      continue;
    }
    const outOfScope = unitRefusal(ctx, historyPaymentsKind.roles, { id: c.unitId, name: c.unitName });
    if (outOfScope) {
      bad(outOfScope);
      continue;
    }
    let s = state.get(c.id);
    if (!s) {
      const report = (await settlementReport(db, c.id))!;
      s = {
        report,
        paid: report.rows
          .filter((x) => x.confirmed)
          .map((x) => ({
            id: x.confirmed!.id,
            periodLabel: x.label,
            months: x.months,
            amountFen: x.amountFen,
            deductBp: x.deductBp,
            rawDeductionFen: x.rawFen,
            deductionFen: x.deductionFen,
            payableFen: x.payableFen,
            settledBy: x.confirmed!.by,
            settledOn: x.confirmed!.on,
          })),
      };
      state.set(c.id, s);
    }
    const label = r.get('期次');
    const k = s.report.contract;
    const rowsNow = settlementRows({
      schedule: k.schedule,
      startsOn: k.startsOn,
      endsOn: k.endsOn,
      endedOn: k.status === 'terminating' || k.status === 'terminated' ? k.endedOn : null,
      bands: k.clauses.deduction.bands,
      annualCapFen: BigInt(k.clauses.deduction.annualCapFen),
      scores: await currentScoresOn(rawSql(db), c.id),
      confirmed: s.paid,
    });
    const row = rowsNow.find((x) => x.label === label);
    if (!row) {
      bad(
        `合同 ${refName(c)} 的付款计划中没有「${label}」,可填:${k.schedule.map((p) => p.label).join('、')}`,
      );
      continue;
    }
    if (row.confirmed && s.report.rows.find((x) => x.label === label)?.confirmed) {
      unchanged++;
      continue;
    }
    if (row.confirmed) {
      bad(`合同 ${refName(c)} 的「${label}」在本文件中重复`);
      continue;
    }
    const next = rowsNow.find((x) => !x.confirmed);
    if (next !== row) {
      bad(`合同 ${refName(c)} 请先导入上一期「${next?.label}」的付款(年度扣款上限按付款顺序累计)`);
      continue;
    }
    const paidOn = r.get('付款日期');
    if (!isRealDate(paidOn)) {
      bad(`付款日期「${paidOn}」不是真实日期,格式 YYYY-MM-DD`);
      continue;
    }
    if (paidOn > today) {
      bad(`付款日期 ${paidOn} 晚于今天 ${today}`);
      continue;
    }
    const lastDay = periodLastDay(row.months, {
      startsOn: k.startsOn,
      endsOn: k.endsOn,
      terminatedOn: terminationDay(k),
    });
    if (lastDay && paidOn <= lastDay) {
      bad(
        `付款日期 ${paidOn} 早于「${label}」可结算日期 ${addCalendarDays(lastDay, 1)}(服务期最后一日 ${lastDay} 的次日)`,
      );
      continue;
    }
    if (row.unscored.length) {
      bad(`「${label}」的月份尚无评分(${row.unscored.join('、')}),请先导入这些月份的历史月度考核`);
      continue;
    }
    const typed = r.get('实付金额');
    if (typed) {
      const a = parseAmount(typed);
      if (!a.ok || a.fen !== row.payableFen) {
        bad(
          `实付金额「${typed}」与按合同扣款档次和导入评分计算的应付 ${formatYuan(row.payableFen)} 不一致(期次金额 ${formatYuan(row.amountFen)},扣减 ${formatYuan(row.deductionFen)})`,
        );
        continue;
      }
    }
    s.paid.push({
      id: 0,
      periodLabel: row.label,
      months: row.months,
      amountFen: row.amountFen,
      deductBp: row.deductBp,
      rawDeductionFen: row.rawFen,
      deductionFen: row.deductionFen,
      payableFen: row.payableFen,
      settledBy: null,
      settledOn: paidOn,
    });
    periods.push({ row: r.row, contractId: c.id, unitId: c.unitId, paidOn, settled: row });
    adds.push(
      `第${r.row}行 ${refName(c)}「${label}」${paidOn} 已付:得分 ${row.scoreDisplay ?? '—'},扣减 ${formatYuan(row.deductionFen)},实付 ${formatYuan(row.payableFen)}`,
    );
  }
  return {
    adds,
    changes: [],
    unchanged,
    errors: errors.list,
    notes: [HISTORY_NOTE],
    data: { periods: errors.ok ? periods : [] },
  };
}

export async function applyPayments(tx: Tx, plan: ImportPlan<PaymentsPlan>, ctx: ImportContext) {
  const actor = historyActor(ctx.actor.openId);
  for (const id of [...new Set(plan.data.periods.map((p) => p.contractId))].sort((a, b) => a - b))
    await lockContract(tx, id);
  const lines = new Map<number, string[]>();
  let deducted = 0n;
  for (const p of plan.data.periods) {
    const row = p.settled;
    const [stored] = await tx
      .insert(settlements)
      .values({
        ...settlementColumns(p.contractId, row),
        settledBy: null,
        // The import's time, as the imported scores': "was the month scored when it was paid"
        // compares the two, and the paid date is in the audit row.
        createdAt: ctx.now,
      })
      .returning();
    await appendAudit(tx, {
      aggregateType: 'contract',
      aggregateId: p.contractId,
      actor,
      action: 'settlement.imported',
      data: { ...settlementAuditData(stored!.id, row), paidOn: p.paidOn, history: true },
      at: ctx.now,
    });
    if (row.deductionFen > 0n)
      await recordSaving(tx, {
        unitId: p.unitId,
        year: row.year,
        cause: 'deduction',
        amountFen: row.deductionFen,
        evidence: `历史导入:「${row.label}」考核扣减(得分${row.scoreDisplay ?? '—'}分,扣减${formatYuan(row.deductionFen)},${p.paidOn} 已付)`,
        contractId: p.contractId,
        settlementId: stored!.id,
        actor,
        at: ctx.now,
      });
    deducted += row.deductionFen;
    const l = `合同 #${p.contractId}「${row.label}」${p.paidOn} 已付 ${formatYuan(row.payableFen)}(扣减 ${formatYuan(row.deductionFen)})`;
    lines.set(p.unitId, [...(lines.get(p.unitId) ?? []), l]);
  }
  const told = await sendHistorySummary(tx, { byUnit: lines, what: '已付期次', ctx });
  const counts = { periods: plan.data.periods.length, unchanged: plan.unchanged, told };
  await auditHistoryImport(tx, 'history_payments', counts, ctx);
  return {
    summary: `已导入已付期次 ${plan.data.periods.length} 期(扣减合计 ${formatYuan(deducted)})${plan.unchanged ? `,已存在未变 ${plan.unchanged} 期` : ''}`,
    counts,
  };
}

export const historyPaymentsKind = historyKind<PaymentsPlan>({
  key: 'history_payments',
  label: '已付期次',
  roles: ['admin', 'finance'],
  columns: COLUMNS,
  headers: ['期次', '付款日期'],
  plan: planPayments,
  apply: applyPayments,
});
