import { type DbOrTx, rawSql, type Sql } from '../client';
import type { OutboxKind } from '../schema';

/** Feishu's "scope missing" code: such urgents are summed up per scope, not listed one by one. */
const SCOPE_MISSING = 99991672;

/** One failed outbox row as the 发送失败 card shows it: what, to whom, when, why. */
export type FailedDelivery = {
  id: string;
  kind: OutboxKind;
  msgType: string | null;
  /** A card's title, or the start of a text message. */
  title: string | null;
  receiverType: 'person' | 'group' | 'unknown';
  /** The person's or the group's name, when the bot knows it. */
  receiverName: string | null;
  createdAt: Date;
  errorCode: number | null;
  lastError: string | null;
  throttled: number;
  /** A card refused as invalid: its hash, and the state of the text notice sent instead (null: none). */
  cardHash: string | null;
  noticeStatus: 'pending' | 'sent' | 'failed' | null;
};

/**
 * The failed rows of the last `days` that were not resent yet, newest first, at most `limit`, with
 * the number of all such rows. The window is on the database's clock, the one `created_at` is
 * written by. A reply, patch or urgent is named by the message it acts on. Urgents
 * refused for a missing scope are left out: `missingScopes` shows them once per scope.
 */
export async function failedDeliveries(
  db: DbOrTx,
  days: number,
  limit: number,
): Promise<{ rows: FailedDelivery[]; total: number }> {
  const sql = rawSql(db);
  const rows = await sql<(Omit<FailedDelivery, 'createdAt'> & { createdAt: string; total: number })[]>`
    with failed as (
      select o.*, count(*) over () as total from outbox o
      where o.status = 'failed' and o.created_at >= now() - make_interval(days => ${days})
        and not (o.kind = 'urgent' and o.error_code is not distinct from ${SCOPE_MISSING})
        and not exists (select 1 from outbox r where r.resend_of = o.id)
      order by o.created_at desc limit ${limit})
    select f.id, f.kind, coalesce(f.msg_type, t.msg_type) as "msgType",
      left(coalesce(c.content #>> '{header,title,content}', c.content ->> 'text'), 60) as title,
      case coalesce(f.receive_id_type, t.receive_id_type)
        when 'open_id' then 'person' when 'chat_id' then 'group' else 'unknown' end as "receiverType",
      case coalesce(f.receive_id_type, t.receive_id_type)
        when 'open_id' then (select p.name from people p where p.open_id = coalesce(f.receive_id, t.receive_id))
        when 'chat_id' then coalesce(
          (select ch.name from chats ch where ch.chat_id = coalesce(f.receive_id, t.receive_id)),
          (select u.name || '领导班子群' from group_bindings g join units u on u.id = g.unit_id
            where g.chat_id = coalesce(f.receive_id, t.receive_id) and g.kind = 'leadership'
            order by g.unbound_at desc nulls first limit 1))
      end as "receiverName",
      f.created_at as "createdAt", f.error_code as "errorCode", f.last_error as "lastError",
      f.throttled, f.card_hash as "cardHash",
      (select n.status from outbox n where n.fallback_of = f.id) as "noticeStatus", f.total::int as total
    from failed f
    left join outbox t on t.id = f.target_outbox_id
    cross join lateral (select coalesce(f.content, t.content) as content) c
    order by f.created_at desc`;
  return {
    rows: rows.map(({ total: _t, ...r }) => ({ ...r, createdAt: new Date(r.createdAt) })),
    total: rows[0]?.total ?? 0,
  };
}

/** What the resend click needs of a row: its state, the code that refused it, whether it was resent. */
export async function failedRowOn(
  sql: Sql,
  id: string,
): Promise<{ kind: OutboxKind; status: string; errorCode: number | null; resent: boolean } | undefined> {
  const [r] = await sql<{ kind: OutboxKind; status: string; errorCode: number | null; resent: boolean }[]>`
    select kind, status, error_code as "errorCode",
      exists (select 1 from outbox r where r.resend_of = o.id) as resent
    from outbox o where id = ${id}`;
  return r;
}

/**
 * A new pending copy of a failed row (a new id, so a new Feishu uuid), keyed by the failed row: a
 * second click, or a click retried by Feishu, inserts nothing (it waits on the unique index for the
 * first click's commit). Returns the new row's id, or undefined when it was already resent.
 */
export async function insertResendOn(sql: Sql, failedId: string): Promise<string | undefined> {
  const [r] = await sql<{ id: string }[]>`
    insert into outbox (kind, receive_id_type, receive_id, target_message_id, target_outbox_id,
      msg_type, content, urgent_user_ids, resend_of)
    select kind, receive_id_type, receive_id, target_message_id, target_outbox_id,
      msg_type, content, urgent_user_ids, id
    from outbox where id = ${failedId} and status = 'failed'
    on conflict (resend_of) do nothing
    returning id`;
  return r?.id;
}

/** Records a refusal for a missing scope; true the first time (since it was last cleared). */
export async function noteMissingScope(db: DbOrTx, scope: string, kind: OutboxKind): Promise<boolean> {
  const [r] = await rawSql(db)<{ inserted: boolean }[]>`
    insert into feishu_missing_scopes (scope, kind) values (${scope}, ${kind})
    on conflict (scope) do update
      set refusals = feishu_missing_scopes.refusals + 1, last_seen_at = now()
    returning (xmax = 0) as inserted`;
  return r?.inserted ?? false;
}

/** A call of `kind` succeeded: whatever scope such calls lacked is granted now. */
export async function clearMissingScopes(db: DbOrTx, kind: OutboxKind): Promise<void> {
  await rawSql(db)`delete from feishu_missing_scopes where kind = ${kind}`;
}

export type MissingScope = { scope: string; kind: OutboxKind; refusals: number; lastSeenAt: Date };

export async function missingScopes(db: DbOrTx): Promise<MissingScope[]> {
  const rows = await rawSql(db)<(Omit<MissingScope, 'lastSeenAt'> & { lastSeenAt: string })[]>`
    select scope, kind, refusals, last_seen_at as "lastSeenAt"
    from feishu_missing_scopes order by first_seen_at`;
  return rows.map((r) => ({ ...r, lastSeenAt: new Date(r.lastSeenAt) }));
}
