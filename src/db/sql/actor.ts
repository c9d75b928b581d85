import type { Actor } from '../../domain/actor';
import type { Role } from '../../domain/roles';
import { type DbOrTx, rawSql, type Sql } from '../client';

/** One row per live grant of the person (or one row of nulls): what `toActor` folds. */
type ActorRow = {
  person_id: number | null;
  open_id: string | null;
  name: string | null;
  unit_id: number | null;
  grant_id: number | null;
  role: Role | null;
  grant_unit_id: number | null;
  unit_name: string | null;
  seen: boolean | null;
};

/** The person by open_id with their live grants, from a one-row `one` so a stranger still gives a row. */
const actorFrom = (sql: Sql, openId: string) => sql`
  p.id::int as person_id, p.open_id, p.name, p.unit_id::int as unit_id, p.seen_at is not null as seen,
  g.id::int as grant_id, g.role, g.unit_id::int as grant_unit_id, u.name as unit_name
  from (select 1) as one
    left join people p on p.open_id = ${openId}
    left join role_grants g on g.person_id = p.id and g.revoked_at is null
    left join units u on u.id = g.unit_id
  order by g.id`;

function toActor(rows: readonly ActorRow[]): Actor | undefined {
  const first = rows[0];
  if (!first || first.person_id === null) return undefined;
  const grants = rows
    .filter((r) => r.grant_id !== null)
    .map((r) => ({ id: r.grant_id!, role: r.role!, unitId: r.grant_unit_id, scope: r.unit_name ?? '全区' }));
  return {
    personId: first.person_id,
    openId: first.open_id!,
    name: first.name!,
    unitId: first.unit_id,
    grants,
  };
}

/** A person and their live grants in one round trip; undefined for an open_id the org does not know. */
export async function actorByOpenId(db: DbOrTx, openId: string): Promise<Actor | undefined> {
  const sql = rawSql(db);
  return toActor(await sql<ActorRow[]>`select ${actorFrom(sql, openId)}`);
}

export type Claim = { eventId: string; eventType: string; openId: string };
/** `unseen`: the person is known but no event of theirs reached the bot before (people.seen_at). */
export type ClaimResult = { fresh: boolean; actor: Actor | undefined; unseen: boolean };

/**
 * Records an event id (fresh = false if it was already recorded) and loads the person behind it with
 * their live grants, in one statement on a postgres.js `sql` (so a caller can pipeline it with
 * others): the hot path of every click pays one round trip for both.
 */
export async function claimEventOn(sql: Sql, e: Claim): Promise<ClaimResult> {
  const rows = await sql<(ActorRow & { fresh: boolean })[]>`
    with claimed as (
      insert into processed_events (event_id, event_type) values (${e.eventId}, ${e.eventType})
      on conflict do nothing returning 1
    )
    select exists (select 1 from claimed) as fresh, ${actorFrom(sql, e.openId)}`;
  return { fresh: rows[0]!.fresh, actor: toActor(rows), unseen: rows[0]!.seen === false };
}

/**
 * Marks a person seen: an event came from their open_id, so the id is this app's and may be
 * @mentioned. Once per person; the claim tells the caller when it is needed.
 */
export async function markSeen(db: DbOrTx, personId: number): Promise<void> {
  const sql = rawSql(db);
  await sql`update people set seen_at = now() where id = ${personId} and seen_at is null`;
}

/** `claimEventOn` over a drizzle handle (the pool, for clicks that only read). */
export function claimEvent(db: DbOrTx, e: Claim): Promise<ClaimResult> {
  return claimEventOn(rawSql(db), e);
}
