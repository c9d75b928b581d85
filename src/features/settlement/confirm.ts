import { eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { buildSettlementNoticeCard } from '../../cards/settlement';
import { contracts, settlements } from '../../db/schema';
import { grantsAllow } from '../../domain/actor';
import { periodLastDay, settlementDateError, type TermDates } from '../../domain/after-signing';
import { shanghaiDate } from '../../domain/calendar';
import { contractNumber } from '../../domain/contract-format';
import { terminationDay } from '../../domain/contract-status';
import { DomainError } from '../../domain/errors';
import { formatYuan } from '../../domain/money';
import { overrideCheck } from '../../domain/settlement-audit';
import type { SettlementRow } from '../../domain/settlement-rows';
import { nextToConfirm } from '../../domain/settlement-rows';
import { recordSaving } from '../savings/ledger';
import type { UseCase } from '../use-case';
import { openItemsOf } from './audit';
import { type SettlementReport, settlementReport } from './report';

/**
 * Why `row` cannot be confirmed on `today`, or undefined. The order of dates (DOMAIN.md): a period
 * is settled from the day after its last served day (its last month's end, or the service's end
 * when sooner), never on or before it.
 */
function refusal(
  rows: SettlementRow[],
  row: SettlementRow,
  today: string,
  term: TermDates,
): string | undefined {
  const next = nextToConfirm(rows);
  if (next && next !== row) return `请先确认上一期「${next.label}」的结算(年度扣款上限按付款顺序累计)`;
  const lastDay = periodLastDay(row.months, term);
  const early = lastDay && settlementDateError(row.label, lastDay, today);
  if (early) return early;
  if (row.unscored.length)
    return `「${row.label}」尚有月份未考核(${row.unscored.join('、')}),不能确认结算;请考核人先完成评分`;
  return undefined;
}

/** `openItems`: the contract's rectification items not closed; `override`: finance's reason, when one was needed. */
export type Confirmed =
  | {
      kind: 'confirmed';
      row: SettlementRow;
      report: SettlementReport;
      openItems: number;
      override: string | null;
    }
  | { kind: 'already'; row: SettlementRow; report: SettlementReport; openItems: number; override: null };

/** The data of a stored period's audit row (settlement.confirmed, settlement.imported): its figures as text. */
export const settlementAuditData = (settlementId: number, row: SettlementRow) => ({
  settlement: settlementId,
  period: row.label,
  year: row.year,
  months: row.months,
  score: row.scoreDisplay,
  deductBp: row.deductBp,
  amountFen: String(row.amountFen),
  rawDeductionFen: String(row.rawFen),
  deductionFen: String(row.deductionFen),
  payableFen: String(row.payableFen),
});

/** A computed period's columns of its settlements row: what confirming and the history import store alike. */
export const settlementColumns = (contractId: number, row: SettlementRow) => ({
  contractId,
  periodLabel: row.label,
  periodYear: row.year,
  amountFen: row.amountFen,
  months: row.months,
  deductBp: row.deductBp,
  rawDeductionFen: row.rawFen,
  deductionFen: row.deductionFen,
  payableFen: row.payableFen,
});

/**
 * 确认结算 (finance only): stores the period's row exactly as the card computed it, records the
 * deduction as a saving and tells the responsible leader, in one transaction. The contract row is
 * locked first, so a score correction or a second click waits and then sees this one. Returns the
 * report after the change (or as it was, when the period was already confirmed).
 * While any rectification item of the contract is not closed (rule 14), the period is confirmed only
 * with finance's override reason (domain/settlement-audit.ts `overrideCheck`), stored and audited.
 */
export async function confirmSettlement(
  uc: UseCase,
  input: { contractId: number; period: string; overrideReason: string },
): Promise<Confirmed> {
  const { tx, out, actor, now } = uc;
  const { contractId, period, overrideReason } = input;
  await tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.id, contractId)).for('update');
  const [report, open] = await Promise.all([settlementReport(tx, contractId), openItemsOf(tx, contractId)]);
  if (!report) throw new DomainError('no_contract', '所选合同不存在');
  const c = report.contract;
  if (!grantsAllow(actor.grants, 'finance', c.unitId))
    throw new DomainError('not_finance', '只有财政部门可以确认结算');
  const row = report.rows.find((r) => r.label === period);
  if (!row)
    throw new DomainError('no_period', `合同 ${contractNumber(c)} 的付款计划中没有「${period}」这一期`);
  if (row.confirmed) return { kind: 'already', row, report, openItems: open.length, override: null };
  const term = { startsOn: c.startsOn, endsOn: c.endsOn, terminatedOn: terminationDay(c) };
  const why = refusal(report.rows, row, shanghaiDate(now), term);
  if (why) throw new DomainError('not_confirmable', why);
  const check = overrideCheck(open, overrideReason);
  if (!check.ok) throw new DomainError('open_findings', `「${row.label}」:${check.message}`);
  const [stored] = await tx
    .insert(settlements)
    .values({
      ...settlementColumns(c.id, row),
      settledBy: actor.personId,
      overrideReason: check.override,
      // The app's clock, as a score's entered_at: "was the month scored when it was paid" compares them.
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!stored) throw new DomainError('already_confirmed', `「${row.label}」已确认,无需重复确认`);
  const number = contractNumber(c);
  await appendAudit(tx, {
    aggregateType: 'contract',
    aggregateId: c.id,
    actor: actor.openId,
    action: 'settlement.confirmed',
    data: {
      ...settlementAuditData(stored.id, row),
      ...(check.override ? { override: { reason: check.override, openItems: open.map((i) => i.id) } } : {}),
    },
  });
  if (row.deductionFen > 0n)
    await recordSaving(tx, {
      unitId: c.unitId,
      year: row.year,
      cause: 'deduction',
      amountFen: row.deductionFen,
      evidence: `合同${number}「${row.label}」考核扣减(得分${row.scoreDisplay ?? '—'}分,扣减${formatYuan(row.deductionFen)})`,
      contractId: c.id,
      settlementId: stored.id,
      actor: actor.openId,
      at: now,
    });
  if (c.leaderId !== actor.personId)
    await out.send(
      { type: 'open_id', id: c.leaderOpenId },
      { card: buildSettlementNoticeCard({ contractId: c.id, number, vendor: c.vendor, row }) },
    );
  return {
    kind: 'confirmed',
    row,
    report: (await settlementReport(tx, c.id))!,
    openItems: open.length,
    override: check.override,
  };
}
