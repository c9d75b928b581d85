import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { contracts } from './contracts';
import { units } from './org';
import { approvalStages } from './purchase';

/**
 * A Feishu group bound to a unit (领导班子群: the unit leadership's collective decisions happen there)
 * or to contracts (项目工作群: the month's scoring notices go there; one row per contract). Bound and unbound from a card
 * in the group, audited; an unbound row is kept (unbound_at set), so the history stays.
 */
export const groupBindings = pgTable(
  'group_bindings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chatId: text('chat_id').notNull(),
    kind: text('kind').$type<'leadership' | 'project'>().notNull(),
    unitId: bigint('unit_id', { mode: 'number' }).references(() => units.id),
    contractId: bigint('contract_id', { mode: 'number' }).references(() => contracts.id),
    boundBy: text('bound_by').notNull(),
    boundAt: timestamp('bound_at', { withTimezone: true }).notNull().defaultNow(),
    unboundBy: text('unbound_by'),
    unboundAt: timestamp('unbound_at', { withTimezone: true }),
  },
  (t) => [
    // A leadership group serves one unit; a project group may serve several contracts (a vendor's
    // lots); each unit has one leadership group and each contract one project group. That a group is
    // not both kinds at once is checked where it is bound.
    uniqueIndex('group_bindings_leadership_chat_live_uq')
      .on(t.chatId)
      .where(sql`${t.unboundAt} is null and ${t.kind} = 'leadership'`),
    uniqueIndex('group_bindings_project_chat_live_uq')
      .on(t.chatId, t.contractId)
      .where(sql`${t.unboundAt} is null and ${t.kind} = 'project'`),
    uniqueIndex('group_bindings_unit_live_uq')
      .on(t.unitId)
      .where(sql`${t.unboundAt} is null and ${t.kind} = 'leadership'`),
    uniqueIndex('group_bindings_contract_live_uq')
      .on(t.contractId)
      .where(sql`${t.unboundAt} is null and ${t.kind} = 'project'`),
    index('group_bindings_contract_idx').on(t.contractId),
  ],
);

/** One scoring message per project group per reminder run: the key makes a retried run send none twice. */
export const groupReminderRuns = pgTable(
  'group_reminder_runs',
  {
    chatId: text('chat_id').notNull(),
    runKey: text('run_key').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.runKey] })],
);

/**
 * The approval card of a stage decided by a unit's leadership, posted to the unit's bound leadership
 * group: its outbox id, so the decision's fan-out updates it with the holders' own cards.
 */
export const approvalGroupCards = pgTable(
  'approval_group_cards',
  {
    stageId: bigint('stage_id', { mode: 'number' })
      .notNull()
      .references(() => approvalStages.id),
    chatId: text('chat_id').notNull(),
    outboxId: text('outbox_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.stageId, t.chatId] })],
);
