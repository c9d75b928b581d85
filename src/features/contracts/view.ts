import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client';
import {
  contractAssessors,
  contracts,
  people,
  procurements,
  purchaseRequests,
  units,
  vendors,
} from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';

const leader = alias(people, 'leader');
const signer = alias(people, 'signer');

/** A contract with what its card names: unit, vendor, leader, signer and assessors. */
export async function loadContract(db: DbOrTx, contractId: number) {
  const [[row], assessors] = await Promise.all([
    db
      .select({
        c: contracts,
        unit: units.name,
        vendor: { name: vendors.name, uscc: vendors.uscc },
        leader: { name: leader.name, openId: leader.openId },
        signer: signer.name,
        description: purchaseRequests.description,
      })
      .from(contracts)
      .innerJoin(units, eq(units.id, contracts.unitId))
      .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
      .innerJoin(leader, eq(leader.id, contracts.leaderId))
      .innerJoin(signer, eq(signer.id, contracts.signedBy))
      .innerJoin(purchaseRequests, eq(purchaseRequests.id, contracts.requestId))
      .where(eq(contracts.id, contractId)),
    db
      .select({ id: people.id, name: people.name, openId: people.openId })
      .from(contractAssessors)
      .innerJoin(people, eq(people.id, contractAssessors.personId))
      .where(eq(contractAssessors.contractId, contractId))
      .orderBy(people.id),
  ]);
  return row && { ...row, assessors };
}
/** A contract as its card shows it: what `loadContract` reads (the row, its unit, vendor, people, assessors). */
export type ContractDetail = NonNullable<Awaited<ReturnType<typeof loadContract>>>;

/**
 * Who may read a contract: anyone with a role in its unit or a zone-wide role, and the contract's
 * own assessors and responsible leader. Anyone else is refused.
 */
export function assertCanSee(row: ContractDetail | undefined, actor: Actor | undefined) {
  if (!row) throw new DomainError('no_contract', '所选合同不存在');
  const named =
    actor && (row.c.leaderId === actor.personId || row.assessors.some((a) => a.id === actor.personId));
  const byRole = actor?.grants.some((g) => g.unitId === null || g.unitId === row.c.unitId);
  if (!named && !byRole) throw new DomainError('not_allowed', '您无权查看该合同');
  return row;
}

/** Requests of the filer's units that are approved and procured but not yet signed. */
export async function awaitingSignature(db: DbOrTx, actor: Actor, limit = 20) {
  const unitIds = actor.grants.filter((g) => g.role === 'filer').map((g) => g.unitId);
  if (unitIds.length === 0) return [];
  const zone = unitIds.includes(null);
  const ids = unitIds.filter((u): u is number => u !== null);
  return db
    .select({
      requestId: purchaseRequests.id,
      unit: units.name,
      description: purchaseRequests.description,
      vendor: vendors.name,
      awardedFen: procurements.awardedFen,
    })
    .from(procurements)
    .innerJoin(purchaseRequests, eq(purchaseRequests.id, procurements.requestId))
    .innerJoin(units, eq(units.id, purchaseRequests.unitId))
    .innerJoin(vendors, eq(vendors.id, procurements.vendorId))
    .leftJoin(contracts, eq(contracts.procurementId, procurements.id))
    .where(
      and(
        eq(purchaseRequests.status, 'approved'),
        isNull(contracts.id),
        zone ? sql`true` : inArray(purchaseRequests.unitId, ids),
      ),
    )
    .orderBy(desc(procurements.id))
    .limit(limit);
}
