import { and, asc, eq, ilike, isNull, or, sql } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { DbOrTx, Tx } from '../../db/client';
import { people, roleGrants, units } from '../../db/schema';
import { type Cursor, likeContains } from '../../domain/list-page';
import type { Role } from '../../domain/roles';
import { keyset, keysetPage } from '../keyset';
import { ZONE_SCOPE } from './file';

export type GrantChange = {
  personId: number;
  role: Role /** null = the whole zone */;
  unitId: number | null;
  actor: string;
};
export type RoleGrant = { role: Role; unitId: number | null; unitCode: string | null };
export type Person = typeof people.$inferSelect;

/** Live grant of exactly this scope (a zone grant does not count as a unit grant here). */
const sameGrant = (g: Omit<GrantChange, 'actor'>) =>
  and(
    eq(roleGrants.personId, g.personId),
    eq(roleGrants.role, g.role),
    g.unitId === null ? isNull(roleGrants.unitId) : eq(roleGrants.unitId, g.unitId),
    isNull(roleGrants.revokedAt),
  );

/** The scope as the audit trail records it: a unit code (stable and readable) or `zone`. */
async function scopeName(tx: Tx, unitId: number | null): Promise<string> {
  if (unitId === null) return ZONE_SCOPE;
  const [u] = await tx.select({ code: units.code }).from(units).where(eq(units.id, unitId));
  if (!u) throw new Error(`unit id ${unitId} does not exist`);
  return u.code;
}

function auditChange(tx: Tx, g: GrantChange, action: 'role.granted' | 'role.revoked', scope: string) {
  return appendAudit(tx, {
    aggregateType: 'person',
    aggregateId: g.personId,
    actor: g.actor,
    action,
    data: { role: g.role, scope },
  });
}

/** Grants a role unless it is already live. Returns whether anything changed (and was audited). */
export async function grantRole(tx: Tx, g: GrantChange): Promise<boolean> {
  const scope = await scopeName(tx, g.unitId);
  // The only unique index that can conflict is the partial "one live grant" index, so a concurrent
  // grant of the same role makes this a no-op instead of an error.
  const inserted = await tx
    .insert(roleGrants)
    .values({ personId: g.personId, role: g.role, unitId: g.unitId, grantedBy: g.actor })
    .onConflictDoNothing()
    .returning({ id: roleGrants.id });
  if (inserted.length === 0) return false;
  await auditChange(tx, g, 'role.granted', scope);
  return true;
}

/** Revokes a live grant. Returns false (and writes nothing) when there is none. */
export async function revokeRole(tx: Tx, g: GrantChange): Promise<boolean> {
  const scope = await scopeName(tx, g.unitId);
  const revoked = await tx
    .update(roleGrants)
    .set({ revokedAt: sql`now()`, revokedBy: g.actor })
    .where(sameGrant(g))
    .returning({ id: roleGrants.id });
  if (revoked.length === 0) return false;
  await auditChange(tx, g, 'role.revoked', scope);
  return true;
}

/** Live grants of a person, zone-wide ones first. */
export async function rolesOf(db: DbOrTx, personId: number): Promise<RoleGrant[]> {
  return db
    .select({ role: roleGrants.role, unitId: roleGrants.unitId, unitCode: units.code })
    .from(roleGrants)
    .leftJoin(units, eq(units.id, roleGrants.unitId))
    .where(and(eq(roleGrants.personId, personId), isNull(roleGrants.revokedAt)))
    .orderBy(asc(roleGrants.role), sql`${units.code} nulls first`);
}

/**
 * Whether the person may act as `role` for `unitId`. A zone-wide grant covers every unit; asking
 * with unitId null asks for zone-wide authority, which only a zone-wide grant gives.
 */
export async function hasRole(
  db: DbOrTx,
  personId: number,
  role: Role,
  unitId: number | null,
): Promise<boolean> {
  const scope =
    unitId === null
      ? isNull(roleGrants.unitId)
      : or(isNull(roleGrants.unitId), eq(roleGrants.unitId, unitId));
  const [hit] = await db
    .select({ id: roleGrants.id })
    .from(roleGrants)
    .where(
      and(eq(roleGrants.personId, personId), eq(roleGrants.role, role), isNull(roleGrants.revokedAt), scope),
    )
    .limit(1);
  return hit !== undefined;
}

export async function findPersonByOpenId(db: DbOrTx, openId: string): Promise<Person | undefined> {
  const [p] = await db.select().from(people).where(eq(people.openId, openId));
  return p;
}

/** Grants per page of 角色管理's list: one text block, so many fit a card. */
export const GRANT_PAGE_SIZE = 40;

/**
 * A page of the live grants an admin manages (every unit's for a zone admin, `unit`'s for a unit
 * admin), newest first by keyset, narrowed by a search of the person's name or the unit's, with the
 * count of all that match.
 */
export async function grantPage(
  db: DbOrTx,
  {
    unit,
    q,
    cursor,
    size = GRANT_PAGE_SIZE,
  }: { unit: number | null; q?: string; cursor: Cursor; size?: number },
) {
  const k = keyset(roleGrants.id, cursor);
  const like = q ? likeContains(q) : undefined;
  const where = and(
    isNull(roleGrants.revokedAt),
    unit === null ? undefined : eq(roleGrants.unitId, unit),
    like ? or(ilike(people.name, like), ilike(units.name, like)) : undefined,
  );
  const [fetched, [count]] = await Promise.all([
    db
      .select({ id: roleGrants.id, person: people.name, role: roleGrants.role, unit: units.name })
      .from(roleGrants)
      .innerJoin(people, eq(people.id, roleGrants.personId))
      .leftJoin(units, eq(units.id, roleGrants.unitId))
      .where(and(where, k.edge))
      .orderBy(k.order)
      .limit(size + 1),
    db
      .select({ n: sql<number>`count(*)::int`, behind: k.behind })
      .from(roleGrants)
      .innerJoin(people, eq(people.id, roleGrants.personId))
      .leftJoin(units, eq(units.id, roleGrants.unitId))
      .where(where),
  ]);
  return { ...keysetPage(fetched, size, k.cursor, count?.behind === true), total: count?.n ?? 0 };
}
