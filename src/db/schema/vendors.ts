import {
  bigint,
  bigserial,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { ServiceCategory } from '../../domain/categories';

import { units } from './org';

/** A vendor (服务供应商), known by its unified social credit code (统一社会信用代码). */
export const vendors = pgTable('vendors', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  uscc: text('uscc').notNull().unique(),
  contactName: text('contact_name').notNull(),
  contactPhone: text('contact_phone').notNull().default(''),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A bidding ban (rule 10): the vendor may not be chosen for this project in `year`. A project is a
 * unit's service category (the same service bought again next year). Recorded by the year-end job
 * with the contract and the average that caused it.
 */
export const vendorBans = pgTable(
  'vendor_bans',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    vendorId: bigint('vendor_id', { mode: 'number' })
      .notNull()
      .references(() => vendors.id),
    unitId: bigint('unit_id', { mode: 'number' })
      .notNull()
      .references(() => units.id),
    category: text('category').$type<ServiceCategory>().notNull(),
    year: integer('year').notNull(),
    reason: text('reason').notNull(),
    /** The contract whose year average caused the ban, when it came from the year-end job. */
    contractId: bigint('contract_id', { mode: 'number' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when a later score or correction lifts the year's average to the bar; a ban re-added clears it. */
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftedReason: text('lifted_reason'),
  },
  (t) => [
    uniqueIndex('vendor_bans_key_uq').on(t.vendorId, t.unitId, t.category, t.year),
    index('vendor_bans_vendor_idx').on(t.vendorId),
  ],
);

/** A procurement recorded with a vendor banned afterwards, flagged to discipline inspection once. */
export const banFlags = pgTable(
  'ban_flags',
  {
    banId: bigint('ban_id', { mode: 'number' })
      .notNull()
      .references(() => vendorBans.id),
    procurementId: bigint('procurement_id', { mode: 'number' }).notNull(),
    flaggedAt: timestamp('flagged_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.banId, t.procurementId] })],
);
