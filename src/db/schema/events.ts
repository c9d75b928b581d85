import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Feishu delivers at least once: an event id is recorded in the same transaction as its effect. */
export const processedEvents = pgTable('processed_events', {
  eventId: text('event_id').primaryKey(),
  eventType: text('event_type').notNull(),
  processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
});
