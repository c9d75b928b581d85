import { buildListFilterCard } from '../../cards/list-pager';
import { buildSettlementCard, buildSettlementListCard } from '../../cards/settlement';
import { buildSettlementAuditCard } from '../../cards/settlement-audit';
import { type Actor, grantsAllow, requireActor } from '../../domain/actor';
import { settleableFrom } from '../../domain/after-signing';
import { shanghaiDate } from '../../domain/calendar';
import { contractNumber, termText } from '../../domain/contract-format';
import { contractStatusLabel, terminationDay } from '../../domain/contract-status';
import { formText } from '../../domain/form';
import { formatYuan } from '../../domain/money';
import { nextToConfirm } from '../../domain/settlement-rows';
import { readable, settlementPage } from '../../features/settlement/access';
import { openItemsOf, readSettlementAudit } from '../../features/settlement/audit';
import { confirmSettlement } from '../../features/settlement/confirm';
import { type SettlementReport, settlementReport } from '../../features/settlement/report';
import { raw } from '../types';
import { listPageView, listRequest } from './list-request';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

/** The term with the status its dates give today: `2026-01-01 至 2026-12-31(已到期)`. */
const termOf = (c: SettlementReport['contract'], today: string) =>
  `${termText(c)}(${contractStatusLabel(c, today)})`;

/** The contract's head on the settlement and settlement-audit cards. */
const contractHead = (c: SettlementReport['contract'], today: string) => ({
  contractId: c.id,
  number: contractNumber(c),
  unit: c.unit,
  vendor: c.vendor,
  amountFen: c.amountFen,
  term: termOf(c, today),
});

/** When the next period to confirm is still being served today: from when it may be settled. */
function nextNotYet(r: SettlementReport, today: string) {
  const next = nextToConfirm(r.rows);
  if (!next) return null;
  const c = r.contract;
  return settleableFrom(
    next.months,
    { startsOn: c.startsOn, endsOn: c.endsOn, terminatedOn: terminationDay(c) },
    today,
  );
}

function settlementCard(r: SettlementReport, actor: Actor, openItems: number, today: string) {
  const c = r.contract;
  return raw(
    buildSettlementCard({
      ...contractHead(c, today),
      bands: c.clauses.deduction.bands,
      annualCapFen: BigInt(c.clauses.deduction.annualCapFen),
      rows: r.rows,
      canConfirm: grantsAllow(actor.grants, 'finance', c.unitId),
      openItems,
      notYet: nextNotYet(r, today),
    }),
  );
}

export const showSettlement = async (ctx: ReadContext, v: ValueOf<'settlement.show'>) => {
  const actor = requireActor(ctx.actor);
  const [found, open] = await Promise.all([
    settlementReport(ctx.tx, v.contract),
    openItemsOf(ctx.tx, v.contract),
  ]);
  const report = readable(found, actor);
  return { card: settlementCard(report, actor, open.length, shanghaiDate(ctx.deps.now())) };
};

/** 结算审计: the audit of a period or the whole term, for the settlement's readers (checked on every click). */
export const showSettlementAudit = async (ctx: ReadContext, v: ValueOf<'settlement.audit'>) => {
  const actor = requireActor(ctx.actor);
  const today = shanghaiDate(ctx.deps.now());
  const { report, audit } = await readSettlementAudit(ctx.tx, actor, {
    contractId: v.contract,
    period: v.period ?? null,
    today,
  });
  const c = report.contract;
  return {
    card: raw(
      buildSettlementAuditCard({
        ...contractHead(c, today),
        periods: report.rows.map((r) => r.label),
        audit,
      }),
    ),
  };
};

/** 结算审核: a page of the contracts whose settlement the clicker may read, filtered (as 合同管理). */
export const listSettlements = async (ctx: ReadContext, v: ValueOf<'settlement.list'>) => {
  const actor = requireActor(ctx.actor);
  const today = shanghaiDate(ctx.deps.now());
  const { filter, cursor, edit } = listRequest(ctx.event.formValue, v);
  const page = await settlementPage(ctx.tx, actor, { today, filter, cursor, choices: edit });
  const view = listPageView(page, filter);
  if (edit) return { card: raw(buildListFilterCard('settlement.list', view)) };
  return { card: raw(buildSettlementListCard({ contracts: page.rows, page: view })) };
};

/** 确认结算: finance confirms a period; the card shows the result (or that it was confirmed already). */
export const confirmSettlementFromCard = async (
  ctx: ActionWriteContext,
  v: ValueOf<'settlement.confirm'>,
) => {
  const actor = requireActor(ctx.actor);
  const reason = formText(ctx.event.formValue, 'override_reason');
  const r = await confirmSettlement(
    { tx: ctx.tx, out: ctx.out, actor, now: ctx.deps.now() },
    { contractId: v.contract, period: v.period, overrideReason: reason },
  );
  const content =
    r.kind === 'already'
      ? `「${r.row.label}」已于 ${r.row.confirmed!.on} 确认,无需重复确认`
      : `已确认「${r.row.label}」:应付 ${formatYuan(r.row.payableFen)}${r.override ? '(已超控,理由已记入审计)' : ''}`;
  return {
    toast: { type: r.kind === 'already' ? ('info' as const) : ('success' as const), content },
    card: settlementCard(r.report, actor, r.openItems, shanghaiDate(ctx.deps.now())),
  };
};
