/** The year-end's statements (rule 10): contracts by batch, their year's scores, the bans, who is told. */
import type { ServiceCategory } from '../../domain/categories';
import type { ContractClauseValues } from '../../domain/contract';
import type { MonthlyScore } from '../../domain/threshold';
import type { Sql } from '../client';
import { advisoryXactLock } from './locks';
import { standingCheckerScores } from './spot-checks';

/** A contract of a year-end batch, with the names its ban notice uses. */
export type BatchContract = {
  id: number;
  unitId: number;
  vendorId: number;
  category: ServiceCategory;
  startsOn: string;
  endsOn: string;
  signedOn: string;
  clauses: ContractClauseValues;
  unitName: string;
  vendorName: string;
};

const overlaps = (sql: Sql, alias: string, year: number) =>
  sql`${sql(alias)}.starts_on <= ${`${year}-12-31`} and ${sql(alias)}.ends_on >= ${`${year}-01-01`}`;

/** Contracts with their unit's and vendor's names, as BatchContract: the head of the queries below. */
const contractsWithNames = (sql: Sql) => sql`
  select c.id::int as "id", c.unit_id::int as "unitId", c.vendor_id::int as "vendorId", c.category,
    c.starts_on as "startsOn", c.ends_on as "endsOn", c.signed_on as "signedOn", c.clauses,
    u.name as "unitName", v.name as "vendorName"
  from contracts c
  join units u on u.id = c.unit_id
  join vendors v on v.id = c.vendor_id`;

/**
 * The projects of one batch, each as its first contract overlapping `year` (the lowest id of the
 * vendor's contracts of the unit and category in the year): id above `after`, in id order.
 */
export function batchContractsOn(sql: Sql, year: number, after: number, size: number) {
  return sql<BatchContract[]>`
    ${contractsWithNames(sql)}
    where c.id > ${after} and ${overlaps(sql, 'c', year)}
      and not exists (
        select 1 from contracts o
        where o.vendor_id = c.vendor_id and o.unit_id = c.unit_id and o.category = c.category
          and o.id < c.id and ${overlaps(sql, 'o', year)})
    order by c.id
    limit ${size}`;
}

/**
 * Every contract overlapping `year` of the projects (vendor, unit, category) of the given contracts:
 * what a project's ban for `year + 1` is judged on. In id order.
 */
export function projectContractsOn(sql: Sql, contractIds: number[], year: number) {
  return sql<BatchContract[]>`
    ${contractsWithNames(sql)}
    where (c.vendor_id, c.unit_id, c.category) in (
        select vendor_id, unit_id, category from contracts where id = any(${contractIds}::bigint[]))
      and ${overlaps(sql, 'c', year)}
    order by c.id`;
}

/** A project's key: the vendor, the unit and the service category. */
export const projectKey = (c: Pick<BatchContract, 'vendorId' | 'unitId' | 'category'>) =>
  `${c.vendorId}/${c.unitId}/${c.category}`;

/** The current scores of the batch's contracts for the months of `year` as they count (spot checks' funding rule), in one query. */
export async function yearScoresOn(sql: Sql, ids: number[], year: number) {
  const rows = await sql<{ contractId: number; month: string; finalTenths: number }[]>`
    select s.contract_id::int as "contractId", s.month, coalesce(st.checker_final_tenths, s.final_tenths) as "finalTenths"
    from monthly_scores s
      left join ${standingCheckerScores(sql, ids)} st on st.contract_id = s.contract_id and st.month = s.month
    where s.current and s.contract_id = any(${ids}::bigint[]) and s.month between ${`${year}-01`} and ${`${year}-12`}`;
  const byContract = new Map<number, MonthlyScore[]>();
  for (const r of rows) {
    const list = byContract.get(r.contractId) ?? [];
    list.push({ month: r.month, finalTenths: r.finalTenths });
    byContract.set(r.contractId, list);
  }
  return byContract;
}

/**
 * Records the bans (unnest: one statement); returns the ones that were new. A lifted ban on the same
 * key is ignored as a ban: it is re-added (its lift cleared) and counts as new.
 */
