import type { Sql } from '../client';

/**
 * Deletes up to `limit` processed event ids recorded before `before`: one short transaction per
 * batch, so a large backlog never holds locks or bloats one statement. Returns how many went.
 */
export async function deleteProcessedEventsBatch(sql: Sql, before: Date, limit: number): Promise<number> {
  const r = await sql`
    delete from processed_events where event_id in (
      select event_id from processed_events where processed_at < ${before.toISOString()}::timestamptz limit ${limit}
    )`;
  return r.count;
}

/**
 * Deletes up to `limit` sent outbox rows sent before `before`, except rows a later message may
 * still act on: an approval card (a decision or withdrawal patches it for as long as the request
 * lives, and the chase urges on it), a termination decision card (a withdrawal patches it), and any
 * row an unsent reply, patch or urgent targets. Failed and pending rows are never deleted here.
 */
export async function deleteSentOutboxBatch(sql: Sql, before: Date, limit: number): Promise<number> {
  const r = await sql`
    delete from outbox where id in (
      select o.id from outbox o
      where o.status = 'sent' and o.sent_at < ${before.toISOString()}::timestamptz
        and not exists (select 1 from approval_cards a where a.outbox_id = o.id::text)
        and not exists (select 1 from approval_group_cards g where g.outbox_id = o.id::text)
        and not exists (select 1 from termination_cases c where c.card_outbox_id = o.id::text)
        and not exists (
          select 1 from outbox p where p.target_outbox_id = o.id and p.status <> 'sent'
        )
      limit ${limit}
    )`;
  return r.count;
}
