import { menuCardFor } from '../../cards/menu-for';
import { buildFilingCard } from '../../cards/purchase-form';
import { filingSummary } from '../../cards/purchase-summary';
import { type Actor, requireRole } from '../../domain/actor';
import { STAGE_LABELS, type StageKind } from '../../domain/approval-route';
import { shanghaiYear } from '../../domain/business-date';
import { DomainError } from '../../domain/errors';
import { LAST_STEP, readForm } from '../../domain/purchase-fields';
import { type FieldErrors, validateStep, withLineCategory } from '../../domain/purchase-validate';
import {
  closeDraft,
  createDraft,
  type Draft,
  latestOpenDraft,
  ownOpenDraft,
  saveDraft,
  submittedRequestOf,
} from '../../features/purchase/drafts';
import { type FilingContext, loadFilingContext } from '../../features/purchase/refs';
import { filedAnswerOf, submitDraft } from '../../features/purchase/submit';
import { raw } from '../types';
import { withTypedChoices } from './typed-choice';
import type { ActionWriteContext, ValueOf } from './types';

const filer = (ctx: ActionWriteContext) =>
  requireRole(ctx.actor, 'filer', 'not_filer', '您没有经办人角色,不能发起采购');

async function context(ctx: ActionWriteContext, actor: Actor) {
  return loadFilingContext(ctx.tx, actor, shanghaiYear(ctx.deps.now()));
}

function card(draft: Draft, step: number, fc: FilingContext, errors?: FieldErrors) {
  return buildFilingCard({
    draftId: draft.id,
    step,
    data: draft.data,
    lines: fc.lineOptions,
    people: fc.people.map((p) => p.openId),
    ...(step === 4 ? { pickers: pickersFor(draft.data, fc) } : {}),
    errors,
    summary: step === LAST_STEP ? filingSummary(draft.data, fc) : undefined,
  });
}

/** Step 4's pickers: the people holding each role the step checks, in the chosen line's unit. */
function pickersFor(data: Draft['data'], fc: FilingContext) {
  const unitId = data.line ? fc.lines.get(data.line)?.unitId : undefined;
  if (unitId === undefined) return undefined;
  const holding = (role: 'responsible_leader' | 'responsible_department' | 'assessor') =>
    fc.people.filter((p) => fc.rolesIn(p.openId, unitId).has(role)).map((p) => p.openId);
  return {
    leader: holding('responsible_leader'),
    department: holding('responsible_department'),
    assessors: holding('assessor'),
  };
}

/** 发起采购: resume the open draft if there is one, else start a new one. */
export const startFiling = async (ctx: ActionWriteContext) => {
  const actor = filer(ctx);
  const draft =
    (await latestOpenDraft(ctx.tx, actor.personId)) ?? (await createDraft(ctx.tx, actor.personId));
  const fc = await context(ctx, actor);
  if (fc.lineOptions.length === 0)
    throw new DomainError(
      'no_budget',
      '本单位本年度还没有预算额度,请先由财政部门登记预算(先有预算,后购买服务)',
    );
  return { card: raw(card(draft, draft.step, fc)) };
};

export const resumeFiling = async (ctx: ActionWriteContext, v: ValueOf<'purchase.resume'>) => {
  const actor = filer(ctx);
  const draft = await ownOpenDraft(ctx.tx, v.draft, actor.personId);
  return { card: raw(card(draft, draft.step, await context(ctx, actor))) };
};

/** Next validates the step (errors come back with the typed values kept); back and save do not. */
export const stepFiling = async (ctx: ActionWriteContext, v: ValueOf<'purchase.step'>) => {
  const actor = filer(ctx);
  const draft = await ownOpenDraft(ctx.tx, v.draft, actor.personId);
  const form =
    v.step === 1
      ? await withTypedChoices(ctx.tx, ctx.event.formValue, [{ name: 'line', typed: 'line_no', kind: 'id' }])
      : ctx.event.formValue;
  let data = { ...draft.data, ...readForm(v.step, form) };
  const fc = await context(ctx, actor);
  const typed = { ...draft, data };
  if (v.go === 'next') {
    const errors = validateStep(v.step, data, fc);
    const all = Object.values(errors);
    // Nothing is saved on a refusal: the card comes back with what was typed, and a toast says why.
    if (all.length)
      return {
        toast: { type: 'error' as const, content: all.join(';') },
        card: raw(card(typed, v.step, fc, errors)),
      };
    if (v.step === 1) data = withLineCategory(data, fc);
  }
  const step =
    v.go === 'next' ? Math.min(v.step + 1, LAST_STEP) : v.go === 'back' ? Math.max(v.step - 1, 1) : v.step;
  await saveDraft(ctx.tx, draft.id, step, data);
  if (v.go === 'save')
    return {
      toast: { type: 'success' as const, content: '草稿已保存,可从主菜单「发起采购」继续' },
      card: raw(menuCardFor(actor)),
    };
  return { card: raw(card({ ...draft, data }, step, fc)) };
};

export const cancelFiling = async (ctx: ActionWriteContext, v: ValueOf<'purchase.cancel'>) => {
  const actor = filer(ctx);
  await ownOpenDraft(ctx.tx, v.draft, actor.personId);
  await closeDraft(ctx.tx, v.draft, 'cancelled');
  return { toast: { type: 'info' as const, content: '草稿已取消' }, card: raw(menuCardFor(actor)) };
};

/** The filer's answer to 提交审批, the same for the click that filed and for a double click's second. */
function filedToast(id: number, route: StageKind[], approvers: { name: string }[]) {
  const who = approvers.map((a) => a.name).join('、') || '暂无审批人,请联系管理员';
  const then = route.length > 1 ? `;之后报${STAGE_LABELS[route[1]!]}` : '';
  const first = route[0] ? STAGE_LABELS[route[0]] : '';
  return {
    type: 'success' as const,
    content: `已提交采购申请 #${id},现由「${first}」审批:${who}${then}`,
  };
}

export const submitFiling = async (ctx: ActionWriteContext, v: ValueOf<'purchase.submit'>) => {
  const actor = filer(ctx);
  // A double click (or a retried callback): the draft is already this filer's request, so the
  // second click answers as the first did, never with a red "already submitted".
  const filed = await submittedRequestOf(ctx.tx, v.draft, actor.personId);
  if (filed !== undefined) {
    const again = await filedAnswerOf(ctx.tx, filed);
    return { toast: filedToast(filed, again.route, again.approvers), card: raw(menuCardFor(actor)) };
  }
  const draft = await ownOpenDraft(ctx.tx, v.draft, actor.personId);
  const fc = await context(ctx, actor);
  const { request, route, approvers, openedStageId } = await submitDraft(
    { tx: ctx.tx, actor, out: ctx.out, now: ctx.deps.now() },
    { draft, refs: fc },
  );
  // The stage's job after commit: nothing to fan out yet, but it tells the approval center at once
  // (jobs/approval-fanout.ts), rather than at its next minute.
  ctx.afterCommit(() => ctx.deps.enqueueFanout([openedStageId]));
  return { toast: filedToast(request.id, route, approvers), card: raw(menuCardFor(actor)) };
};
