import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { type ActorRow, actorColumns, actorJoins, type PersonWithGrants, toActor } from './grants';

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
    select exists (select 1 from claimed) as fresh, ${actorColumns}
    from (select 1) as one ${actorJoins(e.openId)}
    order by g.id`)) as unknown as (ActorRow & { fresh: boolean })[];
  return { fresh: rows[0]!.fresh, actor: toActor(rows) };
}
