import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The chats the bot has seen, and whether each is a one-to-one chat or a group. A card
 * callback names only its chat: this tells the dispatcher whether the card is shared by a group,
 * so a personal view goes to the clicker's private chat instead of replacing the shared card.
 * Learned from messages (their chat_type), the bot joining a group, and the chat id Feishu returns
 * for every message sent (bot/group-safe.ts says how an unknown chat is treated).
 */
export const chats = pgTable('chats', {
  chatId: text('chat_id').primaryKey(),
  type: text('type').$type<'p2p' | 'group'>().notNull(),
  /** A group's name as Feishu gave it when the bot joined (what the 发送失败 card calls it). */
  name: text('name'),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
});
