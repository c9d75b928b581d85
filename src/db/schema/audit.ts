import {
  bigserial,
  date,
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
 * aggregate: hash = HMAC-SHA256(key, prev_hash + canonical row) with a key the database does not hold
 * (src/audit/key.ts), seq counts 1, 2, 3... within the aggregate.
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

/**
 * The anchors of the audit trail (src/audit/anchor.ts): one per business day, the digest of every
 * chain head at that moment. The row is the claim (a retried job anchors once) and the copy from
 * which the append-only anchor file is caught up after a crash; the witnesses are that file and the
 * digest message, which live outside the database.
 */
export const auditAnchors = pgTable('audit_anchors', {
  n: integer('n').primaryKey(),
  businessDate: date('business_date', { mode: 'string' }).notNull().unique(),
  at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
  digest: text('digest').notNull(),
  /** The anchor exactly as it is written to the file (one JSON line, no newline). */
  line: text('line').notNull(),
});
