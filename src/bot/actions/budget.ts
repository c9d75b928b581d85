import { asc, eq } from 'drizzle-orm';
import { buildBudgetCard } from '../../cards/budget';
import type { DbOrTx } from '../../db/client';
import { units } from '../../db/schema';
import { type Actor, grantsAllow } from '../../domain/actor';
import { shanghaiDate } from '../../domain/calendar';
import type { ServiceCategory } from '../../domain/categories';
import { DomainError } from '../../domain/errors';
import { parseAmount } from '../../domain/money';
import { addBudgetLine, lineSummaries } from '../../features/budget/queries';
import { writeTx } from '../types';
import { type ActionHandler, raw } from './types';

/** A person sees the lines of their own unit and of every unit they hold a role in (zone roles: all). */
async function budgetView(db: DbOrTx, actor: Actor, year: number, typed?: Record<string, string>) {
  const all = await db.select().from(units).orderBy(asc(units.id));
  const zoneWide = actor.grants.some((g) => g.unitId === null);
  const visible = all.filter(
    (u) => zoneWide || u.id === actor.unitId || actor.grants.some((g) => g.unitId === u.id),
  );
  const withLines = [];
  for (const u of visible)
    withLines.push({ id: u.id, name: u.name, lines: await lineSummaries(db, { unitId: u.id, year }) });
  const canAdd = all
    .filter((u) => grantsAllow(actor.grants, 'finance', u.id))
    .map((u) => ({ id: u.id, name: u.name }));
  return buildBudgetCard({ year, units: withLines, canAdd, typed });
}

const thisYear = (now: Date) => Number(shanghaiDate(now).slice(0, 4));

export const showBudget: ActionHandler = async (ctx) => {
  if (!ctx.actor) throw new DomainError('unknown_person', '您尚未加入组织架构,请联系管理员');
  return { card: raw(await budgetView(ctx.tx, ctx.actor, thisYear(ctx.deps.now()))) };
};

/** Finance registers one line; a wrong field is a toast and the card keeps what was typed. */
export const addLineFromCard: ActionHandler = async (ctx) => {
  const actor = ctx.actor;
  if (!actor || !actor.grants.some((g) => g.role === 'finance'))
    throw new DomainError('not_finance', '只有财政部门可以登记预算额度');
  const f = ctx.event.formValue ?? {};
  const typed = Object.fromEntries(
    ['unit', 'year', 'category', 'line_name', 'line_amount'].map((k) => [k, String(f[k] ?? '').trim()]),
  );
  const year = thisYear(ctx.deps.now());
  const refuse = async (content: string) => ({
    toast: { type: 'error' as const, content },
    card: raw(await budgetView(ctx.tx, actor, year, typed)),
  });
  const unitId = Number(typed.unit);
  // A zone-wide grant allows every unit id, so the unit must also exist (a forged id would not).
  const [unit] = /^\d{1,12}$/.test(typed.unit ?? '')
    ? await ctx.tx.select({ id: units.id }).from(units).where(eq(units.id, unitId))
    : [];
  if (!unit || !grantsAllow(actor.grants, 'finance', unitId)) return refuse('请选择您有权登记的单位');
  if (!/^\d{4}$/.test(typed.year ?? '')) return refuse('年度应为四位数字,如 2026');
  const amount = parseAmount(typed.line_amount ?? '');
  if (!amount.ok) return refuse(amount.error);
  const line = await addBudgetLine(writeTx(ctx), {
    unitId,
    year: Number(typed.year),
    category: typed.category as ServiceCategory,
    name: typed.line_name ?? '',
    amountFen: amount.fen,
    actor: actor.openId,
  });
  return {
    toast: { type: 'success', content: `已登记预算额度 #${line.id}` },
    card: raw(await budgetView(ctx.tx, actor, year)),
  };
};
