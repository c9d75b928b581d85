import type { Sql } from '../client';

/**
 * A live delegation whose delegator may decide the stage by one of their own grants (`unitId` is that
 * grant's scope, null for zone-wide). Whether the clicker is its delegate, today is in its range and
 * nobody is conflicted is decided by the caller (features/delegation/acting.ts).
 */
export type StageDelegation = {
  delegationId: number;
  delegatorId: number;
  delegatorName: string;
  delegatorOpenId: string;
  delegateId: number;
  /** Business dates (Asia/Shanghai), both included. */
  fromDate: string;
  toDate: string;
  unitId: number | null;
};

/**
 * The delegations that could let someone decide a stage on another's behalf: not revoked, not ended
 * before the stage opened (so ended ones stay out of the read without asking any clock), whose
 * delegator still holds a live grant of the stage's role covering the request (a zone committee stage
 * needs a zone-wide grant, as `decideStage` asks of anyone). Issued when called: the decision sends
 * it in the same write as its other reads, after the stage lock.
 */
export function stageDelegationsOn(sql: Sql, stageId: number): Promise<StageDelegation[]> {
  return sql<StageDelegation[]>`
    select d.id::int as "delegationId", d.delegator_id::int as "delegatorId",
      p.name as "delegatorName", p.open_id as "delegatorOpenId", d.delegate_id::int as "delegateId",
      d.from_date::text as "fromDate", d.to_date::text as "toDate", g.unit_id::int as "unitId"
    from approval_stages s
      join purchase_requests r on r.id = s.request_id
      join delegations d on d.revoked_at is null and d.to_date >= s.opened_on::date
      join role_grants g on g.person_id = d.delegator_id and g.revoked_at is null and g.role = s.kind
        and (g.unit_id is null or (s.kind = 'unit_leadership' and g.unit_id = r.unit_id))
      join people p on p.id = d.delegator_id
    where s.id = ${stageId}
    order by d.id, g.unit_id nulls last`.then((rows) => [...rows]);
}

/** Records on whose behalf a stage was decided. Issued when called, with the decision's writes. */
export function recordDelegatedDecisionOn(
  sql: Sql,
  stageId: number,
  delegationId: number,
  onBehalfOf: number,
) {
  return sql`
    insert into delegated_decisions (stage_id, delegation_id, on_behalf_of)
    values (${stageId}, ${delegationId}, ${onBehalfOf})`.execute();
}
