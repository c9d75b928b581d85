import type { StageDelegation } from '../../db/sql/purchase-delegation';
import type { Actor } from '../../domain/actor';
import { ROLE_LABELS, type Role } from '../../domain/roles';

/**
 * Delegation of approvals: the rules, pure, shared by the delegation form, the
 * delegate's list and the decision itself, so all three agree on who may act for whom.
 *
 * What "a colleague with the same role scope" means here: a role grant is scoped to a unit or to the
 * zone; the colleague must hold a live grant (of any role) with exactly the scope of the delegator's
 * approving grant: a person of the same unit for a unit's leadership, a zone-level person for the
 * zone committee. A colleague who already holds the approving role there needs no delegation (they
 * decide in their own right), so that grant is not delegated to them. Discipline inspection
 * supervises approvals and decides none (DOMAIN: it changes nothing but its own findings), so a
 * person holding that role is never a delegate. What is delegated is read live at each decision: the
 * delegator's own approving grants, never what was delegated to the delegator (no chains).
 */

/** The grants that decide approval stages (features/purchase/approvers.ts STAGE_ROLE). */
export const APPROVING_ROLES: readonly Role[] = ['unit_leadership', 'zone_committee'];

export type ScopedGrant = { role: Role; unitId: number | null };

/** Grants that decide a stage: unit leadership in any scope; the committee only zone-wide (decideStage). */
export function approvingGrants<G extends ScopedGrant>(grants: readonly G[]): G[] {
  return grants.filter(
    (g) => g.role === 'unit_leadership' || (g.role === 'zone_committee' && g.unitId === null),
  );
}

/** Whether someone holding `grants` already decides what `g` decides (as `grantsAllow`: zone covers units). */
const alreadyDecides = (grants: readonly ScopedGrant[], g: ScopedGrant) =>
  grants.some((x) => x.role === g.role && (x.unitId === null || x.unitId === g.unitId));

/** Whoever holds a discipline grant supervises approvals: never a delegate. */
export const supervises = (grants: readonly ScopedGrant[]) => grants.some((g) => g.role === 'discipline');

/**
 * The delegator's approving grants a colleague can act under: those whose exact scope the colleague
 * shares (`shared`), minus those the colleague already decides in their own right (`delegable`);
 * none for a colleague of discipline inspection.
 */
export function delegableGrants<G extends ScopedGrant>(
  delegator: readonly G[],
  colleague: readonly ScopedGrant[],
) {
  const shared = approvingGrants(delegator).filter((g) => colleague.some((c) => c.unitId === g.unitId));
  const delegable = supervises(colleague) ? [] : shared.filter((g) => !alreadyDecides(colleague, g));
  return { shared, delegable };
}

/** `单位领导班子(资产经营公司)`: a grant as the cards name it. */
export const grantLabel = (g: { role: Role; scope: string }) => `${ROLE_LABELS[g.role]}(${g.scope})`;

/**
 * Under which delegation `actor` may decide a stage, given the stage's candidate delegations
 * (`stageDelegationsOn`), today's business date and the people conflicted on the request (its filer
 * and assessors, rule 3). `inRange`: every delegation the actor could act under today, conflicted or
 * not (so a refusal can say why); `usable`: the first whose delegator is not conflicted either,
 * since a delegate decides only what the delegator could decide.
 */
export function actingUnder(
  actor: Actor,
  candidates: readonly StageDelegation[],
  today: string,
  conflicted: readonly number[],
): { inRange: StageDelegation[]; usable: StageDelegation | undefined } {
  const inRange = candidates.filter(
    (c) =>
      c.delegateId === actor.personId &&
      c.fromDate <= today &&
      today <= c.toDate &&
      // The delegate must still share the delegated grant's scope, and not supervise approvals.
      actor.grants.some((g) => g.unitId === c.unitId) &&
      !supervises(actor.grants),
  );
  return { inRange, usable: inRange.find((c) => !conflicted.includes(c.delegatorId)) };
}
