import { bigint, bigserial, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { units } from './org';

export { SERVICE_CATEGORIES, type ServiceCategory } from '../../domain/categories';

import type { ServiceCategory } from '../../domain/categories';

/** A budget line registered by finance at the start of the year (rule 1: budget first). */
export const budgetLines = pgTable(
  'budget_lines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    unitId: bigint('unit_id', { mode: 'number' })
      .notNull()
      .references(() => units.id),
    fiscalYear: integer('fiscal_year').notNull(),
    category: text('category').$type<ServiceCategory>().notNull(),
    /** Distinguishes two lines of one category in one year; empty when there is one. */
    name: text('name').notNull().default(''),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('budget_lines_key_uq').on(t.unitId, t.fiscalYear, t.category, t.name)],
);
