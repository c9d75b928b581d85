import {
  bigserial,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * Append-only audit trail (a trigger refuses UPDATE, DELETE and TRUNCATE). Rows are hash-chained per
 * aggregate: hash = sha256(prev_hash + canonical row), seq counts 1, 2, 3... within the aggregate.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    seq: integer('seq').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('audit_log_chain_uq').on(t.aggregateType, t.aggregateId, t.seq)],
);

/** The last link of each chain, so that removing the newest row of a chain is detected too. */
export const auditHeads = pgTable(
  'audit_heads',
  {
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    seq: integer('seq').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.aggregateType, t.aggregateId] })],
);
