import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { TerminationStatus } from '../../domain/contract';
import type { SavingCause } from '../../domain/savings';
import { contracts } from './contracts';
import { people, units } from './org';

/** An early warning (rule 9) sent for a contract: the key (e.g. `below:2026-03`) makes each go out once. */
export const thresholdNotices = pgTable(
  'threshold_notices',
  {
    contractId: bigint('contract_id', { mode: 'number' })
      .notNull()
      .references(() => contracts.id),
    key: text('key').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.key] })],
);

/** A termination right (rule 8) put to the responsible leader, and what became of it. */
export const terminationCases = pgTable(
  'termination_cases',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: bigint('contract_id', { mode: 'number' })
      .notNull()
      .references(() => contracts.id),
    rule: text('rule').$type<'consecutive' | 'cumulative'>().notNull(),
    months: jsonb('months').$type<string[]>().notNull(),
    status: text('status').$type<TerminationStatus>().notNull().default('pending'),
    /** The leader's decision card, so a withdrawal can change it. */
    cardOutboxId: text('card_outbox_id'),
    decidedBy: bigint('decided_by', { mode: 'number' }).references(() => people.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    reason: text('reason'),
    /** The recorded date the contract ends on when termination is started. */
    endsOn: text('ends_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // At most one open question per contract.
    uniqueIndex('termination_cases_pending_uq').on(t.contractId).where(sql`${t.status} = 'pending'`),
    // Every evaluation reads the contract's earlier cases: keep that independent of the table's size.
    index('termination_cases_contract_idx').on(t.contractId),
  ],
);

/** A hand-over or exit item (移交、退场) of a started termination, chased until closed. */
export const exitItems = pgTable(
  'exit_items',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => terminationCases.id),
    title: text('title').notNull(),
    ownerId: bigint('owner_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    dueOn: text('due_on').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: bigint('closed_by', { mode: 'number' }).references(() => people.id),
    evidence: text('evidence'),
  },
  (t) => [index('exit_items_open_idx').on(t.dueOn).where(sql`${t.closedAt} is null`)],
);

/** A chase sent for an exit item on a given business date: once per item and day. */
export const exitItemChases = pgTable(
  'exit_item_chases',
  {
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => exitItems.id),
    onDate: text('on_date').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.onDate] })],
);

/** A payment period settled (rule 11): the band deduction, the annual cap, the amount payable. */
export const settlements = pgTable(
  'settlements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: bigint('contract_id', { mode: 'number' })
      .notNull()
      .references(() => contracts.id),
    periodLabel: text('period_label').notNull(),
    periodYear: integer('period_year').notNull(),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    months: jsonb('months').$type<string[]>().notNull(),
    deductBp: integer('deduct_bp').notNull(),
    rawDeductionFen: bigint('raw_deduction_fen', { mode: 'bigint' }).notNull(),
    deductionFen: bigint('deduction_fen', { mode: 'bigint' }).notNull(),
    payableFen: bigint('payable_fen', { mode: 'bigint' }).notNull(),
    settledBy: bigint('settled_by', { mode: 'number' }).references(() => people.id),
    /** Finance's reason for confirming a period that has an open finding on it (rule 14). */
    overrideReason: text('override_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('settlements_period_uq').on(t.contractId, t.periodLabel)],
);

export type { TerminationStatus } from '../../domain/contract';
export { SAVING_CAUSES, type SavingCause } from '../../domain/savings';

/** A saving of public funds (rule 15); deductions are recorded automatically from settlements. */
export const savings = pgTable(
  'savings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    unitId: bigint('unit_id', { mode: 'number' })
      .notNull()
      .references(() => units.id),
    year: integer('year').notNull(),
    cause: text('cause').$type<SavingCause>().notNull(),
    amountFen: bigint('amount_fen', { mode: 'bigint' }).notNull(),
    evidence: text('evidence').notNull(),
    contractId: bigint('contract_id', { mode: 'number' }).references(() => contracts.id),
    settlementId: bigint('settlement_id', { mode: 'number' }).references(() => settlements.id),
    recordedBy: text('recorded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('savings_settlement_uq').on(t.settlementId),
    index('savings_year_idx').on(t.year, t.unitId),
  ],
);
