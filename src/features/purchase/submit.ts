import { asc, eq, inArray } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { Tx } from '../../db/client';
import { loadPolicy } from '../../db/policy';
import { approvalStages, people, purchaseAssessors, purchaseRequests } from '../../db/schema';
import { approvalRoute } from '../../domain/approval-route';
import { DomainError } from '../../domain/errors';
import { parseAmount } from '../../domain/money';
import type { Method } from '../../domain/purchase-fields';
import type { FilingRefs } from '../../domain/purchase-validate';
import { validateStep } from '../../domain/purchase-validate';
import { assertFits, lockLineForFiling } from '../budget/line-summary';
import type { UseCase } from '../use-case';
import { approversFor } from './approvers';
import { closeDraft, type Draft } from './drafts';
import { openStage } from './stages';

const fen = (s: string | undefined) => {
  const r = parseAmount(s ?? '');
  if (!r.ok) throw new DomainError('bad_amount', r.error);
  return r.fen;
};

/**
 * What a submitted request's filing answered: its route and who decides its first stage. A double
 * click's second 提交审批 gets the same answer from here.
 */
export async function filedAnswerOf(tx: Tx, requestId: number) {
  const stages = await tx
    .select({ kind: approvalStages.kind })
    .from(approvalStages)
    .where(eq(approvalStages.requestId, requestId))
    .orderBy(asc(approvalStages.seq));
  const route = stages.map((s) => s.kind);
  const approvers = route[0] ? await approversFor(tx, requestId, route[0]) : [];
  return { route, approvers };
}

/**
 * Turns a complete draft into a request: re-validates every step, reserves the budget under the
 * line's lock (two filings at once can never overdraw it), records the route from the policy, and
 * opens the first stage. All in the caller's transaction.
 */
export async function submitDraft(uc: UseCase, input: { draft: Draft; refs: FilingRefs }) {
  const { tx, actor, out, now } = uc;
  const { draft, refs } = input;
  for (const step of [1, 2, 3, 4]) {
    const errors = Object.values(validateStep(step, draft.data, refs));
    if (errors.length) throw new DomainError('draft_incomplete', `第${step}步有误:${errors[0]}`);
  }
  const d = draft.data;
  const amountFen = fen(d.amount);
  const line = await lockLineForFiling(tx, Number(d.line));
  assertFits(line, amountFen);
  const policy = await loadPolicy(tx);
  const route = approvalRoute(amountFen, policy);
  const ids = await tx
    .select({ id: people.id, openId: people.openId })
    .from(people)
    .where(inArray(people.openId, [d.leader!, d.department!, ...(d.assessors ?? [])]));
  const idOf = (openId: string) => ids.find((p) => p.openId === openId)!.id;
  const [req] = await tx
    .insert(purchaseRequests)
    .values({
      draftId: draft.id,
      unitId: line.unitId,
      budgetLineId: line.id,
      // Rule 1: the line's category, whatever the draft says (step 1 refused any other).
      category: line.category,
      categoryOther: line.category === 'other' ? (d.category_other ?? null) : null,
      description: d.description!,
      whyOutsource: d.why!,
      suppliersAsked: Number(d.suppliers),
      priceLowFen: fen(d.price_low),
      priceHighFen: fen(d.price_high),
      amountFen,
      method: d.method as Method,
      filerId: actor.personId,
      leaderId: idOf(d.leader!),
      departmentId: idOf(d.department!),
      policyVersion: policy.version,
      // Filing is the first date of the purchase's chain (meetings may not precede it): the app's
      // clock, the one every later date is checked against, not the database's.
      createdAt: now,
    })
    .returning();
  const request = req!;
  await tx
    .insert(purchaseAssessors)
    .values((d.assessors ?? []).map((a) => ({ requestId: request.id, personId: idOf(a) })));
  const stages = await tx
    .insert(approvalStages)
    .values(
      route.map((kind, i) => ({
        requestId: request.id,
        seq: i + 1,
        kind,
        status: i === 0 ? ('pending' as const) : ('waiting' as const),
      })),
    )
    .returning();
  await closeDraft(tx, draft.id, 'submitted');
  await appendAudit(tx, {
    aggregateType: 'purchase',
    aggregateId: request.id,
    actor: actor.openId,
    action: 'purchase.submitted',
    data: { amountFen: String(amountFen), line: line.id, route, policyVersion: policy.version },
  });
  // Who decides first, for the filer's message (rule 3 already left out the filer and assessors).
  const approvers = await openStage(tx, out, stages[0]!.id, now);
  return { request, route, approvers, openedStageId: stages[0]!.id };
}
