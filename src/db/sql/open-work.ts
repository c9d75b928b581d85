import type { OpenWorkItem } from '../../domain/directory';
import { type DbOrTx, rawSql } from '../client';

/**
 * What a person still holds (a person leaving must hand it on, never drop it): pending approval
 * stages their live grants let them decide (unit leadership of the request's unit or zone-wide, the
 * zone committee), active contracts they assess, rectification items they own that are not closed,
 * delegations not revoked and not ended before `today`, and their live role grants. Ordered by kind
 * and id, so the card lists the same work the same way.
 */
export async function openWorkOf(db: DbOrTx, personId: number, today: string): Promise<OpenWorkItem[]> {
  const sql = rawSql(db);
  const [stages, assessing, items, delegated, roles] = await Promise.all([
    sql<{ stage_id: number; request_id: number; title: string; kind: string }[]>`
      select s.id::int as stage_id, r.id::int as request_id, r.description as title, s.kind
      from approval_stages s join purchase_requests r on r.id = s.request_id
      where s.status = 'pending' and exists (
        select 1 from role_grants g
        where g.person_id = ${personId} and g.revoked_at is null and g.role = s.kind
          and (g.unit_id is null or (s.kind = 'unit_leadership' and g.unit_id = r.unit_id)))
      order by s.id`,
    sql<{ contract_id: number; signed_on: string; vendor: string }[]>`
      select c.id::int as contract_id, c.signed_on, v.name as vendor
      from contract_assessors a join contracts c on c.id = a.contract_id
        join vendors v on v.id = c.vendor_id
      where a.person_id = ${personId} and c.status in ('active', 'terminating')
      order by c.id`,
    sql<{ item_id: number; contract_id: number; signed_on: string; finding: string; due_on: string }[]>`
      select i.id::int as item_id, i.contract_id::int as contract_id, c.signed_on, i.finding, i.due_on
      from rectification_items i join contracts c on c.id = i.contract_id
      where i.owner_id = ${personId} and i.status <> 'closed'
      order by i.id`,
    sql<{ id: number; other: string; as_delegator: boolean; to_date: string }[]>`
      select d.id::int as id, p.name as other, d.delegator_id = ${personId} as as_delegator,
        d.to_date::text as to_date
      from delegations d
        join people p on p.id = case when d.delegator_id = ${personId} then d.delegate_id else d.delegator_id end
      where (d.delegator_id = ${personId} or d.delegate_id = ${personId})
        and d.revoked_at is null and d.to_date >= ${today}::date
      order by d.id`,
    sql<{ role: string; scope: string }[]>`
      select g.role, coalesce(u.name, '全区') as scope
      from role_grants g left join units u on u.id = g.unit_id
      where g.person_id = ${personId} and g.revoked_at is null
      order by g.id`,
  ]);
  return [
    ...stages.map((s) => ({
      kind: 'stage' as const,
      stageId: s.stage_id,
      requestId: s.request_id,
      title: s.title,
      stageKind: s.kind,
    })),
    ...assessing.map((c) => ({
      kind: 'assessor' as const,
      contractId: c.contract_id,
      signedOn: c.signed_on,
      vendorName: c.vendor,
    })),
    ...items.map((i) => ({
      kind: 'rectification' as const,
      itemId: i.item_id,
      contractId: i.contract_id,
      signedOn: i.signed_on,
      title: i.finding,
      dueOn: i.due_on,
    })),
    ...delegated.map((d) => ({
      kind: 'delegation' as const,
      delegationId: d.id,
      other: d.other,
      asDelegator: d.as_delegator,
      toDate: d.to_date,
    })),
    ...roles.map((r) => ({ kind: 'role' as const, role: r.role, scope: r.scope })),
  ];
}

/** The open_ids of the admins of a unit: admin grants of the unit or zone-wide, people still here. */
export async function unitAdminsOf(
  db: DbOrTx,
  unitId: number | null,
  except: number,
): Promise<{ personId: number; openId: string }[]> {
  const sql = rawSql(db);
  return sql<{ personId: number; openId: string }[]>`
    select distinct p.id::int as "personId", p.open_id as "openId"
    from role_grants g join people p on p.id = g.person_id
    where g.role = 'admin' and g.revoked_at is null and p.left_at is null and p.id <> ${except}
      and (g.unit_id is null or g.unit_id = ${unitId})
    order by 1`;
}
