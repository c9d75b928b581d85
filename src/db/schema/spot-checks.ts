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
} from 'drizzle-orm/pg-core';
import type { ServiceCategory } from '../../domain/categories';
import type { ScoreDeduction } from '../../domain/contract';
import { contracts, monthlyScores } from './contracts';
import { people } from './org';

/** What a spot check draws from: units (null: every unit in the checker's scope), categories, months. */
export type SpotCheckScope = {
  unitIds: number[] | null;
  categories: ServiceCategory[] | null;
  fromMonth: string;
  toMonth: string;
};

/**
 * A spot check (抽查, rule 12). The seed is fixed, and its hash recorded and shown, when the check
 * is created, before the population is read; the draw (a later step) is a deterministic function of
 * the seed and the population, so anyone can re-draw it from this row.
 */
export const spotChecks = pgTable('spot_checks', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  createdBy: bigint('created_by', { mode: 'number' })
    .notNull()
    .references(() => people.id),
  scope: jsonb('scope').$type<SpotCheckScope>().notNull(),
  /** How many to draw: a count, or a rate in basis points of the population (one of the two). */
  sampleSize: integer('sample_size'),
  sampleBp: integer('sample_bp'),
  /** 32 random bytes as hex. */
  seed: text('seed').notNull(),
  /** SHA-256 of the seed, hex: the commitment shown before the draw. */
  seedHash: text('seed_hash').notNull(),
  /** The policy version whose tolerance and funding rule this check applies. */
  policyVersion: integer('policy_version').notNull(),
  /** Set by the draw: the population's size and when it was drawn. */
  population: integer('population'),
  drawnAt: timestamp('drawn_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** An assessment (a current monthly score) drawn by a spot check, and the checker's own score of it. */
export const spotCheckSamples = pgTable(
  'spot_check_samples',
  {
    spotCheckId: bigint('spot_check_id', { mode: 'number' })
      .notNull()
      .references(() => spotChecks.id),
    scoreId: bigint('score_id', { mode: 'number' })
      .notNull()
      .references(() => monthlyScores.id),
    contractId: bigint('contract_id', { mode: 'number' })
      .notNull()
      .references(() => contracts.id),
    month: text('month').notNull(),
    /** HMAC-SHA256(seed, score id), hex: the sample is the k smallest. */
    drawKey: text('draw_key').notNull(),
    assessorFinalTenths: integer('assessor_final_tenths').notNull(),
    checkerDeductions: jsonb('checker_deductions').$type<ScoreDeduction[]>(),
    checkerDailyTenths: integer('checker_daily_tenths'),
    checkerManagementTenths: integer('checker_management_tenths'),
    checkerFinalTenths: integer('checker_final_tenths'),
    notes: text('notes'),
    evidence: text('evidence'),
    checkedBy: bigint('checked_by', { mode: 'number' }).references(() => people.id),
    checkedAt: timestamp('checked_at', { withTimezone: true }),
    /** |checker - assessor| in tenths, and whether it is larger than the policy tolerance. */
    gapTenths: integer('gap_tenths'),
    exceedsTolerance: boolean('exceeds_tolerance'),
    /** When the gap was flagged to the unit leadership and discipline inspection (once). */
    flaggedAt: timestamp('flagged_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.spotCheckId, t.scoreId] }),
    // The funding rule's lookup: a contract's months whose checker score stands.
    index('spot_check_samples_contract_idx').on(t.contractId, t.month).where(sql`${t.exceedsTolerance}`),
  ],
);
