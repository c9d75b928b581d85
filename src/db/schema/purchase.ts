import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
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
import type { RequestStatus, StageKind, StageStatus } from '../../domain/approval-route';
import type { ServiceCategory } from '../../domain/categories';
import { budgetLines } from './budget';
import { people, units } from './org';

export type { RequestStatus, StageKind, StageStatus } from '../../domain/approval-route';

/** A filing in progress: the conversation's state, kept so the filer can leave and resume. */
export const purchaseDrafts = pgTable(
  'purchase_drafts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    filerId: bigint('filer_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    step: integer('step').notNull().default(1),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<'open' | 'submitted' | 'cancelled'>().notNull().default('open'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('purchase_drafts_filer_idx').on(t.filerId, t.status)],
);

/** A purchase request (rules 1 to 4): amount in fen, named people, the route it takes. */
export const purchaseRequests = pgTable(
  'purchase_requests',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    draftId: bigint('draft_id', { mode: 'number' }).references(() => purchaseDrafts.id),
    unitId: bigint('unit_id', { mode: 'number' })
      .notNull()
      .references(() => units.id),
    budgetLineId: bigint('budget_line_id', { mode: 'number' })
      .notNull()
      .references(() => budgetLines.id),
    category: text('category').$type<ServiceCategory>().notNull(),
    categoryOther: text('category_other'),
    description: text('description').notNull(),
    whyOutsource: text('why_outsource').notNull(),
    suppliersAsked: integer('suppliers_asked').notNull(),
    priceLowFen: bigint('price_low_fen', { mode: 'bigint' }).notNull(),
    priceHighFen: bigint('price_high_fen', { mode: 'bigint' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    method: text('method').notNull(),
    filerId: bigint('filer_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    leaderId: bigint('leader_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    departmentId: bigint('department_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    policyVersion: integer('policy_version').notNull(),
    status: text('status').$type<RequestStatus>().notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('purchase_requests_line_idx').on(t.budgetLineId, t.status),
    uniqueIndex('purchase_requests_draft_uq').on(t.draftId),
  ],
);

export const purchaseAssessors = pgTable(
  'purchase_assessors',
  {
    requestId: bigint('request_id', { mode: 'number' })
      .notNull()
      .references(() => purchaseRequests.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.personId] })],
);

/** One approval stage of a request; exactly one decision each (rule 4). */
export const approvalStages = pgTable(
  'approval_stages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: bigint('request_id', { mode: 'number' })
      .notNull()
      .references(() => purchaseRequests.id),
    seq: integer('seq').notNull(),
    kind: text('kind').$type<StageKind>().notNull(),
    status: text('status').$type<StageStatus>().notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    /** Business date (Asia/Shanghai) the stage opened: the chase schedule counts working days from it. */
    openedOn: text('opened_on'),
    decidedBy: bigint('decided_by', { mode: 'number' }).references(() => people.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    reason: text('reason'),
    meetingDate: text('meeting_date'),
    minutesNo: text('minutes_no'),
    /**
     * When the decision's effects (every holder's card patched, the filer told, the next stage
     * opened) were written. Null on a decided stage means that work is still owed: the fan-out job
     * does it after the click's commit, and its sweep retries it after a crash.
     */
    fannedOutAt: timestamp('fanned_out_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('approval_stages_seq_uq').on(t.requestId, t.seq),
    // The sweep's lookup: only decided stages still owing their fan-out are in this index.
    index('approval_stages_fanout_due_idx')
      .on(t.decidedAt)
      .where(sql`${t.decidedAt} is not null and ${t.fannedOutAt} is null`),
  ],
);

/** A chase (催办) sent for a stage: the primary key makes each step happen once. */
export const stageChases = pgTable(
  'stage_chases',
  {
    stageId: bigint('stage_id', { mode: 'number' })
      .notNull()
      .references(() => approvalStages.id),
    step: text('step').$type<'remind' | 'urgent'>().notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.stageId, t.step] })],
);

/** Which approval card went to whom, so a decision can change the card for everyone holding it. */
export const approvalCards = pgTable(
  'approval_cards',
  {
    stageId: bigint('stage_id', { mode: 'number' })
      .notNull()
      .references(() => approvalStages.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    outboxId: text('outbox_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.stageId, t.personId] })],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * A file or image the filer sent the bot and attached to their request (e.g. the 会议纪要 scan):
 * the exact bytes with their SHA-256, once per source message and key.
 */
export const requestAttachments = pgTable(
  'request_attachments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: bigint('request_id', { mode: 'number' })
      .notNull()
      .references(() => purchaseRequests.id),
    kind: text('kind').$type<'image' | 'file'>().notNull(),
    messageId: text('message_id').notNull(),
    fileKey: text('file_key').notNull(),
    fileName: text('file_name').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    addedBy: bigint('added_by', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('request_attachments_message_uq').on(t.messageId, t.fileKey),
    index('request_attachments_request_idx').on(t.requestId),
  ],
);

/** 催办 by the filer: at most one per stage per working day (the primary key makes it one). */
export const stageReminders = pgTable(
  'stage_reminders',
  {
    stageId: bigint('stage_id', { mode: 'number' })
      .notNull()
      .references(() => approvalStages.id),
    /** The Asia/Shanghai working day it was sent on. */
    onDate: text('on_date').notNull(),
    sentBy: bigint('sent_by', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.stageId, t.onDate] })],
);
