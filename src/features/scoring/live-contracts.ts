import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { contracts } from '../../db/schema';

/**
 * The contracts of `ids` still active, share-locked in id order: a score being recorded holds the
 * row lock, so a sweep page waits for it and then sees the month scored; a contract ended meanwhile
 * is left out.
 */
export async function shareLockActive(tx: Tx, ids: number[]): Promise<Set<number>> {
  const live = await tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(inArray(contracts.id, ids), eq(contracts.status, 'active')))
    .orderBy(contracts.id)
    .for('share');
  return new Set(live.map((r) => r.id));
}
