import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * One spreadsheet asked for from an 导出 button. The row is written with the request's
 * audit entry in the click's transaction; a job builds the file, uploads it and sends it privately to
 * `requested_by`. While one is pending, the same person asking for the same sheet again gets that
 * one (the partial unique index): a double click makes one file.
 */
export const exports = pgTable(
  'exports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestedBy: text('requested_by').notNull(),
    kind: text('kind').notNull(),
    /** What the sheet covers (contract, unit, year...), as the button said; canonical JSON in `paramsKey`. */
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    paramsKey: text('params_key').notNull(),
    status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull().default('pending'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    rowCount: integer('row_count'),
    fileName: text('file_name'),
    fileBytes: bigint('file_bytes', { mode: 'number' }),
    sha256: text('sha256'),
    fileKey: text('file_key'),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('exports_pending_uq')
      .on(t.requestedBy, t.kind, t.paramsKey)
      .where(sql`${t.status} = 'pending'`),
    index('exports_pending_idx').on(t.requestedAt).where(sql`${t.status} = 'pending'`),
  ],
);

/** One discipline-inspection board digest per ISO week (its Monday's date): a retried run sends none twice. */
export const boardDigests = pgTable('board_digests', {
  week: text('week').primaryKey(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  recipients: integer('recipients').notNull(),
});
