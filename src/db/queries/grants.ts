import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { people, type Role, roleGrants, units } from '../schema';

export interface GrantView {
  id: number;
  role: Role;
  unitId: number | null;
  /** The unit's name, or 全区 for a zone-wide grant. */
  scope: string;
}

export interface PersonWithGrants {
  personId: number;
  openId: string;
  name: string;
  unitId: number | null;
  grants: GrantView[];
}

/**
 * A person and their live grants in one round trip: every event needs both, so the dispatcher
 * loads them once, beside the event's dedupe insert.
 */
export async function personWithGrants(db: DbOrTx, openId: string): Promise<PersonWithGrants | undefined> {
  const rows = await db
    .select({
      personId: people.id,
      openId: people.openId,
      name: people.name,
      unitId: people.unitId,
      grantId: roleGrants.id,
      role: roleGrants.role,
      grantUnitId: roleGrants.unitId,
      unitName: units.name,
    })
    .from(people)
    .leftJoin(roleGrants, and(eq(roleGrants.personId, people.id), isNull(roleGrants.revokedAt)))
    .leftJoin(units, eq(units.id, roleGrants.unitId))
    .where(eq(people.openId, openId))
    .orderBy(roleGrants.id);
  const first = rows[0];
  if (!first) return undefined;
  const grants = rows
    .filter((r) => r.grantId !== null)
    .map((r) => ({ id: r.grantId!, role: r.role!, unitId: r.grantUnitId, scope: r.unitName ?? '全区' }));
  return { personId: first.personId, openId: first.openId, name: first.name, unitId: first.unitId, grants };
}

/** Whether the grants allow `role` in `unitId`; a zone-wide grant covers every unit. */
export function grantsAllow(grants: GrantView[], role: Role, unitId: number | null): boolean {
  return grants.some((g) => g.role === role && (g.unitId === null || g.unitId === unitId));
}
