import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { units } from '../../db/schema';
import { type Actor, grantsAllow } from '../../domain/actor';

/**
 * The unit a finance form registers for, from the form's unit field (a unit id as text): it must
 * exist and the actor must hold finance there. Existence is checked too because a zone-wide grant
 * allows every id, a forged one included. Undefined when the form may not register for it.
 */
export async function financeUnitOf(db: DbOrTx, actor: Actor, unitText: string): Promise<number | undefined> {
  if (!/^\d{1,12}$/.test(unitText)) return undefined;
  const unitId = Number(unitText);
  if (!grantsAllow(actor.grants, 'finance', unitId)) return undefined;
  const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.id, unitId));
  return unit?.id;
}

/** The units whose lines or savings the actor may register (their finance scope). */
export async function financeUnits(db: DbOrTx, actor: Actor) {
  const all = await db.select({ id: units.id, name: units.name }).from(units).orderBy(units.id);
  return all.filter((u) => grantsAllow(actor.grants, 'finance', u.id));
}
