import { asc, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { ApprovedRequestRow } from '../../cards/procurement';
import type { DbOrTx } from '../../db/client';
import { contracts, procurements, purchaseRequests, units } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { contractNumber } from '../../domain/contract-format';
import { contractStatusLabel } from '../../domain/contract-status';
import { DomainError } from '../../domain/errors';
import { type Cursor, LIST_PAGE_SIZE } from '../../domain/list-page';
import { type Progress, type RequestFilter, UNIT_OPTIONS_MAX } from '../../domain/request-list-filter';
import { pageOfRequests, type RequestListRow } from '../purchase/request-page';

/** Who files for what: every unit (a zone-wide filer), or the units of the actor's filer grants. */
function filerScope(actor: Actor) {
  const filerGrants = actor.grants.filter((g) => g.role === 'filer');
  const zoneWide = filerGrants.some((g) => g.unitId === null);
  const unitIds = filerGrants.flatMap((g) => (g.unitId === null ? [] : [g.unitId]));
  return { zoneWide, unitIds };
}

/** A request's progress as SQL (domain/request-list-filter PROGRESS). */
function progressSql(p: Progress | undefined): SQL | undefined {
  if (p === 'to_procure') return sql`${procurements.id} is null`;
  if (p === 'to_sign') return sql`${procurements.id} is not null and ${contracts.id} is null`;
  if (p === 'signed') return sql`${contracts.id} is not null`;
  return undefined;
}

function approvedRow(x: RequestListRow, mayRecord: boolean, today: string): ApprovedRequestRow {
  return {
    id: x.r.id,
    unit: x.unit,
    category: x.r.category,
    description: x.r.description,
    amountFen: x.r.amountFen,
    mayRecord,
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
  };
}

/**
 * 采购与合同, one page: the approved requests of every unit the actor files for (all units for a
 * zone-wide filer) and those the actor filed, newest first, narrowed by `filter` (progress, filing
 * year, unit, search), from `cursor`. The scope is the clicker's, on every page. A unit the actor
 * does not file for is refused (the select offers only those).
 */
export async function procurementPage(
  db: DbOrTx,
  actor: Actor,
  list: { today: string; filter: RequestFilter<Progress>; cursor: Cursor; size?: number },
) {
  const { today, filter, cursor, size = LIST_PAGE_SIZE } = list;
  const { zoneWide, unitIds } = filerScope(actor);
  if (filter.unit !== undefined && !zoneWide && !unitIds.includes(filter.unit))
    throw new DomainError('not_allowed', '所选单位不在您的经办范围内,请重新选择');
  const scope = zoneWide
    ? undefined
    : or(
        eq(purchaseRequests.filerId, actor.personId),
        unitIds.length ? inArray(purchaseRequests.unitId, unitIds) : undefined,
      );
  const base = [eq(purchaseRequests.status, 'approved'), ...(scope ? [scope] : [])];
  const [page, options] = await Promise.all([
    pageOfRequests(db, { base, status: progressSql(filter.status), filter, cursor, size }),
    db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(zoneWide ? undefined : inArray(units.id, unitIds.length ? unitIds : [0]))
      // The unit chosen is always among the options, so the select shows it.
      .orderBy(desc(sql`${units.id} = ${filter.unit ?? 0}`), asc(units.id))
      .limit(UNIT_OPTIONS_MAX),
  ]);
  return {
    ...page,
    rows: page.rows.map((x) => approvedRow(x, zoneWide || unitIds.includes(x.r.unitId), today)),
    units: options,
  };
}
