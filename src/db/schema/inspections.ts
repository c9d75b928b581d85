import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { contracts } from './contracts';
import { people } from './org';

export type RectificationSeverity = 'minor' | 'major' | 'critical';
/** open: owner working on it; submitted: closed by the owner with evidence, awaiting the team; closed: confirmed. */
export type RectificationStatus = 'open' | 'submitted' | 'closed';
export type RectificationSource = 'inspection' | 'daily';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** An on-site inspection (专项督查, rule 13) by the inspection team. */
export const inspections = pgTable('inspections', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  contractId: bigint('contract_id', { mode: 'number' })
    .notNull()
    .references(() => contracts.id),
  /** Business date YYYY-MM-DD. */
  inspectedOn: text('inspected_on').notNull(),
  /** Who took part, as named on the record. */
  participants: jsonb('participants').$type<string[]>().notNull(),
  checked: text('checked').notNull(),
  createdBy: bigint('created_by', { mode: 'number' })
    .notNull()
    .references(() => people.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A finding of an inspection, as the rectification item (整改) it becomes. */
export const rectificationItems = pgTable(
  'rectification_items',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The inspection whose finding this is; null for a problem raised from a daily assessment. */
    inspectionId: bigint('inspection_id', { mode: 'number' }).references(() => inspections.id),
    contractId: bigint('contract_id', { mode: 'number' })
      .notNull()
      .references(() => contracts.id),
    finding: text('finding').notNull(),
    ownerId: bigint('owner_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    /** Business date YYYY-MM-DD. */
    dueOn: text('due_on').notNull(),
    severity: text('severity').$type<RectificationSeverity>().notNull(),
    status: text('status').$type<RectificationStatus>().notNull().default('open'),
    evidence: text('evidence'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: bigint('closed_by', { mode: 'number' }).references(() => people.id),
    /** How often re-inspection reopened it. */
    reopened: integer('reopened').notNull().default(0),
    /** Where it came from: an inspection finding, or a problem of the daily line (问题整改, rule 7). */
    source: text('source').$type<RectificationSource>().notNull().default('inspection'),
    /** A daily problem: the scored month and the rubric item it was deducted under. */
    month: text('month'),
    rubricItem: text('rubric_item'),
    /** A daily problem raised again while an earlier one of the same contract and item was open. */
    repeatOf: bigint('repeat_of', { mode: 'number' }),
    raisedBy: bigint('raised_by', { mode: 'number' }).references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('rectification_items_open_idx').on(t.dueOn).where(sql`${t.status} <> 'closed'`),
    index('rectification_items_contract_idx').on(t.contractId),
    check(
      'rectification_items_source_ck',
      sql`(${t.source} = 'inspection' and ${t.inspectionId} is not null) or (${t.source} = 'daily' and ${t.month} is not null and ${t.rubricItem} is not null)`,
    ),
  ],
);

/** A chase of an item on a business date, by kind: once per item, day and kind. */
export const rectificationChases = pgTable(
  'rectification_chases',
  {
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => rectificationItems.id),
    onDate: text('on_date').notNull(),
    kind: text('kind').$type<'remind' | 'escalate'>().notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.onDate, t.kind] })],
);

/** A photo an owner sent the bot, downloaded once and kept with its SHA-256; attached to an item. */
export const evidenceImages = pgTable(
  'evidence_images',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ownerId: bigint('owner_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    messageId: text('message_id').notNull(),
    fileKey: text('file_key').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    itemId: bigint('item_id', { mode: 'number' }).references(() => rectificationItems.id),
    attachedAt: timestamp('attached_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('evidence_images_message_uq').on(t.messageId, t.fileKey)],
);
