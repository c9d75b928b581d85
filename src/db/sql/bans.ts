/** The year-end's statements (rule 10): contracts by batch, their year's scores, the bans, who is told. */
import type { ServiceCategory } from '../../domain/categories';
import type { ContractClauseValues } from '../../domain/contract';
import type { MonthlyScore } from '../../domain/threshold';
import type { Sql } from '../client';

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

/** The contracts of one batch: id above `after`, term overlapping `year`, in id order. */
export function batchContractsOn(sql: Sql, year: number, after: number, size: number) {
  return sql<BatchContract[]>`
    select c.id::int as "id", c.unit_id::int as "unitId", c.vendor_id::int as "vendorId", c.category,
      c.starts_on as "startsOn", c.ends_on as "endsOn", c.signed_on as "signedOn", c.clauses,
      u.name as "unitName", v.name as "vendorName"
    from contracts c
    join units u on u.id = c.unit_id
    join vendors v on v.id = c.vendor_id
    where c.id > ${after} and c.starts_on <= ${`${year}-12-31`} and c.ends_on >= ${`${year}-01-01`}
    order by c.id
    limit ${size}`;
}

/** The current scores of the batch's contracts for the months of `year`, in one query. */
export async function yearScoresOn(sql: Sql, ids: number[], year: number) {
  const rows = await sql<{ contractId: number; month: string; finalTenths: number }[]>`
    select contract_id::int as "contractId", month, final_tenths as "finalTenths"
    from monthly_scores
    where current and contract_id = any(${ids}::bigint[]) and month between ${`${year}-01`} and ${`${year}-12`}`;
  const byContract = new Map<number, MonthlyScore[]>();
  for (const r of rows) {
    const list = byContract.get(r.contractId) ?? [];
    list.push({ month: r.month, finalTenths: r.finalTenths });
    byContract.set(r.contractId, list);
  }
  return byContract;
}

/** Records the bans (unnest: one statement); returns the ones that were new. */
export async function insertBansOn(
  sql: Sql,
  bans: { contract: BatchContract; year: number; reason: string }[],
  createdBy: string,
) {
  if (bans.length === 0) return [];
  const inserted = await sql<{ id: string; contractId: number }[]>`
    insert into vendor_bans (vendor_id, unit_id, category, year, reason, contract_id, created_by)
    select * from unnest(
      ${bans.map((b) => b.contract.vendorId)}::bigint[], ${bans.map((b) => b.contract.unitId)}::bigint[],
      ${bans.map((b) => b.contract.category)}::text[], ${bans.map((b) => b.year)}::int[],
      ${bans.map((b) => b.reason)}::text[], ${bans.map((b) => b.contract.id)}::bigint[],
      ${bans.map(() => createdBy)}::text[])
    on conflict (vendor_id, unit_id, category, year) do nothing
    returning id, contract_id::int as "contractId"`;
  const byContract = new Map(bans.map((b) => [b.contract.id, b]));
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
