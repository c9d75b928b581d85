import { and, asc, eq, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DelegationView } from '../../cards/delegation';
import type { DbOrTx } from '../../db/client';
import {
  approvalStages,
  delegations,
  people,
  purchaseAssessors,
  purchaseRequests,
  roleGrants,
  units,
} from '../../db/schema';
import type { StageDelegation } from '../../db/sql/purchase-delegation';
import { type Actor, grantsAllow } from '../../domain/actor';
import { STAGE_LABELS } from '../../domain/approval-route';
import { shanghaiDate } from '../../domain/business-date';
import { formatWan } from '../../domain/money';
import type { Role } from '../../domain/roles';
import { APPROVING_ROLES, actingUnder, approvingGrants, delegableGrants, grantLabel } from './acting';
import { MAX_DELEGATION_DAYS } from './create';

/** The most colleagues the picker offers, and stages the delegate's list shows. */
const MAX_COLLEAGUES = 100;
const MAX_STAGES = 20;

const other = alias(people, 'other');

/** The colleagues the actor could name: they share a scope of the actor's approving grants and need it. */
async function colleaguesOf(db: DbOrTx, actor: Actor): Promise<string[]> {
  const mine = approvingGrants(actor.grants);
  if (mine.length === 0) return [];
  const unitIds = mine.flatMap((g) => (g.unitId === null ? [] : [g.unitId]));
  const zone = mine.some((g) => g.unitId === null);
  const inScope = or(
    unitIds.length ? inArray(roleGrants.unitId, unitIds) : undefined,
    zone ? isNull(roleGrants.unitId) : undefined,
  );
  const candidates = db
    .select({ id: roleGrants.personId })
    .from(roleGrants)
    .where(and(isNull(roleGrants.revokedAt), inScope, ne(roleGrants.personId, actor.personId)));
  const rows = await db
    .select({ openId: people.openId, id: people.id, role: roleGrants.role, unitId: roleGrants.unitId })
    .from(roleGrants)
    .innerJoin(people, eq(people.id, roleGrants.personId))
    .where(and(isNull(roleGrants.revokedAt), inArray(roleGrants.personId, candidates)))
    .orderBy(asc(people.id));
  const byPerson = new Map<string, { role: Role; unitId: number | null }[]>();
  for (const r of rows) byPerson.set(r.openId, [...(byPerson.get(r.openId) ?? []), r]);
  return [...byPerson]
    .filter(([, grants]) => delegableGrants(mine, grants).delegable.length > 0)
    .map(([openId]) => openId)
    .slice(0, MAX_COLLEAGUES);
}

/**
 * The pending stages the actor may decide today only as a delegate: the same rule the decision
 * applies (`actingUnder`), over every live delegation to the actor in range today.
 */
