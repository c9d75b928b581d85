import { type DbOrTx, rawSql } from '../db/client';
import type { outbox } from '../db/schema';

export type OutboxRow = typeof outbox.$inferSelect;
/** What a reply, patch or urgent row needs of the row whose message it acts on. */
export type TargetRow = Pick<OutboxRow, 'status' | 'messageId' | 'lastError'>;

type Raw = Omit<OutboxRow, 'createdAt' | 'sentAt'> & { createdAt: string; sentAt: string | null };
const toRow = ({ createdAt, sentAt, ...r }: Raw): OutboxRow => ({
  ...r,
  createdAt: new Date(createdAt),
  sentAt: sentAt === null ? null : new Date(sentAt),
});

/** The row with its target's state (if it targets another outbox row), in one statement. */
export async function getOutboxRowWithTarget(
  db: DbOrTx,
  id: string,
): Promise<{ row: OutboxRow; target: TargetRow | undefined } | undefined> {
  const [x] = await rawSql(db)<
    (Raw & {
      tStatus: OutboxRow['status'] | null;
      tMessageId: string | null;
      tLastError: string | null;
      tFound: boolean;
    })[]
  >`
    select o.id, o.kind, o.receive_id_type as "receiveIdType", o.receive_id as "receiveId",
      o.target_message_id as "targetMessageId", o.target_outbox_id as "targetOutboxId",
      o.msg_type as "msgType", o.content, o.urgent_user_ids as "urgentUserIds", o.status, o.attempts,
      o.last_error as "lastError", o.message_id as "messageId", o.created_at as "createdAt",
      o.sent_at as "sentAt", t.id is not null as "tFound", t.status as "tStatus",
      t.message_id as "tMessageId", t.last_error as "tLastError"
    from outbox o left join outbox t on t.id = o.target_outbox_id
    where o.id = ${id}`;
  if (!x) return undefined;
  const { tFound, tStatus, tMessageId, tLastError, ...r } = x;
  return {
    row: toRow(r),
    target: tFound ? { status: tStatus!, messageId: tMessageId, lastError: tLastError } : undefined,
  };
}

export async function getOutboxRow(db: DbOrTx, id: string): Promise<OutboxRow | undefined> {
  return (await getOutboxRowWithTarget(db, id))?.row;
}

/** What the relay needs of a pending row: its id and what its spacing key is made of. */
export type PendingRow = Pick<
  OutboxRow,
  'id' | 'kind' | 'receiveIdType' | 'receiveId' | 'targetMessageId' | 'targetOutboxId'
>;

export async function pendingOutboxRows(db: DbOrTx, ids?: string[], olderThan?: Date): Promise<PendingRow[]> {
  const sql = rawSql(db);
  const cols = sql`id, kind, receive_id_type as "receiveIdType", receive_id as "receiveId",
    target_message_id as "targetMessageId", target_outbox_id as "targetOutboxId"`;
  const rows = ids
    ? await sql<PendingRow[]>`
        select ${cols} from outbox
        where status = 'pending' and id = any(${ids}::uuid[])
          and created_at < coalesce(${olderThan?.toISOString() ?? null}::timestamptz, 'infinity')
        order by created_at`
    : await sql<PendingRow[]>`
        select ${cols} from outbox
        where status = 'pending'
          and created_at < coalesce(${olderThan?.toISOString() ?? null}::timestamptz, 'infinity')
        order by created_at`;
  return [...rows];
}

/** Only a pending row moves on, so a duplicate job can never flip a decided row. */
export async function markSent(db: DbOrTx, id: string, messageId: string | null) {
  await rawSql(db)`
    update outbox set status = 'sent', message_id = ${messageId}, sent_at = now(), attempts = attempts + 1
    where id = ${id} and status = 'pending'`;
}

export async function markFailed(db: DbOrTx, id: string, reason: string) {
  await rawSql(db)`
    update outbox set status = 'failed', last_error = ${reason}, attempts = attempts + 1
    where id = ${id} and status = 'pending'`;
}

export async function noteAttempt(db: DbOrTx, id: string, reason: string) {
  await rawSql(db)`update outbox set last_error = ${reason}, attempts = attempts + 1 where id = ${id}`;
}

/** The per-receiver spacing key: who (or which message) Feishu counts this call against. */
export function spacingKey(
  row: Pick<OutboxRow, 'kind' | 'receiveIdType' | 'receiveId' | 'targetMessageId' | 'targetOutboxId'>,
) {
  if (row.kind === 'send') return `${row.receiveIdType}:${row.receiveId}`;
  return `msg:${row.targetMessageId ?? row.targetOutboxId}`;
}
