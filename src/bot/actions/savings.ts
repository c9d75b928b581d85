import { asc, eq } from 'drizzle-orm';
import { buildSavingsCard } from '../../cards/savings';
import type { DbOrTx } from '../../db/client';
import { units } from '../../db/schema';
import { type Actor, grantsAllow } from '../../domain/actor';
import { shanghaiDate } from '../../domain/calendar';
import { DomainError } from '../../domain/errors';
import { parseAmount } from '../../domain/money';
import { MANUAL_CAUSES } from '../../domain/savings';
import { recordSaving, savingTotals } from '../../features/savings/ledger';
import { writeTx } from '../types';
import { type ActionHandler, raw } from './types';

const thisYear = (now: Date) => Number(shanghaiDate(now).slice(0, 4));

/** Zone-level roles see every unit's savings; everyone else sees the units they hold a role in. */
async function savingsView(
  db: DbOrTx,
  actor: Actor,
  year: number,
  opts: { typed?: Record<string, string>; addable: boolean },
) {
  const zoneWide = actor.grants.some((g) => g.unitId === null);
  const own = [
    ...new Set([actor.unitId, ...actor.grants.map((g) => g.unitId)].filter((u): u is number => u != null)),
  ];
  const all = await db.select().from(units).orderBy(asc(units.id));
  return buildSavingsCard({
    year,
    zoneWide,
    totals: await savingTotals(db, year, zoneWide ? undefined : own),
    // Savings are recorded into the current year, so the form is offered on this year's card only.
    canAdd: opts.addable
      ? all.filter((u) => grantsAllow(actor.grants, 'finance', u.id)).map((u) => ({ id: u.id, name: u.name }))
      : [],
    typed: opts.typed,
  });
}

/** This year's savings, or another year's (the card has buttons to step between years). */
export const showSavings: ActionHandler<{ a: 'savings.show'; year?: number }> = async (ctx, v) => {
  if (!ctx.actor) throw new DomainError('unknown_person', '您尚未加入组织架构,请联系管理员');
  const current = thisYear(ctx.deps.now());
  const year = v.year ?? current;
  return { card: raw(await savingsView(ctx.tx, ctx.actor, year, { addable: year === current })) };
};

/** Finance records a saving other than a deduction, with its cause and evidence. */
export const addSavingFromCard: ActionHandler = async (ctx) => {
  const actor = ctx.actor;
  if (!actor || !actor.grants.some((g) => g.role === 'finance'))
    throw new DomainError('not_finance', '只有财政部门可以登记节约资金');
  const f = ctx.event.formValue ?? {};
  const typed = Object.fromEntries(
    ['unit', 'cause', 'amount', 'evidence'].map((k) => [k, String(f[k] ?? '').trim()]),
  );
  const year = thisYear(ctx.deps.now());
  const refuse = async (content: string) => ({
    toast: { type: 'error' as const, content },
    card: raw(await savingsView(ctx.tx, actor, year, { typed, addable: true })),
  });
  const unitId = Number(typed.unit);
  // A zone-wide grant allows every unit id, so the unit must also exist (a forged id would not).
  const [unit] = /^\d{1,12}$/.test(typed.unit ?? '')
    ? await ctx.tx.select({ id: units.id }).from(units).where(eq(units.id, unitId))
    : [];
  if (!unit || !grantsAllow(actor.grants, 'finance', unitId)) return refuse('请选择您有权登记的单位');
  const cause = MANUAL_CAUSES.find((c) => c === typed.cause);
  if (!cause) return refuse('请选择节约原因(考核扣减由结算自动记入,无需手工登记)');
  const amount = parseAmount(typed.amount ?? '');
  if (!amount.ok) return refuse(amount.error);
  if ((typed.evidence ?? '').length < 4) return refuse('请填写依据(文件编号或情况说明,至少4个字)');
  if ((typed.evidence ?? '').length > 500) return refuse('依据请控制在500字以内');
  const row = await recordSaving(writeTx(ctx), {
    unitId,
    year,
    cause,
    amountFen: amount.fen,
    evidence: typed.evidence!,
    actor: actor.openId,
  });
  return {
    toast: { type: 'success', content: `已登记节约资金 #${row!.id}` },
    card: raw(await savingsView(ctx.tx, actor, year, { addable: true })),
  };
};
