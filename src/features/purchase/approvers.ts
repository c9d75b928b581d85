import { and, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { delegations, people, purchaseAssessors, purchaseRequests, roleGrants } from '../../db/schema';
import type { StageKind } from '../../domain/approval-route';

export interface Approver {
  personId: number;
  openId: string;
  name: string;
}

/** The role whose holders decide a stage. */
export const STAGE_ROLE = { unit_leadership: 'unit_leadership', zone_committee: 'zone_committee' } as const;

/**
 * Who may decide a stage of a request: holders of the stage's role (unit leadership of the
 * request's unit, or the zone committee), minus the filer and the request's assessors (rule 3).
 */
export async function approversFor(db: DbOrTx, requestId: number, kind: StageKind): Promise<Approver[]> {
  const [req] = await db.select().from(purchaseRequests).where(eq(purchaseRequests.id, requestId));
  if (!req) return [];
  const scope =
    kind === 'unit_leadership'
      ? or(eq(roleGrants.unitId, req.unitId), isNull(roleGrants.unitId))
      : isNull(roleGrants.unitId);
  const holders = await db
    .selectDistinct({ personId: people.id, openId: people.openId, name: people.name })
    .from(roleGrants)
    .innerJoin(people, eq(people.id, roleGrants.personId))
    .where(and(eq(roleGrants.role, STAGE_ROLE[kind]), isNull(roleGrants.revokedAt), scope))
    .orderBy(people.id);
  const assessors = await db
    .select({ personId: purchaseAssessors.personId })
    .from(purchaseAssessors)
    .where(eq(purchaseAssessors.requestId, requestId));
  const excluded = new Set([req.filerId, ...assessors.map((a) => a.personId)]);
  return holders.filter((h) => !excluded.has(h.personId));
}

/**
 * The colleagues the approvers delegated their approvals to on `date`: they get
 * the stage's card too, so a leader away does not hold the stage up. The same people are left out as
 * for the approvers (the filer, the request's assessors), and anyone who approves in their own right.
 */
export async function delegatesFor(
  db: DbOrTx,
  requestId: number,
  approvers: Approver[],
  date: string,
): Promise<Approver[]> {
  if (approvers.length === 0) return [];
  const [req] = await db.select().from(purchaseRequests).where(eq(purchaseRequests.id, requestId));
  if (!req) return [];
  const rows = await db
    .selectDistinct({ personId: people.id, openId: people.openId, name: people.name })
    .from(delegations)
    .innerJoin(people, eq(people.id, delegations.delegateId))
    .where(
      and(
        inArray(
          delegations.delegatorId,
          approvers.map((a) => a.personId),
        ),
        isNull(delegations.revokedAt),
        lte(delegations.fromDate, date),
        gte(delegations.toDate, date),
      ),
    )
    .orderBy(people.id);
  const assessors = await db
    .select({ personId: purchaseAssessors.personId })
    .from(purchaseAssessors)
    .where(eq(purchaseAssessors.requestId, requestId));
  const excluded = new Set([
    req.filerId,
    ...assessors.map((a) => a.personId),
    ...approvers.map((a) => a.personId),
  ]);
  return rows.filter((r) => !excluded.has(r.personId));
}
