/**
 * Who may spot-check what (rule 12): discipline inspection and finance, within their grants. A
 * zone-wide grant of either covers every unit; otherwise the units of their unit-scoped grants.
 */
import { asc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { units } from '../../db/schema';
import { type Actor, grantsAllow, requireActor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import type { Role } from '../../domain/roles';

export const CHECKER_ROLES: Role[] = ['discipline', 'finance'];

/** The actor holding discipline or finance somewhere; refused otherwise, before anything is read. */
export function requireChecker(actor: Actor | undefined): Actor {
  const a = requireActor(actor);
  if (!a.grants.some((g) => CHECKER_ROLES.includes(g.role)))
    throw new DomainError('not_checker', '抽查仅限纪检监察和财政部门人员');
  return a;
}

/** The units the actor may spot-check: null for the whole zone, else their grants' units. */
export function checkerUnits(actor: Actor): number[] | null {
  const grants = actor.grants.filter((g) => CHECKER_ROLES.includes(g.role));
  if (grants.some((g) => g.unitId === null)) return null;
  return [...new Set(grants.map((g) => g.unitId!))].sort((a, b) => a - b);
}

/** Whether the actor may spot-check a contract of `unitId` now. */
export const mayCheckUnit = (actor: Actor, unitId: number) =>
  CHECKER_ROLES.some((r) => grantsAllow(actor.grants, r, unitId));

/**
 * The units a check asked for, within the actor's: empty asks for all of them (null when the actor's
 * grant is zone-wide); a unit outside the actor's grants is refused.
 */
export function scopeUnits(actor: Actor, asked: number[]): number[] | null {
  const mine = checkerUnits(actor);
  if (asked.length === 0) return mine;
  if (mine !== null && asked.some((u) => !mine.includes(u)))
    throw new DomainError('scope_denied', '所选单位超出您的抽查范围');
  return [...asked].sort((a, b) => a - b);
}

/** The units offered on the scope form, by name. */
export async function unitOptions(db: DbOrTx, actor: Actor): Promise<{ id: number; name: string }[]> {
  const mine = checkerUnits(actor);
  const q = db.select({ id: units.id, name: units.name }).from(units);
  return (mine === null ? q : q.where(inArray(units.id, mine.length ? mine : [-1]))).orderBy(asc(units.id));
}

/** The actor must still hold a check's scope (grants may have been revoked since it was created). */
export function requireScope(actor: Actor, scope: { unitIds: number[] | null }): void {
  if (scope.unitIds !== null) scopeUnits(actor, scope.unitIds);
  else if (checkerUnits(actor) !== null)
    throw new DomainError('scope_denied', '该抽查的范围超出您的抽查权限');
}
