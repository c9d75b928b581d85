import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { DraftComments, DraftForm, DraftStatus } from '../../domain/legal-review';
import { people } from './org';
import { purchaseRequests } from './purchase';

export type { DraftComments, DraftForm, DraftStatus } from '../../domain/legal-review';

/**
 * A contract draft sent to legal (法务审核, rule 6): one row per version of a request's typed form,
 * every version kept. At most one version of a request is pending at a time; a resubmission
 * supersedes the earlier pending or returned one. Signing needs an approved version whose form hash
 * equals the hash of the form being signed.
 */
export const contractDrafts = pgTable(
  'contract_drafts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: bigint('request_id', { mode: 'number' })
      .notNull()
      .references(() => purchaseRequests.id),
    version: integer('version').notNull(),
    /** The typed form with the rubric and clauses it would be signed with. */
    form: jsonb('form').$type<DraftForm>().notNull(),
    /** sha256 of the canonical form (`draftHash`). */
    formHash: text('form_hash').notNull(),
    status: text('status').$type<DraftStatus>().notNull().default('pending'),
    submittedBy: bigint('submitted_by', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    decidedBy: bigint('decided_by', { mode: 'number' }).references(() => people.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** Comments per rubric item or clause (and a general one), when returned or approved with notes. */
    comments: jsonb('comments').$type<DraftComments>(),
    /** 外部法律顾问意见: the outside counsel's opinion as a note, and a file the reviewer sent the bot. */
    counselOpinion: text('counsel_opinion'),
    counselFileKey: text('counsel_file_key'),
  },
  (t) => [
    uniqueIndex('contract_drafts_version_uq').on(t.requestId, t.version),
    uniqueIndex('contract_drafts_pending_uq').on(t.requestId).where(sql`${t.status} = 'pending'`),
    index('contract_drafts_status_idx').on(t.status, t.submittedAt),
  ],
);

/** A review-chase reminder sent: one per draft, person and business day (across workers). */
export const draftReminders = pgTable(
  'contract_draft_reminders',
  {
    draftId: bigint('draft_id', { mode: 'number' })
      .notNull()
      .references(() => contractDrafts.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    day: text('day').notNull(), // business date YYYY-MM-DD
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('contract_draft_reminders_uq').on(t.draftId, t.personId, t.day)],
);
