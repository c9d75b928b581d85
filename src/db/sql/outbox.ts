import { type DbOrTx, rawSql, type Sql } from '../client';
import type { outbox } from '../schema';
import { codec, instant, orNull, type WireOf } from './codec';

export type OutboxRow = typeof outbox.$inferSelect;
/** What a reply, patch or urgent row needs of the row whose message it acts on. */
export type TargetRow = Pick<OutboxRow, 'status' | 'messageId' | 'lastError'>;

const outboxRow = codec<OutboxRow>()({ createdAt: instant, sentAt: orNull(instant) });

/** The row with its target's state (if it targets another outbox row), in one statement. */
export async function getOutboxRowWithTarget(
  db: DbOrTx,
  id: string,
): Promise<{ row: OutboxRow; target: TargetRow | undefined } | undefined> {
  const [x] = await rawSql(db)<
    (WireOf<typeof outboxRow> & {
      tStatus: OutboxRow['status'] | null;
      tMessageId: string | null;
      tLastError: string | null;
      tFound: boolean;
    })[]
  >`
    select o.id, o.kind, o.receive_id_type as "receiveIdType", o.receive_id as "receiveId",
      o.target_message_id as "targetMessageId", o.target_outbox_id as "targetOutboxId",
      o.msg_type as "msgType", o.content, o.urgent_user_ids as "urgentUserIds", o.status, o.attempts,
      o.throttled, o.last_error as "lastError", o.error_code as "errorCode", o.resend_of as "resendOf",
      o.fallback_of as "fallbackOf", o.card_hash as "cardHash", o.message_id as "messageId",
      o.created_at as "createdAt", o.sent_at as "sentAt", t.id is not null as "tFound", t.status as "tStatus",
      t.message_id as "tMessageId", t.last_error as "tLastError"
    from outbox o left join outbox t on t.id = o.target_outbox_id
    where o.id = ${id}`;
  if (!x) return undefined;
  const { tFound, tStatus, tMessageId, tLastError, ...r } = x;
  return {
    row: outboxRow(r),
    target: tFound ? { status: tStatus!, messageId: tMessageId, lastError: tLastError } : undefined,
  };
}

/** What the relay needs of a pending row: its id and what its spacing key is made of. */
export type PendingRow = Pick<
  OutboxRow,
  'id' | 'kind' | 'receiveIdType' | 'receiveId' | 'targetMessageId' | 'targetOutboxId'
>;

/**
 * Pending rows (of `ids`, or all), those created at least `olderThanMs` ago when given. The age is on
 * the database's clock, the one `created_at` is written by, so a skew between the app's clock and the
 * database's can neither hide a row from the sweep nor sweep a fresh one.
 */
export async function pendingOutboxRows(
  db: DbOrTx,
  ids?: string[],
  olderThanMs?: number,
): Promise<PendingRow[]> {
  const sql = rawSql(db);
  const cols = sql`id, kind, receive_id_type as "receiveIdType", receive_id as "receiveId",
    target_message_id as "targetMessageId", target_outbox_id as "targetOutboxId"`;
  const rows = ids
    ? await sql<PendingRow[]>`
        select ${cols} from outbox
        where status = 'pending' and id = any(${ids}::uuid[])
          and (${olderThanMs ?? null}::float8 is null or created_at < now() - make_interval(secs => ${(olderThanMs ?? 0) / 1000}))
        order by created_at`
    : await sql<PendingRow[]>`
        select ${cols} from outbox
        where status = 'pending'
          and (${olderThanMs ?? null}::float8 is null or created_at < now() - make_interval(secs => ${(olderThanMs ?? 0) / 1000}))
        order by created_at`;
  return [...rows];
}

/**
 * Only a pending row moves on, so a duplicate job can never flip a decided row. The chat Feishu says
 * the message landed in is remembered (db/schema/chats.ts): sent to an open_id, the person's
 * one-to-one chat; sent to a chat id, a group (the bot posts only to groups by chat id).
 */
export async function markSent(
  db: DbOrTx,
  id: string,
  messageId: string | null,
  chatId: string | null = null,
) {
  // A private message Feishu accepted proves its open_id is this app's: the person may be @mentioned.
  await rawSql(db)`
    with sent as (
      update outbox set status = 'sent', message_id = ${messageId}, sent_at = now(), attempts = attempts + 1
      where id = ${id} and status = 'pending'
      returning receive_id_type, receive_id),
    seen as (
      update people set seen_at = now() from sent
      where sent.receive_id_type = 'open_id' and people.open_id = sent.receive_id and people.seen_at is null)
    insert into chats (chat_id, type)
    select ${chatId}::text, case sent.receive_id_type when 'open_id' then 'p2p' else 'group' end
    from sent where ${chatId}::text is not null and sent.receive_id_type in ('open_id', 'chat_id')
    on conflict (chat_id) do nothing`;
}

