/** 法务审核 (rule 6) from the cards: the filer submits a draft, legal approves or returns it. */
import { eq } from 'drizzle-orm';
import { buildSigningCard } from '../../cards/contract';
import { buildDraftResultCard, buildDraftReviewCard } from '../../cards/legal-review';
import { loadPolicy } from '../../db/policy';
import { contractDrafts, purchaseRequests } from '../../db/schema';
import { requireActor } from '../../domain/actor';
import { shanghaiDate } from '../../domain/business-date';
import { readSigningForm } from '../../domain/contract-form';
import { DomainError } from '../../domain/errors';
import { signingView } from '../../features/contracts/card-views';
import {
  decideDraft,
  draftView,
  loadDraft,
  mayReview,
  NOT_LEGAL,
  reviewLineOf,
  submitDraft,
} from '../../features/contracts/legal-review';
import { loadSigning, type Signable } from '../../features/contracts/signing';
import { raw } from '../types';
import type { Scope } from './scopes';
import type { ActionWriteContext, ValueOf } from './types';

/** A draft's decision: legal of the draft's request's unit, or zone-wide legal; nobody else. */
export const legalDraftScope: Scope<{ draft: number }> = async (ctx, v) => {
  const actor = requireActor(ctx.actor);
  const [r] = await ctx.db
    .select({ unitId: purchaseRequests.unitId })
    .from(contractDrafts)
    .innerJoin(purchaseRequests, eq(purchaseRequests.id, contractDrafts.requestId))
    .where(eq(contractDrafts.id, v.draft));
  if (!r) throw new DomainError('no_draft', '合同草案不存在');
  if (!mayReview(actor, r.unitId)) throw new DomainError('not_legal', NOT_LEGAL);
};

const sv = async (ctx: ActionWriteContext, s: Signable) => {
  const v = signingView(s, {
    policy: await loadPolicy(ctx.tx),
    typed: readSigningForm(undefined),
    today: shanghaiDate(ctx.deps.now()),
  });
  return { service: v.service, vendor: v.vendor };
};

/** 提交法务审核: the checked form becomes a new draft version, sent to legal as a review card. */
export const submitReviewFromCard = async (ctx: ActionWriteContext, v: ValueOf<'contract.submit_review'>) => {
  const typed = readSigningForm(ctx.event.formValue);
  const today = shanghaiDate(ctx.deps.now());
  const res = await submitDraft(
    { tx: ctx.tx, actor: ctx.actor, now: ctx.deps.now() },
    { requestId: v.request, typed },
  );
  if (!res.ok)
    return {
      toast: { type: 'error' as const, content: res.error },
      card: raw(buildSigningCard(signingView(res.s, { policy: res.policy, typed, today }))),
    };
  const { draft, s, reviewers } = res.submitted;
  const row = (await loadDraft(ctx.tx, draft.id))!;
  const view = await draftView(ctx.tx, row, await sv(ctx, s));
  for (const r of reviewers)
    if (r.openId !== ctx.actor!.openId)
      await ctx.out.send({ type: 'open_id', id: r.openId }, { card: buildDraftReviewCard(view) });
  const policy = await loadPolicy(ctx.tx);
  const review = await reviewLineOf(ctx.tx, draft);
  return {
    toast: { type: 'success' as const, content: `已提交法务审核(第${draft.version}版),审核通过后方可签订` },
    card: raw(
      buildSigningCard({ ...signingView(s, { policy, typed, today }), ...(review ? { review } : {}) }),
    ),
  };
};

const decide =
  (decision: 'approved' | 'returned') => async (ctx: ActionWriteContext, v: { draft: number }) => {
    const row = await decideDraft(
      { tx: ctx.tx, actor: ctx.actor, now: ctx.deps.now() },
      { draftId: v.draft, decision, formValue: ctx.event.formValue },
    );
    const s = await loadSigning(ctx.tx, row.draft.requestId);
    const view = await draftView(ctx.tx, row, await sv(ctx, s as Signable));
    await ctx.out.send({ type: 'open_id', id: row.filer.openId }, { card: buildDraftResultCard(view) });
    return {
      toast: {
        type: 'success' as const,
        content:
          decision === 'approved'
            ? `合同草案第${row.draft.version}版已审核通过,已通知经办人`
            : `合同草案第${row.draft.version}版已退回修改,已通知经办人`,
      },
      card: raw(buildDraftReviewCard(view)),
    };
  };

/** 通过 on the review card. */
export const approveDraftFromCard = decide('approved');
/** 退回修改 on the review card (at least one comment). */
export const returnDraftFromCard = decide('returned');
