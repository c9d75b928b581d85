import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type OutboxKind = 'send' | 'reply' | 'patch' | 'urgent';
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/**
 * Messages to Feishu, written in the same transaction as the change that causes them and sent by the
 * relay after commit. The row id doubles as Feishu's `uuid`, so a resend after a crash is a no-op.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<OutboxKind>().notNull(),
    receiveIdType: text('receive_id_type'),
    receiveId: text('receive_id'),
    /** For reply/patch/urgent: the Feishu message id, or the outbox row whose message it is. */
    targetMessageId: text('target_message_id'),
    targetOutboxId: uuid('target_outbox_id'),
    msgType: text('msg_type'),
    content: jsonb('content'),
    urgentUserIds: jsonb('urgent_user_ids').$type<string[]>(),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    messageId: text('message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_pending_idx').on(t.createdAt).where(sql`${t.status} = 'pending'`)],
);
