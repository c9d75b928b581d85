import { eq, inArray, or, sql } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import {
  buildSettlementCard,
  buildSettlementListCard,
  buildSettlementNoticeCard,
  nextToConfirm,
} from '../../cards/settlement';
import type { DbOrTx } from '../../db/client';
import { contracts, settlements } from '../../db/schema';
import { type Actor, grantsAllow } from '../../domain/actor';
import { contractNumber } from '../../domain/contract-format';
import { DomainError } from '../../domain/errors';
import { formatYuan } from '../../domain/money';
import type { Role } from '../../domain/roles';
import type { SettlementRow } from '../../domain/settlement-rows';
import { contractRows } from '../../features/contracts/view';
import { recordSaving } from '../../features/savings/ledger';
import { type SettlementReport, settlementReport } from '../../features/settlement/report';
import { writeTx } from '../types';
import { type ActionHandler, raw } from './types';

/** Roles that may read a settlement in the contract's unit (a zone-wide grant covers every unit). */
const READERS: Role[] = ['finance', 'unit_leadership', 'discipline'];

function mayRead(actor: Actor, c: { unitId: number; leaderId: number }): boolean {
  return c.leaderId === actor.personId || READERS.some((r) => grantsAllow(actor.grants, r, c.unitId));
}

function known(actor: Actor | undefined): Actor {
  if (!actor) throw new DomainError('unknown_person', '您尚未加入组织架构,请联系管理员');
  return actor;
}

/** The report of a contract the actor may read; refused in Chinese otherwise. */
function readable(report: SettlementReport | undefined, contractId: number, actor: Actor): SettlementReport {
  if (!report) throw new DomainError('no_contract', `合同 #${contractId} 不存在`);
  if (!mayRead(actor, report.contract)) throw new DomainError('not_allowed', '您无权查看该合同的结算');
  return report;
}

function settlementCard(r: SettlementReport, actor: Actor) {
  const c = r.contract;
  return raw(
    buildSettlementCard({
      contractId: c.id,
      number: contractNumber(c),
      unit: c.unit,
      vendor: c.vendor,
      amountFen: c.amountFen,
      term: `${c.startsOn} 至 ${c.endsOn}`,
      bands: c.clauses.deduction.bands,
      annualCapFen: BigInt(c.clauses.deduction.annualCapFen),
      rows: r.rows,
      canConfirm: grantsAllow(actor.grants, 'finance', c.unitId),
    }),
  );
}

export const showSettlement: ActionHandler<{ a: 'settlement.show'; contract: number }> = async (ctx, v) => {
  const actor = known(ctx.actor);
  const report = readable(await settlementReport(ctx.tx, v.contract), v.contract, actor);
  return { card: settlementCard(report, actor) };
};

/** The newest contracts whose settlement the actor may read. */
async function readableContracts(db: DbOrTx, actor: Actor, limit = 30) {
  const grants = actor.grants.filter((g) => READERS.includes(g.role));
  const zone = grants.some((g) => g.unitId === null);
  const ids = grants.map((g) => g.unitId).filter((u): u is number => u !== null);
  const scope = zone
    ? undefined
    : or(eq(contracts.leaderId, actor.personId), ids.length ? inArray(contracts.unitId, ids) : sql`false`);
  return contractRows(db, scope, limit);
}

export const listSettlements: ActionHandler = async (ctx) => {
  const actor = known(ctx.actor);
  const rows = await readableContracts(ctx.tx, actor);
  const list = rows.map((c) => ({ ...c, number: contractNumber(c), term: `${c.startsOn} 至 ${c.endsOn}` }));
  return { card: raw(buildSettlementListCard({ contracts: list })) };
};

/** Why `row` cannot be confirmed now, or undefined. */
function refusal(rows: SettlementRow[], row: SettlementRow): string | undefined {
  const next = nextToConfirm(rows);
  if (next && next !== row) return `请先确认上一期「${next.label}」的结算(年度扣款上限按付款顺序累计)`;
  if (row.unscored.length)
    return `「${row.label}」尚有月份未考核(${row.unscored.join('、')}),不能确认结算;请考核人先完成评分`;
  return undefined;
}

/**
 * 确认结算 (finance only): stores the period's row exactly as the card computed it, records the
 * deduction as a saving and tells the responsible leader, in one transaction. The contract row is
 * locked first, so a score correction or a second click waits and then sees this one.
 */
export const confirmSettlement: ActionHandler<{
  a: 'settlement.confirm';
  contract: number;
  period: string;
}> = async (ctx, v) => {
  const actor = known(ctx.actor);
  const tx = writeTx(ctx);
  await tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.id, v.contract)).for('update');
  const report = await settlementReport(tx, v.contract);
  if (!report) throw new DomainError('no_contract', `合同 #${v.contract} 不存在`);
  const c = report.contract;
  if (!grantsAllow(actor.grants, 'finance', c.unitId))
    throw new DomainError('not_finance', '只有财政部门可以确认结算');
  const row = report.rows.find((r) => r.label === v.period);
  if (!row)
    throw new DomainError('no_period', `合同 ${contractNumber(c)} 的付款计划中没有「${v.period}」这一期`);
  if (row.confirmed)
    return {
      toast: { type: 'info', content: `「${row.label}」已于 ${row.confirmed.on} 确认,无需重复确认` },
      card: settlementCard(report, actor),
    };
  const why = refusal(report.rows, row);
  if (why) throw new DomainError('not_confirmable', why);
  const [stored] = await tx
    .insert(settlements)
    .values({
      contractId: c.id,
      periodLabel: row.label,
      periodYear: row.year,
      amountFen: row.amountFen,
      months: row.months,
      deductBp: row.deductBp,
      rawDeductionFen: row.rawFen,
      deductionFen: row.deductionFen,
      payableFen: row.payableFen,
      settledBy: actor.personId,
    })
    .onConflictDoNothing()
    .returning();
  if (!stored) throw new DomainError('already_confirmed', `「${row.label}」已确认,无需重复确认`);
  const number = contractNumber(c);
  const data = {
    settlement: stored.id,
    period: row.label,
    year: row.year,
    months: row.months,
    score: row.scoreDisplay,
    deductBp: row.deductBp,
    amountFen: String(row.amountFen),
    rawDeductionFen: String(row.rawFen),
    deductionFen: String(row.deductionFen),
    payableFen: String(row.payableFen),
  };
  await appendAudit(tx, {
    aggregateType: 'contract',
    aggregateId: c.id,
    actor: actor.openId,
    action: 'settlement.confirmed',
    data,
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
    });
  if (c.leaderId !== actor.personId)
    await ctx.out.send(
      { type: 'open_id', id: c.leaderOpenId },
      { card: buildSettlementNoticeCard({ contractId: c.id, number, vendor: c.vendor, row }) },
    );
  const after = (await settlementReport(tx, c.id))!;
  return {
    toast: { type: 'success', content: `已确认「${row.label}」:应付 ${formatYuan(row.payableFen)}` },
    card: settlementCard(after, actor),
  };
};