/** `code`: the Feishu code that refused it (null when it failed without one, e.g. its target failed). */
export async function markFailed(db: DbOrTx, id: string, reason: string, code: number | null = null) {
  await rawSql(db)`
    update outbox set status = 'failed', last_error = ${reason}, error_code = ${code},
      attempts = attempts + 1
    where id = ${id} and status = 'pending'`;
}

/**
 * A card Feishu refused as invalid: the row fails with the code and the card's hash, and the same
 * statement writes the text notice that goes instead (`notice`: a send to the row's receiver, or a
 * reply to the message the row replied to or patched), keyed by the failed row. Only a pending row
 * moves on, and `fallback_of` is unique, so of jobs retried or racing over one row one writes the
 * notice; the others get undefined. Returns the notice's id.
 */
export async function failWithNotice(
  db: DbOrTx,
  id: string,
  refusal: { reason: string; code: number; cardHash: string },
  notice: { kind: 'send' | 'reply'; text: string },
): Promise<string | undefined> {
  const [r] = await rawSql(db)<{ id: string }[]>`
    with failed as (
      update outbox set status = 'failed', last_error = ${refusal.reason}, error_code = ${refusal.code},
        card_hash = ${refusal.cardHash}, attempts = attempts + 1
      where id = ${id} and status = 'pending'
      returning id, receive_id_type, receive_id, target_message_id, target_outbox_id)
    insert into outbox (kind, receive_id_type, receive_id, target_message_id, target_outbox_id,
      msg_type, content, fallback_of)
    select ${notice.kind}, receive_id_type, receive_id, target_message_id, target_outbox_id,
      'text', ${JSON.stringify({ text: notice.text })}::jsonb, id
    from failed
    on conflict (fallback_of) do nothing
    returning id`;
  return r?.id;
}

/** The receiver type of the row a reply or patch acts on (open_id, chat_id), when it is an outbox row. */
export async function targetReceiverType(db: DbOrTx, targetOutboxId: string): Promise<string | null> {
  const [r] = await rawSql(db)<{ t: string | null }[]>`
    select receive_id_type as t from outbox where id = ${targetOutboxId}`;
  return r?.t ?? null;
}

/** A refusal by a frequency limit (230020, 11232): counted apart, as the bound on such retries. */
export async function noteThrottled(db: DbOrTx, id: string, reason: string) {
  await rawSql(db)`
    update outbox set last_error = ${reason}, throttled = throttled + 1, attempts = attempts + 1
    where id = ${id} and status = 'pending'`;
}

export async function noteAttempt(db: DbOrTx, id: string, reason: string) {
  await rawSql(db)`update outbox set last_error = ${reason}, attempts = attempts + 1 where id = ${id}`;
}

/** One outbox row as inserted; `content` and `urgent_user_ids` are JSON text (jsonb columns). */
export type NewOutboxRow = {
  kind: 'send' | 'reply' | 'patch' | 'urgent';
  receive_id_type: string | null;
  receive_id: string | null;
  target_message_id: string | null;
  target_outbox_id: string | null;
  msg_type: string | null;
  content: string | null;
  urgent_user_ids: string | null;
};
const COLUMNS = [
  'kind',
  'receive_id_type',
  'receive_id',
  'target_message_id',
  'target_outbox_id',
  'msg_type',
  'content',
  'urgent_user_ids',
] as const;

/** Many rows in one statement, issued when called; resolves to the new ids. */
export function insertOutboxRowsOn(sql: Sql, values: NewOutboxRow[]): Promise<string[]> {
  return sql<{ id: string }[]>`
      insert into outbox ${sql(values, ...COLUMNS)} returning id`.then((rows) => rows.map((r) => r.id));
}

/** Rows still pending `olderThanSec` after they were written: the relay's backlog, for readiness. */
export async function staleOutboxCount(db: DbOrTx, olderThanSec: number): Promise<number> {
  const [r] = await rawSql(db)<{ n: number }[]>`
    select count(*)::int as n from outbox
    where status = 'pending' and created_at < now() - make_interval(secs => ${olderThanSec})`;
  return r!.n;
}

/**
 * How many outbox rows wait and how old the oldest is (0 when none), in one statement on the
 * pending rows' partial index. Read on a metrics scrape only, never on the click path.
 */
export async function outboxBacklog(db: DbOrTx): Promise<{ pending: number; oldestSeconds: number }> {
  const [r] = await rawSql(db)<{ pending: number; oldest: number | null }[]>`
    select count(*)::int as pending,
      extract(epoch from now() - min(created_at))::float8 as oldest
    from outbox where status = 'pending'`;
  return { pending: r!.pending, oldestSeconds: Math.max(0, r!.oldest ?? 0) };
}
