/** 重复发生 of daily problems: how often a problem was raised again while the one before was open. */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { rectificationItems } from '../../db/schema';

/**
 * How many times in a row each daily item's problem was raised while the one before was open:
 * the length of its repeat_of chain (0 for a first occurrence). Pure over the contract's daily items.
 */
export function repeatDepths(items: readonly { id: number; repeatOf: number | null }[]): Map<number, number> {
  const parent = new Map(items.map((i) => [i.id, i.repeatOf]));
  const depth = new Map<number, number>();
  for (const i of items) {
    let d = 0;
    const seen = new Set([i.id]);
    for (let up = i.repeatOf; up != null && !seen.has(up); up = parent.get(up) ?? null) {
      seen.add(up);
      d++;
    }
    depth.set(i.id, d);
  }
  return depth;
}

/** The repeat depth of every daily item of a contract. */
export async function contractRepeats(db: DbOrTx, contractId: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ id: rectificationItems.id, repeatOf: rectificationItems.repeatOf })
    .from(rectificationItems)
    .where(and(eq(rectificationItems.contractId, contractId), eq(rectificationItems.source, 'daily')));
  return repeatDepths(rows);
}
