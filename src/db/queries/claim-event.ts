import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import type { Role } from '../schema';
import type { PersonWithGrants } from './grants';

type Row = {
  fresh: boolean;
  person_id: number | null;
  open_id: string | null;
  name: string | null;
  unit_id: number | null;
  grant_id: number | null;
  role: Role | null;
  grant_unit_id: number | null;
  unit_name: string | null;
};

/**
 * Records an event id (false if it was already recorded) and loads the person behind it with their
 * live grants, in one statement: the hot path of every click pays one round trip for both.
 */
export async function claimEvent(
  db: DbOrTx,
  e: { eventId: string; eventType: string; openId: string },
): Promise<{ fresh: boolean; actor: PersonWithGrants | undefined }> {
  const rows = (await db.execute(sql`
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
    order by g.id`)) as unknown as Row[];
  const first = rows[0]!;
  if (first.person_id === null) return { fresh: first.fresh, actor: undefined };
  const grants = rows
    .filter((r) => r.grant_id !== null)
    .map((r) => ({ id: r.grant_id!, role: r.role!, unitId: r.grant_unit_id, scope: r.unit_name ?? '全区' }));
  return {
    fresh: first.fresh,
    actor: {
      personId: first.person_id,
      openId: first.open_id!,
      name: first.name!,
      unitId: first.unit_id,
      grants,
    },
  };
}
