import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, date, index, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { people } from './org';
import { approvalStages } from './purchase';

/**
 * A leader's approvals delegated to a colleague for a date range. The range is
 * business dates in Asia/Shanghai, both ends included. What the delegate may decide is read live at
 * each decision: the stages the delegator's approving grants allow, in the scopes the delegate shares
 * (src/features/delegation/acting.ts). It ends by itself: a decision after `to_date` finds it out of
 * range, so no job marks it ended; `revoked_at` is an early end by the delegator (撤销委托).
 */
export const delegations = pgTable(
  'delegations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    delegatorId: bigint('delegator_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    delegateId: bigint('delegate_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    check('delegations_range_check', sql`${t.toDate} >= ${t.fromDate}`),
    check('delegations_not_self_check', sql`${t.delegatorId} <> ${t.delegateId}`),
    index('delegations_delegator_idx').on(t.delegatorId, t.toDate),
    index('delegations_delegate_idx').on(t.delegateId, t.toDate),
    // The decision's read: live delegations not ended before the stage opened.
    index('delegations_live_idx').on(t.toDate).where(sql`${t.revokedAt} is null`),
  ],
);

/** A stage decided by a delegate: on whose behalf (代 X 审批), under which delegation. */
export const delegatedDecisions = pgTable('delegated_decisions', {
  stageId: bigint('stage_id', { mode: 'number' })
    .primaryKey()
    .references(() => approvalStages.id),
  delegationId: bigint('delegation_id', { mode: 'number' })
    .notNull()
    .references(() => delegations.id),
  onBehalfOf: bigint('on_behalf_of', { mode: 'number' })
    .notNull()
    .references(() => people.id),
});
