import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { people, roleGrants } from '../../db/schema';

/**
 * Who an overdue item of a contract goes up to (open_ids): the contract's responsible leader; when
 * the leader owns the item, the live unit-scoped unit leadership of the contract's unit, the owner
 * left out, so the leader's own items are chased from above too. Empty when nobody is left.
 */
export async function escalationRecipients(
  db: DbOrTx,
  contract: { unitId: number; leaderId: number },
  ownerId: number,
): Promise<string[]> {
  if (ownerId !== contract.leaderId) {
    const [leader] = await db
      .select({ openId: people.openId })
      .from(people)
      .where(eq(people.id, contract.leaderId));
    return leader ? [leader.openId] : [];
  }
  const rows = await db
    .selectDistinct({ openId: people.openId })
    .from(roleGrants)
    .innerJoin(people, eq(people.id, roleGrants.personId))
    .where(
      and(
        eq(roleGrants.role, 'unit_leadership'),
        eq(roleGrants.unitId, contract.unitId),
        isNull(roleGrants.revokedAt),
        ne(roleGrants.personId, ownerId),
      ),
    )
    .orderBy(asc(people.openId));
  return rows.map((r) => r.openId);
}

/** The 督办 text's tail: who owns the item, and who is asked to see to it. */
export function escalationAsk(ownerIsLeader: boolean, ownerName: string): string {
  return ownerIsLeader
    ? `(责任人为合同分管班子成员 ${ownerName}),请单位领导班子督促办理。`
    : `(责任人 ${ownerName}),请督促办理。`;
}
