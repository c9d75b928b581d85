import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { loadPolicy } from '../../db/policy';
import { approvalStages, procurements, purchaseRequests, units } from '../../db/schema';
import { type Actor, grantsAllow } from '../../domain/actor';
import { shanghaiDate } from '../../domain/calendar';
import { finalApproval } from '../../domain/chain-dates';
import type { NamedDate } from '../../domain/date-order';
import { DomainError } from '../../domain/errors';
import { type ProcurementForm, validateProcurement } from '../../domain/procurement-rules';
import { reapprovalPending } from '../../domain/reapproval';
import { startReapproval } from '../purchase/reapproval';
import { assertVendorAllowed, insertProcurement } from '../purchase/record-procurement';
import type { UseCase } from '../use-case';

type Recordable = {
  r: typeof purchaseRequests.$inferSelect;
  unit: string;
  /** The approval the purchase is made under (the first round's last meeting), if recorded. */
  approval?: NamedDate;
};

/**
 * The request whose procurement the actor may record now, or the refusal: it exists, the actor
 * files for its unit, it is approved, and nothing is recorded yet. One wording for the form and the
 * record. `lock` takes the request's row lock, so a double click or a second filer waits and then
 * finds the first record.
 */
export async function loadRecordable(
  db: DbOrTx,
  actor: Actor,
  requestId: number,
  lock = false,
): Promise<Recordable> {
  const q = db
    .select({ r: purchaseRequests, unit: units.name })
    .from(purchaseRequests)
    .innerJoin(units, eq(units.id, purchaseRequests.unitId))
    .where(eq(purchaseRequests.id, requestId));
  const [row] = lock ? await q.for('update', { of: purchaseRequests }) : await q;
  if (!row) throw new DomainError('no_request', `采购申请 #${requestId} 不存在`);
  if (!grantsAllow(actor.grants, 'filer', row.r.unitId))
    throw new DomainError('not_unit_filer', `您不是${row.unit}的经办人,不能登记采购结果`);
  if (row.r.status !== 'approved')
    throw new DomainError(
      'not_approved',
      `采购申请 #${requestId} ${row.r.status === 'rejected' ? '已被驳回' : '尚未审批通过'},不能登记采购结果`,
    );
  // Read after the lock (its own statement, so its own snapshot): a record committed by the click
  // that held the lock is seen.
  const [existing] = await db
    .select({ id: procurements.id })
    .from(procurements)
    .where(eq(procurements.requestId, requestId));
  if (existing)
    throw new DomainError('already_recorded', `采购申请 #${requestId} 的采购结果已登记,不能重复登记`);
  const stages = await db
    .select({
      seq: approvalStages.seq,
      kind: approvalStages.kind,
      status: approvalStages.status,
      meetingDate: approvalStages.meetingDate,
    })
    .from(approvalStages)
    .where(eq(approvalStages.requestId, requestId))
    .orderBy(asc(approvalStages.seq));
  if (reapprovalPending(stages))
    throw new DomainError(
      'reapproval_pending',
      `采购申请 #${requestId} 的成交金额正在重新报批,审批结束前不能再登记采购结果`,
    );
  return { ...row, approval: finalApproval(stages) };
}

/**
 * Records how the vendor of an approved request was chosen (rule 5), once per request: the request
 * row is locked, so a double click or a second filer waits and then finds the first record. A
 * refusal throws and rolls everything back. After a non-open method it checks 化整为零 in the same
 * transaction. A price above the approved amount is not recorded: it starts a re-approval of the
 * request for that amount (rule 4), and the procurement is recorded when the re-approval's last
 * stage approves it.
 */
export async function recordProcurement(
  uc: UseCase,
  input: { requestId: number; form: ProcurementForm },
): Promise<RecordResult> {
  const { tx, out, actor, now } = uc;
  const { requestId, form } = input;
  const { r: req, unit, approval } = await loadRecordable(tx, actor, requestId, true);
  const policy = await loadPolicy(tx);
  const checked = validateProcurement(form, {
    approvedFen: req.amountFen,
    openTenderThresholdFen: policy.openTenderThresholdFen,
    today: shanghaiDate(now),
    approval,
  });
  if (!checked.ok) throw new DomainError('bad_procurement', checked.error);
  const p = checked.value;
  if (p.awardedFen > req.amountFen) {
    // Refused now rather than after the re-approval: a banned vendor cannot be approved either.
    const vendor = await assertVendorAllowed(tx, req, unit, p);
    const started = await startReapproval(uc, { req, form, awardedFen: p.awardedFen });
    return { kind: 'reapproval', vendor, ...started };
  }
  const by = { personId: actor.personId, openId: actor.openId };
  return { kind: 'recorded', ...(await insertProcurement(tx, out, { req, unit, p, policy, by })) };
}

export type RecordResult =
  | ({ kind: 'recorded' } & Awaited<ReturnType<typeof insertProcurement>>)
  | ({ kind: 'reapproval'; vendor: { name: string } } & Awaited<ReturnType<typeof startReapproval>>);
