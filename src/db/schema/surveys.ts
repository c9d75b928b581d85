import {
  bigint,
  bigserial,
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

/**
 * Satisfaction surveys (满意度测评, rule 7). Who receives a contract's service is named here, or is
 * the member list of its bound project group (`clauses.survey.recipients = 'group'`).
 */
export const surveyRecipients = pgTable(
  'survey_recipients',
  {
    contractId: bigint('contract_id', { mode: 'number' })
      .notNull()
      .references(() => contracts.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.personId] })],
);

/** One survey period of a contract (`YYYY-MM` or `YYYY-Qn`), open from opensOn to closesOn inclusive. */
export const surveyRounds = pgTable(
  'survey_rounds',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contractId: bigint('contract_id', { mode: 'number' })
      .notNull()
      .references(() => contracts.id),
    period: text('period').notNull(),
    opensOn: text('opens_on').notNull(), // YYYY-MM-DD
    closesOn: text('closes_on').notNull(), // YYYY-MM-DD, inclusive
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('survey_rounds_period_uq').on(t.contractId, t.period)],
);

/** A survey card sent to one recipient for one round (once), and its one chase. */
export const surveyInvites = pgTable(
  'survey_invites',
  {
    roundId: bigint('round_id', { mode: 'number' })
      .notNull()
      .references(() => surveyRounds.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
    chasedOn: text('chased_on'), // YYYY-MM-DD
  },
  (t) => [primaryKey({ columns: [t.roundId, t.personId] })],
);

/**
 * One recipient's answer for one round: ratings 1 to 5 per dimension key, an optional comment. A second
 * answer replaces the first until the round closes (`revision` counts them). The person is kept only
 * to allow one answer each: no card, export or log line shown to assessors, the vendor or a group
 * names who answered what.
 */
export const surveyAnswers = pgTable(
  'survey_answers',
  {
    roundId: bigint('round_id', { mode: 'number' })
      .notNull()
      .references(() => surveyRounds.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    ratings: jsonb('ratings').$type<Record<string, number>>().notNull(),
    comment: text('comment'),
    revision: integer('revision').notNull().default(1),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.personId] })],
);
