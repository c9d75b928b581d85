import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { ServiceCategory } from '../../domain/categories';
import type {
  ContractClauseValues,
  ContractStatus,
  PaymentPeriod,
  ProcurementMethod,
  ReminderKind,
  RubricItem,
  ScoreDeduction,
} from '../../domain/contract';
import { people, units } from './org';
import { purchaseRequests } from './purchase';
import { vendors } from './vendors';

export {
  type ContractClauseValues,
  type ContractStatus,
  type PaymentPeriod,
  PROCUREMENT_METHODS,
  type ProcurementMethod,
  type ReminderKind,
  type RubricItem,
  type ScoreDeduction,
} from '../../domain/contract';

/** How the vendor of an approved request was chosen (rule 5); one per request. */
export const procurements = pgTable(
  'procurements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: bigint('request_id', { mode: 'number' })
      .notNull()
      .references(() => purchaseRequests.id),
    method: text('method').$type<ProcurementMethod>().notNull(),
    platform: text('platform').notNull(),
    referenceNo: text('reference_no').notNull(),
    bidders: integer('bidders').notNull(),
    awardDate: text('award_date').notNull(), // business date YYYY-MM-DD
    vendorId: bigint('vendor_id', { mode: 'number' })
      .notNull()
      .references(() => vendors.id),
    awardedFen: bigint('awarded_fen', { mode: 'bigint' }).notNull(),
    /** Written justification, required for single source. */
    singleSourceReason: text('single_source_reason'),
    /** Reference of the approval for a non-open method at or above the open-tender threshold. */
    nonOpenApprovalRef: text('non_open_approval_ref'),
    /** Reference of the re-approval when the awarded price is above the approved amount. */
    reapprovalRef: text('reapproval_ref'),
    policyVersion: integer('policy_version').notNull(),
    recordedBy: bigint('recorded_by', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('procurements_request_uq').on(t.requestId)],
);

/** 化整为零: one warning per unit, category and year once its non-open purchases pass the threshold. */
export const splitWarnings = pgTable(
  'split_warnings',
  {
    unitId: bigint('unit_id', { mode: 'number' })
      .notNull()
      .references(() => units.id),
    category: text('category').$type<ServiceCategory>().notNull(),
    year: integer('year').notNull(),
    totalFen: bigint('total_fen', { mode: 'bigint' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.category, t.year] })],
);

/** A signed contract (rule 6). Only approved requests get one; its clauses never change afterwards. */
export const contracts = pgTable(
  'contracts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    procurementId: bigint('procurement_id', { mode: 'number' })
      .notNull()
      .references(() => procurements.id),
    requestId: bigint('request_id', { mode: 'number' })
      .notNull()
      .references(() => purchaseRequests.id),
    unitId: bigint('unit_id', { mode: 'number' })
      .notNull()
      .references(() => units.id),
    vendorId: bigint('vendor_id', { mode: 'number' })
      .notNull()
      .references(() => vendors.id),
    category: text('category').$type<ServiceCategory>().notNull(),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    startsOn: text('starts_on').notNull(), // YYYY-MM-DD
    endsOn: text('ends_on').notNull(), // YYYY-MM-DD, inclusive
    paymentSchedule: jsonb('payment_schedule').$type<PaymentPeriod[]>().notNull(),
    targets: text('targets').notNull(),
    rubric: jsonb('rubric').$type<RubricItem[]>().notNull(),
    clauses: jsonb('clauses').$type<ContractClauseValues>().notNull(),
    policyVersion: integer('policy_version').notNull(),
    leaderId: bigint('leader_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    status: text('status').$type<ContractStatus>().notNull().default('active'),
    endedOn: text('ended_on'),
    signedOn: text('signed_on').notNull(),
    /**
     * 补签: why a contract is recorded after its term started (or ended). Required then, null
     * otherwise; the board and the settlement audit list every contract that has one.
     */
    lateSigningReason: text('late_signing_reason'),
    signedBy: bigint('signed_by', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contracts_procurement_uq').on(t.procurementId),
    index('contracts_vendor_idx').on(t.vendorId),
    index('contracts_active_idx').on(t.status, t.endsOn),
  ],
);

/** Who scores a contract every month: copied from the request's assessors at signing. */
export const contractAssessors = pgTable(
  'contract_assessors',
  {
    contractId: bigint('contract_id', { mode: 'number' })
      .notNull()
      .references(() => contracts.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.personId] })],
);

/**
 * A monthly score (rule 7). A correction is a new row that supersedes the old one, which stays with
 * `current = false`, so the history is never rewritten; one current row per contract and month.
 */
export const monthlyScores = pgTable(
  'monthly_scores',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: bigint('contract_id', { mode: 'number' })
      .notNull()
      .references(() => contracts.id),
    month: text('month').notNull(), // YYYY-MM
    deductions: jsonb('deductions').$type<ScoreDeduction[]>().notNull(),
    dailyTenths: integer('daily_tenths').notNull(),
    managementTenths: integer('management_tenths').notNull(),
    finalTenths: integer('final_tenths').notNull(),
    enteredBy: bigint('entered_by', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
    supersedesId: bigint('supersedes_id', { mode: 'number' }),
    correctionReason: text('correction_reason'),
    current: boolean('current').notNull().default(true),
    /** The business date this month's score was due, as the score window said when it was entered. */
    dueOn: text('due_on'),
    /**
     * 逾期补录: the month's first score was entered after dueOn. A correction keeps the flag of the
     * row it supersedes, so correcting an on-time score late does not make it late, nor the reverse.
     */
    late: boolean('late').notNull().default(false),
    /**
     * When a satisfaction survey's share enters the management line (clauses.survey, rule 7): the
     * assessor's own management score (`managementTenths` is then the line with the survey in it) and
     * the closed survey round that was applied. Null when no survey counted (none, or 样本不足).
     */
    assessedManagementTenths: integer('assessed_management_tenths'),
    surveyRoundId: bigint('survey_round_id', { mode: 'number' }),
    /** A quarterly management line (clauses.scoring.managementPeriod = 'quarter'): the quarter score used. */
    quarterScoreId: bigint('quarter_score_id', { mode: 'number' }),
  },
  (t) => [uniqueIndex('monthly_scores_current_uq').on(t.contractId, t.month).where(sql`${t.current}`)],
);

/** A scoring reminder sent: the primary key makes each (contract, month, person, kind) happen once. */
export const scoreReminders = pgTable(
  'score_reminders',
  {
    contractId: bigint('contract_id', { mode: 'number' })
      .notNull()
      .references(() => contracts.id),
    month: text('month').notNull(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    kind: text('kind').$type<ReminderKind>().notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.month, t.personId, t.kind] })],
);

/**
 * The management line of a contract that chose quarterly at signing (rule 7, `clauses.scoring.
 * managementPeriod = 'quarter'`): one score per quarter (`YYYY-Qn`), which stands for each month of
 * it. Like `monthly_scores`, a correction is a new row superseding the old one; one current per quarter.
 */
export const quarterScores = pgTable(
  'quarter_scores',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: bigint('contract_id', { mode: 'number' })
      .notNull()
      .references(() => contracts.id),
    quarter: text('quarter').notNull(), // YYYY-Qn
    managementTenths: integer('management_tenths').notNull(),
    enteredBy: bigint('entered_by', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
    supersedesId: bigint('supersedes_id', { mode: 'number' }),
    correctionReason: text('correction_reason'),
    current: boolean('current').notNull().default(true),
  },
  (t) => [uniqueIndex('quarter_scores_current_uq').on(t.contractId, t.quarter).where(sql`${t.current}`)],
);
