import { buildSavingsCard } from '../../cards/savings';
import type { DbOrTx } from '../../db/client';
import { type Actor, requireActor, requireRole } from '../../domain/actor';
import { charCount, tooLongRefusal } from '../../domain/form';
import { parseAmount } from '../../domain/money';
import { MANUAL_CAUSES, SAVING_EVIDENCE_MAX } from '../../domain/savings';
import { financeUnitOf, financeUnits } from '../../features/org/finance';
import { recordSaving, savingMonths, savingTotals } from '../../features/savings/ledger';
import { raw } from '../types';
import { refusal, thisYear, typedFields } from './forms';
import { withTypedChoices } from './typed-choice';
import type { ActionWriteContext, ReadContext, ValueOf } from './types';

/** Zone-level roles see every unit's savings; everyone else sees the units they hold a role in. */
async function savingsView(
  db: DbOrTx,
  actor: Actor,
  year: number,
  opts: { typed?: Record<string, string>; addable: boolean },
) {
  const zoneWide = actor.grants.some((g) => g.unitId === null);
  // Membership alone shows nothing: a unit's savings are for those holding a role in it.
  const own = [...new Set(actor.grants.map((g) => g.unitId).filter((u): u is number => u != null))];
  return buildSavingsCard({
    year,
    zoneWide,
    totals: await savingTotals(db, year, zoneWide ? undefined : own),
    months: await savingMonths(db, year, zoneWide ? undefined : own),
    // Savings are recorded into the current year, so the form is offered on this year's card only.
    canAdd: opts.addable ? await financeUnits(db, actor) : [],
    typed: opts.typed,
  });
}

/** This year's savings, or another year's (the card has buttons to step between years). */
export const showSavings = async (ctx: ReadContext, v: ValueOf<'savings.show'>) => {
  const actor = requireActor(ctx.actor);
  const current = thisYear(ctx);
  const year = v.year ?? current;
  return { card: raw(await savingsView(ctx.tx, actor, year, { addable: year === current })) };
};

/** Finance records a saving other than a deduction, with its cause and evidence. */
export const addSavingFromCard = async (ctx: ActionWriteContext) => {
  const actor = requireRole(ctx.actor, 'finance', 'not_finance', '只有财政部门可以登记节约资金');
  const form = await withTypedChoices(ctx.tx, ctx.event.formValue, [
    { name: 'unit', typed: 'unit_name', kind: 'unit' },
  ]);
  const typed = typedFields(form, ['unit', 'cause', 'amount', 'evidence']);
  const year = thisYear(ctx);
  const refuse = refusal(() => savingsView(ctx.tx, actor, year, { typed, addable: true }));
  // Every problem at once, each worded as before.
  const errors: string[] = [];
  const unitId = await financeUnitOf(ctx.tx, actor, typed.unit);
  if (unitId === undefined) errors.push('请选择您有权登记的单位');
  const cause = MANUAL_CAUSES.find((c) => c === typed.cause);
  if (!cause) errors.push('请选择节约原因(考核扣减由结算自动记入,无需手工登记)');
  const amount = parseAmount(typed.amount);
  if (!amount.ok) errors.push(amount.error);
  const evidenceChars = charCount(typed.evidence);
  if (evidenceChars < 4) errors.push('请填写依据(文件编号或情况说明,至少4个字)');
  else if (evidenceChars > SAVING_EVIDENCE_MAX)
    errors.push(tooLongRefusal('依据', SAVING_EVIDENCE_MAX, evidenceChars));
  if (errors.length || unitId === undefined || !cause || !amount.ok) return refuse(errors.join(';'));
  const row = await recordSaving(ctx.tx, {
    unitId,
    year,
    cause,
    amountFen: amount.fen,
    evidence: typed.evidence,
    actor: actor.openId,
    at: ctx.deps.now(),
  });
  return {
    toast: { type: 'success' as const, content: `已登记节约资金 #${row!.id}` },
    card: raw(await savingsView(ctx.tx, actor, year, { addable: true })),
  };
};
