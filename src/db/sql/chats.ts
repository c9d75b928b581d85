import type { Sql } from '../client';

export type ChatType = 'p2p' | 'group';

/**
 * A chat as the bot knows it: its type (undefined for a chat never seen) and, for a group bound as
 * a unit's leadership group, that unit.
 */
export type ChatInfo = { type: ChatType | undefined; leadershipUnitId: number | null };

export function chatInfoOn(sql: Sql, chatId: string): Promise<ChatInfo> {
  return sql<{ type: ChatType | null; unit: string | null }[]>`
    select (select type from chats where chat_id = ${chatId}) as type,
      (select unit_id::text from group_bindings
        where chat_id = ${chatId} and kind = 'leadership' and unbound_at is null) as unit`.then(([r]) => ({
    type: r?.type ?? undefined,
    leadershipUnitId: r?.unit ? Number(r.unit) : null,
  }));
}

/** Records a chat's type as a message or the bot's joining tells it; a known chat keeps its row. */
export function rememberChatOn(sql: Sql, chatId: string, type: ChatType): Promise<unknown> {
  return sql`insert into chats (chat_id, type) values (${chatId}, ${type}) on conflict (chat_id) do nothing`.execute();
}

/** A group the bot joined, with the name Feishu gave (kept up to date on each join). */
export function rememberGroupOn(sql: Sql, chatId: string, name: string): Promise<unknown> {
  return sql`insert into chats (chat_id, type, name) values (${chatId}, 'group', ${name || null})
    on conflict (chat_id) do update set name = coalesce(excluded.name, chats.name)`.execute();
}

/** The unit of the request a stage belongs to. */
export function stageUnitOn(sql: Sql, stageId: number): Promise<number | undefined> {
  return sql<{ unit: string }[]>`
    select r.unit_id::text as unit from approval_stages s join purchase_requests r on r.id = s.request_id
    where s.id = ${stageId}`.then(([r]) => (r ? Number(r.unit) : undefined));
}
