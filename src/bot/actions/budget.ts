import { asc } from 'drizzle-orm';
import { buildBudgetCard } from '../../cards/budget';
import type { DbOrTx } from '../../db/client';
import { units } from '../../db/schema';
import { type Actor, requireActor, requireRole } from '../../domain/actor';
import { SERVICE_CATEGORIES, type ServiceCategory } from '../../domain/categories';
import { parseAmount } from '../../domain/money';
import { addBudgetLine, lineSummaries } from '../../features/budget/line-summary';
import { financeUnitOf, financeUnits } from '../../features/org/finance';
import { raw } from '../types';
import { refusal, thisYear, typedFields } from './forms';
import { withTypedChoices } from './typed-choice';
import type { ActionWriteContext, ReadContext } from './types';

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
  const canAdd = await financeUnits(db, actor);
  return buildBudgetCard({ year, units: withLines, canAdd, typed });
}

export const showBudget = async (ctx: ReadContext) => ({
  card: raw(await budgetView(ctx.tx, requireActor(ctx.actor), thisYear(ctx))),
});

/** Finance registers one line; a wrong field is a toast and the card keeps what was typed. */
export const addLineFromCard = async (ctx: ActionWriteContext) => {
  const actor = requireRole(ctx.actor, 'finance', 'not_finance', '只有财政部门可以登记预算额度');
  const form = await withTypedChoices(ctx.tx, ctx.event.formValue, [
    { name: 'unit', typed: 'unit_name', kind: 'unit' },
  ]);
  const typed = typedFields(form, ['unit', 'year', 'category', 'line_name', 'line_amount']);
  const year = thisYear(ctx);
  const refuse = refusal(() => budgetView(ctx.tx, actor, year, typed));
  // Every problem at once (the line itself re-checks year, category and amount when it is added).
  const errors: string[] = [];
  const unitId = await financeUnitOf(ctx.tx, actor, typed.unit);
  if (unitId === undefined) errors.push('请选择您有权登记的单位');
  if (!/^\d{4}$/.test(typed.year)) errors.push('年度应为四位数字,如 2026');
  if (!SERVICE_CATEGORIES.includes(typed.category as ServiceCategory)) errors.push('请选择有效的服务类别');
  const amount = parseAmount(typed.line_amount);
  if (!amount.ok) errors.push(amount.error);
  if (errors.length || unitId === undefined || !amount.ok) return refuse(errors.join(';'));
  const line = await addBudgetLine(ctx.tx, {
    unitId,
    year: Number(typed.year),
    category: typed.category as ServiceCategory,
    name: typed.line_name,
    amountFen: amount.fen,
    actor: actor.openId,
  });
  return {
    toast: { type: 'success' as const, content: `已登记预算额度 #${line.id}` },
    card: raw(await budgetView(ctx.tx, actor, year)),
  };
};
