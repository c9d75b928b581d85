import { type DbOrTx, rawSql, type Sql } from '../client';
import { type ActorRow, type PersonWithGrants, toActor } from './actor';

export type Claim = { eventId: string; eventType: string; openId: string };
export type ClaimResult = { fresh: boolean; actor: PersonWithGrants | undefined };

/**
 * The claim as a statement on a postgres.js `sql` (so a caller can pipeline it with others): records
 * the event id (fresh = false if it was already recorded) and loads the person behind it with their
 * live grants. The columns are those of `actorColumns`/`actorJoins` in `./grants`.
 */
export async function claimEventOn(sql: Sql, e: Claim): Promise<ClaimResult> {
  const rows = await sql<(ActorRow & { fresh: boolean })[]>`
    with claimed as (
      insert into processed_events (event_id, event_type) values (${e.eventId}, ${e.eventType})
      on conflict do nothing returning 1
    )
    select exists (select 1 from claimed) as fresh,
      p.id::int as person_id, p.open_id, p.name, p.unit_id::int as unit_id,
      g.id::int as grant_id, g.role, g.unit_id::int as grant_unit_id, u.name as unit_name
    from (select 1) as one
      left join people p on p.open_id = ${e.openId}
      left join role_grants g on g.person_id = p.id and g.revoked_at is null
      left join units u on u.id = g.unit_id
    order by g.id`;
  return { fresh: rows[0]!.fresh, actor: toActor(rows) };
}

/**
 * Records an event id (false if it was already recorded) and loads the person behind it with their
 * live grants, in one statement: the hot path of every click pays one round trip for both.
 */
export function claimEvent(db: DbOrTx, e: Claim): Promise<ClaimResult> {
  return claimEventOn(rawSql(db), e);
}
