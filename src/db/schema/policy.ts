import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Versioned policy: every number of DOMAIN.md is data here. Version 1 (the defaults) is inserted by a
 * migration; later versions are added, never edited, and a signed contract copies its clause values.
 */
export const policies = pgTable('policies', {
  version: integer('version').primaryKey(),
  effectiveFrom: text('effective_from').notNull(), // business date, Asia/Shanghai, YYYY-MM-DD
  values: jsonb('values').$type<Record<string, unknown>>().notNull(),
  note: text('note').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