async function stagesOnBehalf(db: DbOrTx, actor: Actor, today: string) {
  const rows = await db
    .select({
      stageId: approvalStages.id,
      requestId: approvalStages.requestId,
      kind: approvalStages.kind,
      openedOn: approvalStages.openedOn,
      requestUnitId: purchaseRequests.unitId,
      unit: units.name,
      amountFen: purchaseRequests.amountFen,
      description: purchaseRequests.description,
      filerId: purchaseRequests.filerId,
      delegationId: delegations.id,
      delegatorId: delegations.delegatorId,
      delegatorName: people.name,
      delegatorOpenId: people.openId,
      delegateId: delegations.delegateId,
      fromDate: delegations.fromDate,
      toDate: delegations.toDate,
      unitId: roleGrants.unitId,
    })
    .from(delegations)
    .innerJoin(
      roleGrants,
      and(
        eq(roleGrants.personId, delegations.delegatorId),
        isNull(roleGrants.revokedAt),
        inArray(roleGrants.role, [...APPROVING_ROLES]),
      ),
    )
    .innerJoin(
      approvalStages,
      and(eq(approvalStages.status, 'pending'), sql`${approvalStages.kind} = ${roleGrants.role}`),
    )
    .innerJoin(
      purchaseRequests,
      and(
        eq(purchaseRequests.id, approvalStages.requestId),
        or(
          isNull(roleGrants.unitId),
          and(eq(approvalStages.kind, 'unit_leadership'), eq(roleGrants.unitId, purchaseRequests.unitId)),
        ),
      ),
    )
    .innerJoin(units, eq(units.id, purchaseRequests.unitId))
    .innerJoin(people, eq(people.id, delegations.delegatorId))
    .where(
      and(
        eq(delegations.delegateId, actor.personId),
        isNull(delegations.revokedAt),
        lte(delegations.fromDate, today),
        gte(delegations.toDate, today),
      ),
    )
    .orderBy(asc(approvalStages.openedAt), asc(approvalStages.id))
    .limit(200);
  const requestIds = [...new Set(rows.map((r) => r.requestId))];
  const assessors = requestIds.length
    ? await db
        .select({ requestId: purchaseAssessors.requestId, personId: purchaseAssessors.personId })
        .from(purchaseAssessors)
        .where(inArray(purchaseAssessors.requestId, requestIds))
    : [];
  const stages: DelegationView['stages'] = [];
  for (const stageId of [...new Set(rows.map((r) => r.stageId))]) {
    const mine = rows.filter((r) => r.stageId === stageId);
    const s = mine[0]!;
    const named = assessors.filter((a) => a.requestId === s.requestId).map((a) => a.personId);
    const own =
      s.kind === 'unit_leadership'
        ? grantsAllow(actor.grants, 'unit_leadership', s.requestUnitId)
        : grantsAllow(actor.grants, 'zone_committee', null);
    // Decided in one's own right (it is in 我的待办), or refused to the actor themself by rule 3.
    if (own || s.filerId === actor.personId || named.includes(actor.personId)) continue;
    const candidates: StageDelegation[] = mine;
    const { usable } = actingUnder(actor, candidates, today, [s.filerId, ...named]);
    if (!usable) continue;
    stages.push({
      stageId,
      delegator: usable.delegatorName,
      text: `审批 #${s.requestId} ${s.unit} ${formatWan(s.amountFen)}「${s.description}」· ${STAGE_LABELS[s.kind]}(${s.openedOn} 起)`,
    });
  }
  return stages.slice(0, MAX_STAGES);
}

/** Everything the 委托审批 card shows the actor: what they delegated, what was delegated to them. */
export async function delegationView(db: DbOrTx, actor: Actor, now: Date): Promise<DelegationView> {
  const today = shanghaiDate(now);
  const live = (col: typeof delegations.delegatorId | typeof delegations.delegateId) =>
    and(eq(col, actor.personId), isNull(delegations.revokedAt), gte(delegations.toDate, today));
  const outgoing = await db
    .select({ id: delegations.id, name: other.name, from: delegations.fromDate, to: delegations.toDate })
    .from(delegations)
    .innerJoin(other, eq(other.id, delegations.delegateId))
    .where(live(delegations.delegatorId))
    .orderBy(asc(delegations.fromDate));
  const incoming = await db
    .select({ name: other.name, from: delegations.fromDate, to: delegations.toDate })
    .from(delegations)
    .innerJoin(other, eq(other.id, delegations.delegatorId))
    .where(live(delegations.delegateId))
    .orderBy(asc(delegations.fromDate));
  const status = (from: string) => (from <= today ? ('active' as const) : ('upcoming' as const));
  return {
    today,
    maxDays: MAX_DELEGATION_DAYS,
    mine: approvingGrants(actor.grants).map(grantLabel),
    colleagues: await colleaguesOf(db, actor),
    outgoing: outgoing.map((d) => ({
      id: d.id,
      delegate: d.name,
      from: d.from,
      to: d.to,
      status: status(d.from),
    })),
    incoming: incoming.map((d) => ({ delegator: d.name, from: d.from, to: d.to, status: status(d.from) })),
    stages: await stagesOnBehalf(db, actor, today),
  };
}
