import { and, asc, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { ApprovedRequestRow } from '../../cards/procurement';
import type { DbOrTx } from '../../db/client';
import { contracts, procurements, purchaseRequests, units, vendors } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { contractNumber } from '../../domain/contract-format';
import { contractStatusLabel } from '../../domain/contract-status';

/** How many requests the list shows, newest first. */
export const LIST_LIMIT = 30;

/**
 * The approved requests of every unit the actor files for (all units for a zone-wide filer), and
 * those the actor filed, each with its procurement and contract (and the contract's status on
 * `today`) if any.
 */
export async function approvedRequestsFor(
  db: DbOrTx,
  actor: Actor,
  today: string,
): Promise<ApprovedRequestRow[]> {
  const filerGrants = actor.grants.filter((g) => g.role === 'filer');
  const zoneWide = filerGrants.some((g) => g.unitId === null);
  const unitIds = filerGrants.flatMap((g) => (g.unitId === null ? [] : [g.unitId]));
  const scope: SQL | undefined = zoneWide
    ? undefined
    : or(
        eq(purchaseRequests.filerId, actor.personId),
        unitIds.length ? inArray(purchaseRequests.unitId, unitIds) : undefined,
      );
  const rows = await db
    .select({
      r: purchaseRequests,
      unit: units.name,
      procurementId: procurements.id,
      vendor: vendors.name,
      contractId: contracts.id,
      signedOn: contracts.signedOn,
      term: {
        status: contracts.status,
        startsOn: contracts.startsOn,
        endsOn: contracts.endsOn,
        endedOn: contracts.endedOn,
      },
    })
    .from(purchaseRequests)
    .innerJoin(units, eq(units.id, purchaseRequests.unitId))
    .leftJoin(procurements, eq(procurements.requestId, purchaseRequests.id))
    .leftJoin(vendors, eq(vendors.id, procurements.vendorId))
    .leftJoin(contracts, eq(contracts.procurementId, procurements.id))
    .where(and(eq(purchaseRequests.status, 'approved'), scope))
    .orderBy(desc(purchaseRequests.id), asc(contracts.id))
    .limit(LIST_LIMIT);
  return rows.map((x) => ({
    id: x.r.id,
    unit: x.unit,
    category: x.r.category,
    description: x.r.description,
    amountFen: x.r.amountFen,
    mayRecord: zoneWide || unitIds.includes(x.r.unitId),
    state:
      x.procurementId === null
        ? { kind: 'none' }
        : x.contractId === null
          ? { kind: 'recorded', procurementId: x.procurementId, vendor: x.vendor ?? '' }
          : {
              kind: 'contract',
              procurementId: x.procurementId,
              vendor: x.vendor ?? '',
              contractId: x.contractId,
              contractNo: contractNumber({ id: x.contractId, signedOn: x.signedOn! }),
              status: x.term ? contractStatusLabel(x.term, today) : '',
            },
  }));
}
