/**
 * Rule 4's re-approval of an awarded price above the approved amount. The record click starts it:
 * the new amount's stages (its route under the request's policy version) are appended to the
 * request's stages, and the typed procurement form is kept in the audit row of the start, which is
 * what the round's last approval records. The request stays approved at its old amount meanwhile;
 * only the last approval moves the amount (and so the budget commitment) and records the
 * procurement, in the decision's transaction, so the stage lock makes it happen once.
 *
 * The order of dates (DOMAIN.md): the award date typed here was checked against the first round's
 * approval (no 先采购后审批) when the record click started the round. The round then approves a
 * price already awarded, so the reading applied is that its meetings come after the award: each is
 * on or after the typed award date, the filing and every earlier meeting (decideStage checks this,
 * with meetingFloors).
 */
import { eq, max } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { rawSql, type Tx } from '../../db/client';
import { loadPolicy } from '../../db/policy';
import { approvalStages, procurements, purchaseRequests, units } from '../../db/schema';
import { PURCHASE_CHAIN, reapprovalStartOn } from '../../db/sql/purchase';
import { approvalRoute } from '../../domain/approval-route';
import { shanghaiDate } from '../../domain/calendar';
import { DomainError } from '../../domain/errors';
import { formatYuan } from '../../domain/money';
import { type ProcurementForm, validateProcurement } from '../../domain/procurement-rules';
import type { OutboxWriter } from '../../outbox/write';
import { lockLineForFiling } from '../budget/line-summary';
import type { UseCase } from '../use-case';
import { insertProcurement } from './record-procurement';
import { openStage } from './stages';

/** The line's remainder must take the difference (rule 1): checked under the line's lock. */
async function assertLineTakes(tx: Tx, lineId: number, fromFen: bigint, toFen: bigint) {
  const line = await lockLineForFiling(tx, lineId);
  const diff = toFen - fromFen;
  if (diff > line.remainingFen)
    throw new DomainError(
      'over_budget',
      `超出预算:成交金额 ${formatYuan(toFen)} 比批准金额 ${formatYuan(fromFen)} 多 ${formatYuan(diff)},该预算额度仅剩 ${formatYuan(line.remainingFen)},不能重新报批`,
    );
}

/**
 * Starts the re-approval of `req` (row-locked by the caller, approved, nothing recorded, no round
 * under way) for the awarded amount: refused, with nothing written, when the line cannot take the
 * difference.
 */
export async function startReapproval(
  uc: UseCase,
  r: { req: typeof purchaseRequests.$inferSelect; form: ProcurementForm; awardedFen: bigint },
) {
  const { tx, out, actor, now } = uc;
  const { req } = r;
  await assertLineTakes(tx, req.budgetLineId, req.amountFen, r.awardedFen);
  const policy = await loadPolicy(tx, req.policyVersion);
  const route = approvalRoute(r.awardedFen, policy);
  const [last] = await tx
    .select({ seq: max(approvalStages.seq) })
    .from(approvalStages)
    .where(eq(approvalStages.requestId, req.id));
  const firstSeq = (last?.seq ?? 0) + 1;
  const stages = await tx
    .insert(approvalStages)
    .values(
      route.map((kind, i) => ({
        requestId: req.id,
        seq: firstSeq + i,
        kind,
        status: i === 0 ? ('pending' as const) : ('waiting' as const),
      })),
    )
    .returning();
  await appendAudit(tx, {
    aggregateType: PURCHASE_CHAIN,
    aggregateId: req.id,
    actor: actor.openId,
    action: 'reapproval.started',
    data: {
      firstSeq,
      fromFen: String(req.amountFen),
      amountFen: String(r.awardedFen),
      route,
      policyVersion: policy.version,
      form: { ...r.form },
      filer: { personId: actor.personId, openId: actor.openId },
    },
    at: now,
  });
  await openStage(tx, out, stages[0]!.id, now);
  return { requestId: req.id, fromFen: req.amountFen, amountFen: r.awardedFen, route };
}

/**
 * The round starting at `firstSeq` was approved by its last stage (whose decision is written in
 * this transaction): the request's amount becomes the awarded amount, under the line's lock, and
 * the procurement as typed is recorded. A refusal (the line no longer takes the difference, the
 * vendor was banned meanwhile) rolls the decision back: the approver is told and may reject.
 */
export async function completeReapproval(
  tx: Tx,
  out: OutboxWriter,
  x: { requestId: number; firstSeq: number; ref: string; by: string },
  now: Date,
) {
  const start = await reapprovalStartOn(rawSql(tx), x.requestId, x.firstSeq);
  if (!start) throw new Error(`re-approval of request ${x.requestId} at seq ${x.firstSeq} has no start`);
  const [row] = await tx
    .select({ r: purchaseRequests, unit: units.name })
    .from(purchaseRequests)
    .innerJoin(units, eq(units.id, purchaseRequests.unitId))
    .where(eq(purchaseRequests.id, x.requestId))
    .for('update', { of: purchaseRequests });
  const { r: req, unit } = row!;
  const [done] = await tx
    .select({ id: procurements.id })
    .from(procurements)
    .where(eq(procurements.requestId, req.id));
  if (done) throw new Error(`request ${req.id} already has procurement ${done.id}`);
  await assertLineTakes(tx, req.budgetLineId, req.amountFen, start.amountFen);
  const policy = await loadPolicy(tx);
  const checked = validateProcurement(start.form as unknown as ProcurementForm, {
    approvedFen: start.amountFen,
    openTenderThresholdFen: policy.openTenderThresholdFen,
    today: shanghaiDate(now),
  });
  if (!checked.ok) throw new DomainError('bad_procurement', checked.error);
  await tx
    .update(purchaseRequests)
    .set({ amountFen: start.amountFen })
    .where(eq(purchaseRequests.id, req.id));
  const p = { ...checked.value, reapprovalRef: x.ref };
  const recorded = await insertProcurement(tx, out, {
    req: { ...req, amountFen: start.amountFen },
    unit,
    p,
    policy,
    by: start.filer,
  });
  await appendAudit(tx, {
    aggregateType: PURCHASE_CHAIN,
    aggregateId: req.id,
    actor: x.by,
    action: 'reapproval.approved',
    data: {
      firstSeq: x.firstSeq,
      fromFen: String(req.amountFen),
      amountFen: String(start.amountFen),
      procurement: recorded.procurement.id,
    },
    at: now,
  });
  return recorded;
}
