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
import type { Role } from '../../domain/roles';

export const units = pgTable('units', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** The directory department (open_department_id) this unit mirrors; null for a unit typed in YAML. */
  directoryDepartmentId: text('directory_department_id').unique(),
});

export const people = pgTable('people', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  openId: text('open_id').notNull().unique(),
  name: text('name').notNull(),
  unitId: bigint('unit_id', { mode: 'number' }).references(() => units.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * When an event from this open_id first reached the bot: proof the id is this app's. An open_id is
   * per app, and a card that @mentions another app's id is refused whole (100290), so only a seen
   * person is @mentioned; the rest are named.
   */
  seenAt: timestamp('seen_at', { withTimezone: true }),
  /**
   * The directory's tenant-stable ids: `user_id` is the key (the same in every app of the tenant),
   * `union_id` the fallback when the app may not read user_id. Null for a person typed in YAML.
   */
  userId: text('user_id').unique(),
  unionId: text('union_id').unique(),
  /** When the directory said the person left (contact.user.deleted_v3); the row and history stay. */
  leftAt: timestamp('left_at', { withTimezone: true }),
});

/**
 * Each app's open_id of a person: an open_id is per app, so a second app (or the app rebuilt) sees
 * the same person under another id. `people.open_id` is the id of the app the bot runs as.
 */
export const personAppIds = pgTable(
  'person_app_ids',
  {
    appId: text('app_id').notNull(),
    openId: text('open_id').notNull(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
  },
  (t) => [
    primaryKey({ columns: [t.appId, t.openId] }),
    uniqueIndex('person_app_ids_person_uq').on(t.appId, t.personId),
  ],
);

export { ROLES, type Role } from '../../domain/roles';

export const roleGrants = pgTable(
  'role_grants',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    role: text('role').$type<Role>().notNull(),
    unitId: bigint('unit_id', { mode: 'number' }).references(() => units.id),
    grantedBy: text('granted_by').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    revokedBy: text('revoked_by'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    // One live grant per (person, role, scope); zone scope is unit_id NULL, folded to 0 for the index.
    uniqueIndex('role_grants_live_uq')
      .on(t.personId, t.role, sql`coalesce(${t.unitId}, 0)`)
      .where(sql`${t.revokedAt} is null`),
    index('role_grants_person_idx').on(t.personId),
  ],
);
