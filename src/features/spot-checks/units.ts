import { asc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { units } from '../../db/schema';

/** The names of units by id, in id order: how a check's scope is shown. */
export async function unitNames(db: DbOrTx, ids: number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ name: units.name })
    .from(units)
    .where(inArray(units.id, ids))
    .orderBy(asc(units.id));
  return rows.map((r) => r.name);
}
