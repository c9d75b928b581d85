import { eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { buildApprovalCard } from '../../cards/approval';
import { approvalStages, purchaseRequests } from '../../db/schema';
import { STAGE_LABELS } from '../../domain/approval-route';
import { DomainError } from '../../domain/errors';
import type { UseCase } from '../use-case';
import { heldCards, lockOwnRequest } from './request-lock';
import { approvalView } from './view';

/** The answer to 撤回, the same for the click that withdrew and for a double click's second. */
export const withdrawnToast = (id: number) => `已撤回采购申请 #${id},占用的预算额度已释放`;

/**
 * 撤回: the filer takes back a request while no stage has been decided. The pending stage becomes
 * `withdrawn` (it can no longer be decided; its approval-center instance goes CANCELED) and the
 * request `withdrawn`, which commits no budget, so the line's reservation is released. Every card of
 * the stage is patched to say so. A second click (a double click, a retried callback) waits for the
 * first under the lock and finds it withdrawn: the same answer, nothing written twice.
 */
export async function withdrawRequest(uc: UseCase, input: { requestId: number }) {
  const { tx, out, actor, now } = uc;
  const { requestId } = input;
  const { r, stages } = await lockOwnRequest(tx, actor, requestId);
  if (r.status === 'withdrawn') return { toast: withdrawnToast(r.id), changed: false };
  const decided = stages.find((s) => s.status === 'approved' || s.status === 'rejected');
  if (r.status !== 'pending' || decided)
    throw new DomainError(
      'not_withdrawable',
      decided ? `「${STAGE_LABELS[decided.kind]}」已作出决定,该申请不能再撤回` : '该申请已审批结束,不能撤回',
    );
  const pending = stages.find((s) => s.status === 'pending');
  // The stage ends now; its fan-out is marked done so the decisions' sweep never picks it up.
  if (pending)
    await tx
      .update(approvalStages)
      .set({ status: 'withdrawn', decidedAt: now, fannedOutAt: now })
      .where(eq(approvalStages.id, pending.id));
  await tx
    .update(purchaseRequests)
    .set({ status: 'withdrawn', decidedAt: now })
    .where(eq(purchaseRequests.id, r.id));
  await appendAudit(tx, {
    aggregateType: 'purchase',
    aggregateId: r.id,
    actor: actor.openId,
    action: 'purchase.withdrawn',
    data: {
      stage: pending?.kind ?? null,
      stageId: pending?.id ?? null,
      amountFen: String(r.amountFen),
      line: r.budgetLineId,
    },
    at: now,
  });
  if (pending)
    await out.patchAll(
      (await heldCards(tx, pending.id)).map((outboxId) => ({ outboxId })),
      buildApprovalCard(await approvalView(tx, pending.id)),
    );
  return { toast: withdrawnToast(r.id), changed: true };
}
