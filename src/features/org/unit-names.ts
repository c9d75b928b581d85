import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { units } from '../../db/schema';

/**
 * Units by their exact names (what a person typed beside a cut list): name → the ids of the units so
 * named (names are not unique in the table, so a caller refuses a name with two). Unknown names absent.
 */
export async function unitIdsByName(db: DbOrTx, names: string[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (names.length === 0) return out;
  const rows = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(inArray(units.name, names));
  for (const r of rows) out.set(r.name, [...(out.get(r.name) ?? []), r.id]);
  return out;
}
