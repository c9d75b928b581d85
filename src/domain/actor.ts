import { DomainError, type ErrorCode } from './errors';
import type { Role } from './roles';

export interface GrantView {
  id: number;
  role: Role;
  unitId: number | null;
  /** The unit's name, or 全区 for a zone-wide grant. */
  scope: string;
}

/** The person behind an event, with their live role grants (loaded once per event). */
export interface Actor {
  personId: number;
  openId: string;
  name: string;
  unitId: number | null;
  grants: GrantView[];
}

/** Whether the grants allow `role` in `unitId`; a zone-wide grant covers every unit. */
export function grantsAllow(grants: GrantView[], role: Role, unitId: number | null): boolean {
  return grants.some((g) => g.role === role && (g.unitId === null || g.unitId === unitId));
}

/** Whether the person holds `role` anywhere (in some unit or zone-wide). */
export function holdsRole(actor: Actor, role: Role): boolean {
  return actor.grants.some((g) => g.role === role);
}

/** The actor, or the refusal every action gives a person the organisation does not know. */
export function requireActor(actor: Actor | undefined): Actor {
  if (!actor) throw new DomainError('unknown_person', '您尚未加入组织架构,请联系管理员');
  return actor;
}

/** The actor holding `role` somewhere, or the refusal `message` (a person not in the org gets it too). */
export function requireRole(actor: Actor | undefined, role: Role, code: ErrorCode, message: string): Actor {
  if (!actor || !holdsRole(actor, role)) throw new DomainError(code, message);
  return actor;
}
