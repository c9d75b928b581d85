import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import type { Role } from '../schema';

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

/** One row per live grant of the person (or one row of nulls): what `toActor` folds. */
export type ActorRow = {
  person_id: number | null;
  open_id: string | null;
  name: string | null;
  unit_id: number | null;
  grant_id: number | null;
  role: Role | null;
  grant_unit_id: number | null;
  unit_name: string | null;
};

/** The columns of an `ActorRow`, over `actorJoins`. */
export const actorColumns = sql`p.id::int as person_id, p.open_id, p.name, p.unit_id::int as unit_id,
  g.id::int as grant_id, g.role, g.unit_id::int as grant_unit_id, u.name as unit_name`;

/** A person by open_id with their live grants, joined onto a one-row `one` so a stranger still gives a row. */
export const actorJoins = (openId: string) => sql`
  left join people p on p.open_id = ${openId}
  left join role_grants g on g.person_id = p.id and g.revoked_at is null
  left join units u on u.id = g.unit_id`;

export function toActor(rows: ActorRow[]): PersonWithGrants | undefined {
  const first = rows[0];
  if (!first || first.person_id === null) return undefined;
  const grants = rows
    .filter((r) => r.grant_id !== null)
    .map((r) => ({ id: r.grant_id!, role: r.role!, unitId: r.grant_unit_id, scope: r.unit_name ?? '全区' }));
  return {
    personId: first.person_id,
    openId: first.open_id!,
    name: first.name!,
    unitId: first.unit_id,
    grants,
  };
}

/** A person and their live grants in one round trip. */
export async function personWithGrants(db: DbOrTx, openId: string): Promise<PersonWithGrants | undefined> {
  const rows = await db.execute(
    sql`select ${actorColumns} from (select 1) as one ${actorJoins(openId)} order by g.id`,
  );
  return toActor(rows as unknown as ActorRow[]);
}

/** Whether the grants allow `role` in `unitId`; a zone-wide grant covers every unit. */
export function grantsAllow(grants: GrantView[], role: Role, unitId: number | null): boolean {
  return grants.some((g) => g.role === role && (g.unitId === null || g.unitId === unitId));
}
