import { bigint, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { approvalStages } from './purchase';

/**
 * The approval center (三方审批): the external approval definition, created once
 * per deployment (its approval_code), and each pending or decided stage's mirrored instance.
 * Written by the jobs approval-center.sync and approval-center.reconcile (features/approval-center).
 */
export const approvalCenterDefinitions = pgTable('approval_center_definitions', {
  /** The code the app defines its approval under (`gps-purchase-approval`). */
  code: text('code').primaryKey(),
  /** The code Feishu answered with; every instance names it. */
  approvalCode: text('approval_code').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const approvalCenterInstances = pgTable('approval_center_instances', {
  stageId: bigint('stage_id', { mode: 'number' })
    .primaryKey()
    .references(() => approvalStages.id),
  /** `gps-stage-<stage id>`: the instance_id sent to Feishu. */
  instanceId: text('instance_id').notNull().unique(),
  /**
   * The status last confirmed by Feishu (PENDING, APPROVED, REJECTED, CANCELED). Null: not yet
   * confirmed, or found drifted by the reconcile; the next sync sends the stage again.
   */
  mirroredStatus: text('mirrored_status'),
  /** The update_time of the confirmed push (to the millisecond): what the reconcile's check sends. */
  mirroredAt: timestamp('mirrored_at', { withTimezone: true }),
  /** Failed pushes since the last confirmed one (a 429 is not counted); reset to 0 on success. */
  attempts: integer('attempts').notNull().default(0),
  /** Why the last push failed, until one succeeds. */
  lastError: text('last_error'),
});
