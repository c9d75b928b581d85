import type { Sql } from '../client';

export type ChatType = 'p2p' | 'group';

/** The chat's type as the bot has seen it; undefined for a chat never seen (callers treat it as a group). */
export function chatTypeOn(sql: Sql, chatId: string): Promise<ChatType | undefined> {
  return sql<{ type: ChatType }[]>`select type from chats where chat_id = ${chatId}`.then((r) => r[0]?.type);
}

/** Records a chat's type as a message or the bot's joining tells it; a known chat keeps its row. */
export function rememberChatOn(sql: Sql, chatId: string, type: ChatType): Promise<unknown> {
  return sql`insert into chats (chat_id, type) values (${chatId}, ${type}) on conflict (chat_id) do nothing`.execute();
}
