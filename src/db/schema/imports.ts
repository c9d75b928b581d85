import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * A spreadsheet sent to the bot for import (导入), between its preview and 确认导入 or 取消. The rows
 * are kept as read (text cells with their Excel row numbers) and planned again at confirmation, so
 * the preview is never trusted as a write. `source_message_id` is unique: Feishu's redelivery of the
 * file message stores nothing twice. The status changes once, under the row's lock: a double click on
 * 确认导入 imports once.
 */
export const pendingImports = pgTable(
  'pending_imports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    requestedBy: text('requested_by').notNull(),
    sourceMessageId: text('source_message_id').notNull(),
    fileName: text('file_name').notNull(),
    rows: jsonb('rows').$type<{ row: number; cells: string[] }[]>().notNull(),
    /** The preview's lines as shown (adds, changes, unchanged): confirmation refuses when they moved. */
    previewKey: text('preview_key').notNull(),
    rowCount: integer('row_count').notNull(),
    status: text('status').$type<'pending' | 'applied' | 'cancelled' | 'stale'>().notNull().default('pending'),
    outcome: text('outcome'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
  },
  (t) => [
    uniqueIndex('pending_imports_message_uq').on(t.sourceMessageId),
    index('pending_imports_open_idx').on(t.requestedBy).where(sql`${t.status} = 'pending'`),
  ],
);