export async function insertBansOn<B extends { contract: BatchContract; year: number; reason: string }>(
  sql: Sql,
  bans: B[],
  createdBy: string,
) {
  if (bans.length === 0) return [];
  // One row per key: an upsert may not touch the same row twice in one statement.
  const seen = new Set<string>();
  const rows = bans.filter((b) => {
    const k = `${projectKey(b.contract)}/${b.year}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const inserted = await sql<{ id: string; contractId: number }[]>`
    insert into vendor_bans (vendor_id, unit_id, category, year, reason, contract_id, created_by)
    select * from unnest(
      ${rows.map((b) => b.contract.vendorId)}::bigint[], ${rows.map((b) => b.contract.unitId)}::bigint[],
      ${rows.map((b) => b.contract.category)}::text[], ${rows.map((b) => b.year)}::int[],
      ${rows.map((b) => b.reason)}::text[], ${rows.map((b) => b.contract.id)}::bigint[],
      ${rows.map(() => createdBy)}::text[])
    on conflict (vendor_id, unit_id, category, year) do update
      set lifted_at = null, lifted_reason = null, reason = excluded.reason, contract_id = excluded.contract_id
      where vendor_bans.lifted_at is not null
    returning id, contract_id::int as "contractId"`;
  const byContract = new Map(rows.map((b) => [b.contract.id, b]));
  return inserted.map((r) => ({ banId: Number(r.id), ...byContract.get(r.contractId)! }));
}

/** The live unit-scoped unit leadership of the given units, by unit. */
export async function unitLeadershipOn(sql: Sql, unitIds: number[]) {
  const rows = await sql<{ unitId: number; openId: string }[]>`
    select distinct g.unit_id::int as "unitId", p.open_id as "openId"
    from role_grants g join people p on p.id = g.person_id
    where g.role = 'unit_leadership' and g.revoked_at is null and g.unit_id = any(${unitIds}::bigint[])
    order by 1, 2`;
  const byUnit = new Map<number, string[]>();
  for (const r of rows) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r.openId]);
  return byUnit;
}

/** One contract with the names its ban notice uses (the re-judgement after a score). */
export async function banContractOn(sql: Sql, contractId: number): Promise<BatchContract | undefined> {
  const [row] = await sql<BatchContract[]>`
    ${contractsWithNames(sql)}
    where c.id = ${contractId}`;
  return row;
}

/**
 * The ban on the contract's vendor, project and `year`, row-locked, lifted or not. Found through
 * the contract, so it can be sent together with the contract's read (one round trip).
 */
export async function banForUpdateOn(sql: Sql, contractId: number, year: number) {
  const [row] = await sql<{ id: number; contractId: number | null; lifted: boolean; reason: string }[]>`
    select b.id::int, b.contract_id::int as "contractId", b.lifted_at is not null as lifted, b.reason
    from vendor_bans b join contracts c
      on b.vendor_id = c.vendor_id and b.unit_id = c.unit_id and b.category = c.category
    where c.id = ${contractId} and b.year = ${year}
    for update of b`;
  return row;
}

/**
 * A project's ban of `year` under the project's lock: the advisory lock (kind `ban`) and the ban row,
 * row-locked, issued in that order when called, so a caller can issue more reads behind them.
 */
export function lockedBanOn(
  sql: Sql,
  c: Pick<BatchContract, 'id' | 'vendorId' | 'unitId' | 'category'>,
  year: number,
) {
  return Promise.all([
    advisoryXactLock(sql, {
      kind: 'ban',
      vendorId: c.vendorId,
      unitId: c.unitId,
      category: c.category,
      year,
    }),
    banForUpdateOn(sql, c.id, year),
  ]).then(([, ban]) => ban);
}

/** Records the ban, or re-adds a lifted one (clearing its lift); returns its id when it changed. */
export async function addBanOn(sql: Sql, c: BatchContract, year: number, reason: string, by: string) {
  const [row] = await sql<{ id: number }[]>`
    insert into vendor_bans (vendor_id, unit_id, category, year, reason, contract_id, created_by)
    values (${c.vendorId}, ${c.unitId}, ${c.category}, ${year}, ${reason}, ${c.id}, ${by})
    on conflict (vendor_id, unit_id, category, year) do update
      set lifted_at = null, lifted_reason = null, reason = excluded.reason, contract_id = excluded.contract_id
      where vendor_bans.lifted_at is not null
    returning id::int`;
  return row?.id;
}

/** Lifts a live ban; returns whether it was live. `at`: an ISO instant. */
export async function liftBanOn(sql: Sql, banId: number, reason: string, at: string) {
  const rows = await sql`
    update vendor_bans set lifted_at = ${at}::timestamptz, lifted_reason = ${reason}
    where id = ${banId} and lifted_at is null returning id`;
  return rows.length > 0;
}

/** A procurement awarded in the banned year to the banned vendor for that project. */
export type BannedYearProcurement = {
  id: number;
  requestId: number;
  referenceNo: string;
  awardDate: string;
  awardedFen: string;
};

/**
 * Flags, once each (primary key (ban_id, procurement_id)), the procurements already recorded with
 * the vendor for the project with an award date in the banned `year`; returns the fresh ones. The
 * procurements of `judged` (the contracts the ban was decided on) are what the ban judges, not
 * purchases after it, and are left out.
 */
export async function flagProcurementsOn(
  sql: Sql,
  banId: number,
  c: Pick<BatchContract, 'vendorId' | 'unitId' | 'category'>,
  judged: number[],
  year: number,
  at: string,
) {
  return sql<BannedYearProcurement[]>`
    with hit as (
      select p.id, p.request_id, p.reference_no, p.award_date, p.awarded_fen
      from procurements p join purchase_requests r on r.id = p.request_id
      where p.vendor_id = ${c.vendorId} and r.unit_id = ${c.unitId} and r.category = ${c.category}
        and p.award_date between ${`${year}-01-01`} and ${`${year}-12-31`}
        and p.request_id not in (select request_id from contracts where id = any(${judged}::bigint[]))
    ), flagged as (
      insert into ban_flags (ban_id, procurement_id, flagged_at)
      select ${banId}, id, ${at}::timestamptz from hit
      on conflict do nothing
      returning procurement_id
    )
    select hit.id::int, hit.request_id::int as "requestId", hit.reference_no as "referenceNo",
      hit.award_date as "awardDate",
      hit.awarded_fen::text as "awardedFen"
    from hit join flagged on flagged.procurement_id = hit.id
    order by hit.id`;
}

/** Discipline inspectors who cover the unit (zone-wide or the unit's own). */
export async function disciplineOn(sql: Sql, unitId: number) {
  const rows = await sql<{ openId: string }[]>`
    select distinct p.open_id as "openId"
    from role_grants g join people p on p.id = g.person_id
    where g.role = 'discipline' and g.revoked_at is null and (g.unit_id is null or g.unit_id = ${unitId})
    order by 1`;
  return rows.map((r) => r.openId);
}

/** Whether the year-end job has started judging `year`: its run is audited on chain ('year_end', year). */
export async function yearEndRanOn(sql: Sql, year: number) {
  const [row] = await sql<{ ran: boolean }[]>`
    select exists(select 1 from audit_log where aggregate_type = 'year_end' and aggregate_id = ${String(year)}) as ran`;
  return row!.ran;
}

/**
 * The ended years (before `currentYear`) the year end has not finished judging: every year from the
 * earliest contract's start, less those whose run recorded 'year_end.finished' on chain
 * ('year_end', year). A run that never happened and one that died mid-way both come back.
 */
export async function unjudgedYearsOn(sql: Sql, currentYear: number): Promise<number[]> {
  const rows = await sql<{ year: number }[]>`
    select y::int as year
    from generate_series((select left(min(starts_on), 4)::int from contracts), ${currentYear - 1}::int) y
    where not exists (
      select 1 from audit_log
      where aggregate_type = 'year_end' and aggregate_id = y::text and action = 'year_end.finished')
    order by 1`;
  return rows.map((r) => r.year);
}
