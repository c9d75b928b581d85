import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { DbOrTx, Tx } from '../../db/client';
import { loadPolicy } from '../../db/policy';
import { procurements, purchaseRequests, units, vendorBans, vendors } from '../../db/schema';
import { type Actor, grantsAllow } from '../../domain/actor';

import { shanghaiDate } from '../../domain/calendar';
import { CATEGORY_LABELS } from '../../domain/categories';
import { DomainError } from '../../domain/errors';
import { isOpenMethod, type ProcurementForm, validateProcurement } from '../../domain/procurement-rules';
import type { OutboxWriter } from '../../outbox/write';
import { warnIfSplit } from './split';

type Recordable = { r: typeof purchaseRequests.$inferSelect; unit: string };

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
    throw new DomainError(
      'already_recorded',
      `采购申请 #${requestId} 的采购结果已登记(采购记录 #${existing.id}),不能重复登记`,
    );
  return row;
}

/**
 * Records how the vendor of an approved request was chosen (rule 5), once per request: the request
 * row is locked, so a double click or a second filer waits and then finds the first record. A
 * refusal throws and rolls everything back. After a non-open method it checks 化整为零 in the same
 * transaction.
 */
export async function recordProcurement(
  tx: Tx,
  out: OutboxWriter,
  actor: Actor,
  requestId: number,
  form: ProcurementForm,
  now: Date,
) {
  const { r: req, unit } = await loadRecordable(tx, actor, requestId, true);
  const policy = await loadPolicy(tx);
  const checked = validateProcurement(form, {
    approvedFen: req.amountFen,
    openTenderThresholdFen: policy.openTenderThresholdFen,
    today: shanghaiDate(now),
  });
  if (!checked.ok) throw new DomainError('bad_procurement', checked.error);
  const p = checked.value;
  const year = Number(p.awardDate.slice(0, 4));
  const [vendor] = await tx.select().from(vendors).where(eq(vendors.id, p.vendorId));
  if (!vendor) throw new DomainError('no_vendor', '所选供应商不存在,请先在「供应商」中登记');
  const [ban] = await tx
    .select()
    .from(vendorBans)
    .where(
      and(
        eq(vendorBans.vendorId, vendor.id),
        eq(vendorBans.unitId, req.unitId),
        eq(vendorBans.category, req.category),
        eq(vendorBans.year, year),
      ),
    );
  if (ban)
    throw new DomainError(
      'vendor_banned',
      `供应商「${vendor.name}」${year}年不得参与${unit}${CATEGORY_LABELS[req.category]}项目的投标:${ban.reason}`,
    );
  const [row] = await tx
    .insert(procurements)
    .values({ requestId, ...p, policyVersion: policy.version, recordedBy: actor.personId })
    .returning();
  const procurement = row!;
  await appendAudit(tx, {
    aggregateType: 'purchase',
    aggregateId: requestId,
    actor: actor.openId,
    action: 'procurement.recorded',
    data: {
      procurement: procurement.id,
      method: p.method,
      platform: p.platform,
      referenceNo: p.referenceNo,
      bidders: p.bidders,
      awardDate: p.awardDate,
      vendor: vendor.id,
      awardedFen: String(p.awardedFen),
      singleSourceReason: p.singleSourceReason,
      nonOpenApprovalRef: p.nonOpenApprovalRef,
      reapprovalRef: p.reapprovalRef,
      policyVersion: policy.version,
    },
  });
  const warned = isOpenMethod(p.method)
    ? false
    : await warnIfSplit(tx, out, {
        unitId: req.unitId,
        unitName: unit,
        category: req.category,
        year,
        thresholdFen: policy.openTenderThresholdFen,
        actor: actor.openId,
      });
  return { procurement, vendor, warned };
}
