/**
 * A contract's standing now, worst first, in one statement over the unit's (or the zone's) contracts:
 *
 * - 禁投 banned: a bidding ban (rule 10) of this year or later, not lifted, that this contract caused
 *   or that covers its project (same vendor, unit and service category);
 * - 可清退 termination: a termination case (rule 8) pending with the leader or started;
 * - 预警 warned: an early warning (rule 9, `threshold_notices`) still current: this year's average
 *   warning (`average:<year>`), any cumulative one (`cumulative:<n>`: the count runs over the whole
 *   term), or a run of low months (`below:<month>`) ending in the last three months, since after that
 *   the next month has been scored and either made the right or broken the run;
 * - 正常 fine: none of these.
 *
 * Only running contracts are counted: those 履行中 on `asOf` by their dates
 * ({@link contractStatusOf}: started, not past their term, not terminated from an earlier or equal
 * date). A contract whose termination has started but whose termination date is still ahead runs.
 * A kept vendor's case (the leader decided not to terminate) no longer counts as a right. Every
 * contract of the scope is also counted by its status, so the card can say how many are not running.
 */

import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import { noCounts } from '../../cards/charts/standing-data';
import type { UnitStanding } from '../../cards/standing';
import type { DbOrTx } from '../../db/client';
import { contracts, units } from '../../db/schema';
import { yearOf } from '../../domain/business-date';
import { contractStatusOf, noStatusCounts } from '../../domain/contract-status';
import { addMonths, monthOfDate } from '../../domain/months';
import type { Standing } from '../../domain/standing';

/**
 * The standing of the `contracts` row in scope as of `asOf`, worst first (see above), as SQL: the
 * standing card counts by it and the contract lists filter by it, so a count opens exactly the
 * contracts behind it. It says nothing of whether the contract runs; callers add that.
 */
export function standingSql(asOf: string): SQL<Standing> {
  const year = yearOf(asOf);
  const since = addMonths(monthOfDate(asOf), -2);
  return sql<Standing>`(case
    when exists (select 1 from vendor_bans b where b.lifted_at is null and b.year >= ${year}
      and (b.contract_id = ${contracts.id}
        or (b.vendor_id = ${contracts.vendorId} and b.unit_id = ${contracts.unitId} and b.category = ${contracts.category})))
      then 'banned'
    when exists (select 1 from termination_cases t
      where t.contract_id = ${contracts.id} and t.status in ('pending', 'started'))
      then 'termination'
    when exists (select 1 from threshold_notices n where n.contract_id = ${contracts.id}
      and (n.key = ${`average:${year}`} or n.key like 'cumulative:%'
        or (n.key like 'below:%' and substr(n.key, 7) >= ${since})))
      then 'warned'
    else 'fine'
  end)`;
}

/**
 * Counts by unit and standing as of `asOf` (`YYYY-MM-DD`, a business date). `unitIds` limits it to
 * those units; undefined means the whole zone. Every unit asked for is in the answer, with zeros
 * when it has no running contract.
 */
export async function standingByUnit(
  db: DbOrTx,
  asOf: string,
  unitIds?: readonly number[],
): Promise<UnitStanding[]> {
  const rows = await db
    .select({
      unitId: units.id,
      unitName: units.name,
      standing: sql<Standing | null>`case when ${contracts.id} is null then null else ${standingSql(asOf)} end`,
      startsOn: contracts.startsOn,
      endsOn: contracts.endsOn,
      status: contracts.status,
      endedOn: contracts.endedOn,
    })
    .from(units)
    .leftJoin(contracts, eq(contracts.unitId, units.id))
    .where(unitIds ? inArray(units.id, [...unitIds]) : undefined)
    .orderBy(units.id);
  const byUnit = new Map<number, UnitStanding>();
  for (const r of rows) {
    const u = byUnit.get(r.unitId) ?? {
      unitId: r.unitId,
      unitName: r.unitName,
      counts: noCounts(),
      statuses: noStatusCounts(),
    };
    byUnit.set(r.unitId, u);
    if (!r.standing || !r.startsOn || !r.endsOn || !r.status) continue;
    const status = contractStatusOf(
      { status: r.status, startsOn: r.startsOn, endsOn: r.endsOn, endedOn: r.endedOn },
      asOf,
    );
    u.statuses![status] += 1;
    if (status === 'running') u.counts[r.standing] += 1;
  }
  return [...byUnit.values()];
}
