import { and, eq, isNull } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { Tx } from '../../db/client';
import type { loadPolicy } from '../../db/policy';
import { procurements, type purchaseRequests, vendorBans, vendors } from '../../db/schema';
import { yearOf } from '../../domain/business-date';
import { CATEGORY_LABELS } from '../../domain/categories';
import { DomainError } from '../../domain/errors';
import { isOpenMethod, type ParsedProcurement } from '../../domain/procurement-rules';
import type { OutboxWriter } from '../../outbox/write';
import { warnIfSplit } from './split-warning';

export type ProcurementInsert = {
  req: typeof purchaseRequests.$inferSelect;
  unit: string;
  p: ParsedProcurement;
  policy: Awaited<ReturnType<typeof loadPolicy>>;
  /** Who typed the form (the filer), for the row and the audit. */
  by: { personId: number; openId: string };
};

/** The vendor of a checked form, refused when unknown or banned from the project that year (rule 10). */
export async function assertVendorAllowed(
  tx: Tx,
  req: ProcurementInsert['req'],
  unit: string,
  p: ParsedProcurement,
) {
  const year = yearOf(p.awardDate);
  const [vendor] = await tx.select().from(vendors).where(eq(vendors.id, p.vendorId));
  if (!vendor) throw new DomainError('no_vendor', '所选供应商不存在,请先在「供应商」中登记');
  // A lifted ban (its year's average was corrected to the bar) no longer refuses the vendor.
  const [ban] = await tx
    .select()
    .from(vendorBans)
    .where(
      and(
        eq(vendorBans.vendorId, vendor.id),
        eq(vendorBans.unitId, req.unitId),
        eq(vendorBans.category, req.category),
        eq(vendorBans.year, year),
        isNull(vendorBans.liftedAt),
      ),
    );
  if (ban)
    throw new DomainError(
      'vendor_banned',
      `供应商「${vendor.name}」${year}年不得参与${unit}${CATEGORY_LABELS[req.category]}项目的投标:${ban.reason}`,
    );
  return vendor;
}

/**
 * Inserts a checked procurement (the caller holds the request's row lock and has checked that none
 * is recorded), with its audit row, and after a non-open method checks 化整为零 in the same
 * transaction.
 */
export async function insertProcurement(tx: Tx, out: OutboxWriter, i: ProcurementInsert) {
  const { req, unit, p, policy } = i;
  const vendor = await assertVendorAllowed(tx, req, unit, p);
  const year = yearOf(p.awardDate);
  const [row] = await tx
    .insert(procurements)
    .values({ requestId: req.id, ...p, policyVersion: policy.version, recordedBy: i.by.personId })
    .returning();
  const procurement = row!;
  await appendAudit(tx, {
    aggregateType: 'purchase',
    aggregateId: req.id,
    actor: i.by.openId,
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
        actor: i.by.openId,
      });
  return { procurement, vendor, warned };
}
