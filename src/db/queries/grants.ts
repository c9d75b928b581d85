import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { type Role, roleGrants, units } from '../schema';

export interface GrantView {
  id: number;
  role: Role;
  unitId: number | null;
  /** The unit's name, or 全区 for a zone-wide grant. */
  scope: string;
}

/** A person's live grants with readable scopes, for cards. */
export async function liveGrants(db: DbOrTx, personId: number): Promise<GrantView[]> {
  const rows = await db
    .select({ id: roleGrants.id, role: roleGrants.role, unitId: roleGrants.unitId, unitName: units.name })
    .from(roleGrants)
    .leftJoin(units, eq(units.id, roleGrants.unitId))
    .where(and(eq(roleGrants.personId, personId), isNull(roleGrants.revokedAt)))
    .orderBy(roleGrants.id);
  return rows.map((r) => ({ id: r.id, role: r.role, unitId: r.unitId, scope: r.unitName ?? '全区' }));
}
