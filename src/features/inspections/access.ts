/**
 * Who may do what with on-site inspections (专项督查, rule 13): the inspection team records and
 * confirms in the units its grant covers (a zone-wide grant covers every unit); the report is read by
 * the team, discipline inspection, the contract's unit leadership and its responsible leader.
 */
import { inArray, or, type SQL, sql } from 'drizzle-orm';
import { contracts } from '../../db/schema';
import { type Actor, grantsAllow, requireActor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import type { Role } from '../../domain/roles';

const READERS: Role[] = ['inspection', 'discipline', 'unit_leadership'];

type ContractScope = { unitId: number; leaderId: number };

export function mayInspect(actor: Actor, c: ContractScope): boolean {
  return grantsAllow(actor.grants, 'inspection', c.unitId);
}

export function mayReadReport(actor: Actor, c: ContractScope): boolean {
  return c.leaderId === actor.personId || READERS.some((r) => grantsAllow(actor.grants, r, c.unitId));
}

export function requireInspector(actor: Actor | undefined, c: ContractScope): Actor {
  const a = requireActor(actor);
  if (!mayInspect(a, c)) throw new DomainError('not_inspector', '只有督查小组可以登记专项督查和确认整改');
  return a;
}

export function requireReader(actor: Actor | undefined, c: ContractScope): Actor {
  const a = requireActor(actor);
  if (!mayReadReport(a, c)) throw new DomainError('not_allowed', '您无权查看该合同的督查整改情况');
  return a;
}

/** Whether the actor may open 专项督查 at all (the menu shows it to the same people). */
export function requireAnyReader(actor: Actor | undefined): Actor {
  const a = requireActor(actor);
  const any = a.grants.some((g) => [...READERS, 'responsible_leader'].includes(g.role));
  if (!any) throw new DomainError('not_allowed', '您无权查看专项督查');
  return a;
}

/** The contracts whose report the actor may read, as a filter (undefined: all of them). */
export function readableScope(actor: Actor): SQL | undefined {
  const grants = actor.grants.filter((g) => READERS.includes(g.role));
  if (grants.some((g) => g.unitId === null)) return undefined;
  const ids = grants.map((g) => g.unitId).filter((u): u is number => u !== null);
  return or(
    sql`${contracts.leaderId} = ${actor.personId}`,
    ids.length ? inArray(contracts.unitId, ids) : sql`false`,
  );
}
