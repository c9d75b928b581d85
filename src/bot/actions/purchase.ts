import { menuCardFor } from '../../cards/menu-for';
import { buildFilingCard } from '../../cards/purchase-form';
import { filingSummary } from '../../cards/purchase-summary';
import type { Actor } from '../../domain/actor';
import { shanghaiDate } from '../../domain/calendar';
import { DomainError } from '../../domain/errors';
import { LAST_STEP, readForm } from '../../domain/purchase-fields';
import { type FieldErrors, validateStep } from '../../domain/purchase-validate';
import {
  closeDraft,
  createDraft,
  type Draft,
  latestOpenDraft,
  ownOpenDraft,
  saveDraft,
} from '../../features/purchase/drafts';
import { type FilingContext, loadFilingContext } from '../../features/purchase/refs';
import { submitDraft } from '../../features/purchase/submit';
import { writeTx } from '../types';
import { type ActionHandler, type CardContext, raw } from './types';

function filer(ctx: CardContext): Actor {
  const a = ctx.actor;
  if (!a || !a.grants.some((g) => g.role === 'filer'))
    throw new DomainError('not_filer', '您没有经办人角色,不能发起采购');
  return a;
}

async function context(ctx: CardContext, actor: Actor) {
  return loadFilingContext(ctx.tx, actor, Number(shanghaiDate(ctx.deps.now()).slice(0, 4)));
}

function card(draft: Draft, step: number, fc: FilingContext, errors?: FieldErrors) {
  return buildFilingCard({
    draftId: draft.id,
    step,
    data: draft.data,
    lines: fc.lineOptions,
    people: fc.people.map((p) => p.openId),
    errors,
    summary: step === LAST_STEP ? filingSummary(draft.data, fc) : undefined,
  });
}

/** 发起采购: resume the open draft if there is one, else start a new one. */
export const startFiling: ActionHandler = async (ctx) => {
  const actor = filer(ctx);
  const tx = writeTx(ctx);
  const draft = (await latestOpenDraft(tx, actor.personId)) ?? (await createDraft(tx, actor.personId));
  const fc = await context(ctx, actor);
  if (fc.lineOptions.length === 0)
    throw new DomainError(
      'no_budget',
      '本单位本年度还没有预算额度,请先由财政部门登记预算(先有预算,后购买服务)',
    );
  return { card: raw(card(draft, draft.step, fc)) };
};

export const resumeFiling: ActionHandler<{ a: 'purchase.resume'; draft: number }> = async (ctx, v) => {
  const actor = filer(ctx);
  const draft = await ownOpenDraft(writeTx(ctx), v.draft, actor.personId);
  return { card: raw(card(draft, draft.step, await context(ctx, actor))) };
};

/** Next validates the step (errors come back with the typed values kept); back and save do not. */
export const stepFiling: ActionHandler<{
  a: 'purchase.step';
  draft: number;
  step: number;
  go: 'next' | 'back' | 'save';
}> = async (ctx, v) => {
  const actor = filer(ctx);
  const tx = writeTx(ctx);
  const draft = await ownOpenDraft(tx, v.draft, actor.personId);
  const data = { ...draft.data, ...readForm(v.step, ctx.event.formValue) };
  const fc = await context(ctx, actor);
  const typed = { ...draft, data };
  if (v.go === 'next') {
    const errors = validateStep(v.step, data, fc);
    const first = Object.values(errors)[0];
    // Nothing is saved on a refusal: the card comes back with what was typed, and a toast says why.
    if (first)
      return { toast: { type: 'error', content: first }, card: raw(card(typed, v.step, fc, errors)) };
  }
  const step =
    v.go === 'next' ? Math.min(v.step + 1, LAST_STEP) : v.go === 'back' ? Math.max(v.step - 1, 1) : v.step;
  await saveDraft(tx, draft.id, step, data);
  if (v.go === 'save')
    return {
      toast: { type: 'success', content: '草稿已保存,可从主菜单「发起采购」继续' },
      card: raw(menuCardFor(actor)),
    };
  return { card: raw(card(typed, step, fc)) };
};

export const cancelFiling: ActionHandler<{ a: 'purchase.cancel'; draft: number }> = async (ctx, v) => {
  const actor = filer(ctx);
  const tx = writeTx(ctx);
  await ownOpenDraft(tx, v.draft, actor.personId);
  await closeDraft(tx, v.draft, 'cancelled');
  return { toast: { type: 'info', content: '草稿已取消' }, card: raw(menuCardFor(actor)) };
};

export const submitFiling: ActionHandler<{ a: 'purchase.submit'; draft: number }> = async (ctx, v) => {
  const actor = filer(ctx);
  const tx = writeTx(ctx);
  const draft = await ownOpenDraft(tx, v.draft, actor.personId);
  const fc = await context(ctx, actor);
  const { request, route } = await submitDraft(tx, draft, actor, fc, ctx.out, ctx.deps.now());
  const next = route.length > 1 ? '单位领导班子集体决策后报党工委管委会审批' : '单位领导班子集体决策';
  return {
    toast: { type: 'success', content: `已提交采购申请 #${request.id},审批路径:${next}` },
    card: raw(menuCardFor(actor)),
  };
};
