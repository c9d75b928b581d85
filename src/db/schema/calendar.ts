import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { CalendarDayKind } from '../../domain/calendar';

/**
 * The State Council's holiday notices as an admin loaded them (放假 and 调休 days): they beat the
 * `chinese-days` package, whose data ends with the year it was published for. `year` is the notice's
 * year (a 元旦 holiday may start on 31 December of the year before); a load replaces its whole year.
 */
export const calendarDays = pgTable('calendar_days', {
  date: text('date').primaryKey(),
  kind: text('kind').$type<CalendarDayKind>().notNull(),
  name: text('name').notNull(),
  year: integer('year').notNull(),
  loadedBy: text('loaded_by').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One row per year the admins were told its calendar is missing: the claim of that one notice. */
export const calendarNotices = pgTable('calendar_notices', {
  year: integer('year').primaryKey(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
});
