import { bigint, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { approvalStages } from './purchase';

/**
 * The approval center (三方审批, issue 12 point 4): the external approval definition, created once
 * per deployment (its approval_code), and each pending or decided stage's mirrored instance.
 */
export const approvalCenterDefinitions = pgTable('approval_center_definitions', {
  code: text('code').primaryKey(),
  approvalCode: text('approval_code').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const approvalCenterInstances = pgTable('approval_center_instances', {
  stageId: bigint('stage_id', { mode: 'number' })
    .primaryKey()
    .references(() => approvalStages.id),
  instanceId: text('instance_id').notNull().unique(),
  /** The status last confirmed by Feishu (PENDING, APPROVED, REJECTED, CANCELED). */
  mirroredStatus: text('mirrored_status'),
  mirroredAt: timestamp('mirrored_at', { withTimezone: true }),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
});
