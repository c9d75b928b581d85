import { and, asc, eq, isNull, ne, or, sql } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { buildSplitWarningCard } from '../../cards/procurement';
import { rawSql, type Tx } from '../../db/client';
import { people, procurements, purchaseRequests, roleGrants, splitWarnings, vendors } from '../../db/schema';
import { advisoryXactLock } from '../../db/sql/locks';
import type { ServiceCategory } from '../../domain/categories';
import type { OutboxWriter } from '../../outbox/write';

export interface SplitScope {
  unitId: number;
  unitName: string;
  category: ServiceCategory;
  year: number;
  thresholdFen: bigint;
  actor: string;
}

/** The unit's leadership and every discipline inspector who covers the unit (zone-wide or the unit). */
async function splitRecipients(tx: Tx, unitId: number): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ openId: people.openId })
    .from(roleGrants)
    .innerJoin(people, eq(people.id, roleGrants.personId))
    .where(
      and(
        isNull(roleGrants.revokedAt),
        or(
          and(eq(roleGrants.role, 'unit_leadership'), eq(roleGrants.unitId, unitId)),
          and(
            eq(roleGrants.role, 'discipline'),
            or(isNull(roleGrants.unitId), eq(roleGrants.unitId, unitId)),
          ),
        ),
      ),
    )
    .orderBy(asc(people.openId));
  return rows.map((r) => r.openId);
}

/**
 * 化整为零: a unit's non-open purchases in one category and award year, each below the open-tender
 * threshold, that together reach it, warn the unit leadership and discipline inspection, once per
 * (unit, category, year). A purchase at or above the threshold (which needed its own approval) is not
 * part of a split. An advisory lock on the scope makes two concurrent records see each other's sums.
 * Returns whether this call sent the warning.
 */
export async function warnIfSplit(tx: Tx, out: OutboxWriter, s: SplitScope): Promise<boolean> {
  await advisoryXactLock(rawSql(tx), { kind: 'split', unitId: s.unitId, category: s.category, year: s.year });
  const rows = await tx
    .select({
      requestId: procurements.requestId,
      method: procurements.method,
      awardDate: procurements.awardDate,
      awardedFen: procurements.awardedFen,
      vendor: vendors.name,
    })
    .from(procurements)
    .innerJoin(purchaseRequests, eq(purchaseRequests.id, procurements.requestId))
    .innerJoin(vendors, eq(vendors.id, procurements.vendorId))
    .where(
      and(
        eq(purchaseRequests.unitId, s.unitId),
        eq(purchaseRequests.category, s.category),
        ne(procurements.method, 'open_tender'),
        sql`${procurements.awardDate} like ${`${s.year}-%`}`,
      ),
    )
    .orderBy(asc(procurements.awardDate), asc(procurements.id));
  const small = rows.filter((r) => r.awardedFen < s.thresholdFen);
  const totalFen = small.reduce((sum, r) => sum + r.awardedFen, 0n);
  if (totalFen < s.thresholdFen) return false;
  const inserted = await tx
    .insert(splitWarnings)
    .values({ unitId: s.unitId, category: s.category, year: s.year, totalFen })
    .onConflictDoNothing()
    .returning({ unitId: splitWarnings.unitId });
  if (inserted.length === 0) return false;
  const recipients = await splitRecipients(tx, s.unitId);
  await appendAudit(tx, {
    aggregateType: 'split_warning',
    aggregateId: `${s.unitId}:${s.category}:${s.year}`,
    actor: s.actor,
    action: 'split.warned',
    data: {
      totalFen: String(totalFen),
      thresholdFen: String(s.thresholdFen),
      requests: small.map((r) => r.requestId),
      recipients,
    },
  });
  const card = buildSplitWarningCard({ ...s, totalFen, items: small });
  for (const openId of recipients) await out.send({ type: 'open_id', id: openId }, { card });
  return true;
}
