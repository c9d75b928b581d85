import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
    /** Refusals by a frequency limit that is not ours to pace (230020, 11232): bounded, then failed. */
    throttled: integer('throttled').notNull().default(0),
    lastError: text('last_error'),
    /** The Feishu code of a permanent failure (null for other failures): what the 发送失败 card explains. */
    errorCode: integer('error_code'),
    /** A resend of a failed row (the 发送失败 card's 重新发送): unique, so a failed row is resent once. */
    resendOf: uuid('resend_of'),
    /**
     * The text notice sent instead of a card Feishu refused as invalid (230099, 11310, 100290): it
     * names the refused card's row, unique, so a retried or racing relay writes one notice.
     */
    fallbackOf: uuid('fallback_of'),
    /** A refused card's hash (sha256 of the content as sent, first 12 hex): shown to admins, logged. */
    cardHash: text('card_hash'),
    messageId: text('message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_pending_idx').on(t.createdAt).where(sql`${t.status} = 'pending'`),
    index('outbox_failed_idx').on(t.createdAt).where(sql`${t.status} = 'failed'`),
    uniqueIndex('outbox_resend_of_uq').on(t.resendOf),
    uniqueIndex('outbox_fallback_of_uq').on(t.fallbackOf),
  ],
);

/**
 * Scopes the app was refused for (99991672) on calls whose message was still delivered (加急): one
 * row per scope, so the log says it once and the 发送失败 card shows it once, however many messages
 * met it. Cleared by the next call of that kind that succeeds (the scope was granted).
 */
export const feishuMissingScopes = pgTable('feishu_missing_scopes', {
  scope: text('scope').primaryKey(),
  kind: text('kind').$type<OutboxKind>().notNull(),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  refusals: integer('refusals').notNull().default(1),
});
