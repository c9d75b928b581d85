/**
 * Whose board: discipline inspection only (DOMAIN.md "Who sees what": discipline reads everything in
 * its scope). A zone-wide discipline grant sees every unit; unit-scoped grants see their units only.
 * Other roles a person holds widen nothing here.
 */
import { asc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { units } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';

/** The units a board covers: null for the whole zone. */
export type BoardScope = { units: number[] | null };

export const NOT_DISCIPLINE = '纪检监察看板仅限纪检监察人员查看';

/** The discipline grants' scope of the actor; refused when they hold none. */
export function boardScopeOf(actor: Actor | undefined): BoardScope {
  const grants = actor?.grants.filter((g) => g.role === 'discipline') ?? [];
  if (grants.length === 0) throw new DomainError('not_allowed', NOT_DISCIPLINE);
  if (grants.some((g) => g.unitId === null)) return { units: null };
  return { units: [...new Set(grants.map((g) => g.unitId!))].sort((a, b) => a - b) };
}

/** The unit ids as a statement takes them: never an empty list (that would match nothing anyway). */
export const unitList = (s: BoardScope): number[] => (s.units?.length ? s.units : [-1]);

/** Whether `unitId` is within the scope. */
export const inScope = (s: BoardScope, unitId: number) => s.units === null || s.units.includes(unitId);

/** 全园区, or the scope's unit names. */
export async function scopeLabel(db: DbOrTx, s: BoardScope): Promise<string> {
  if (s.units === null) return '全园区';
  const rows = await db
    .select({ name: units.name })
    .from(units)
    .where(inArray(units.id, unitList(s)))
    .orderBy(asc(units.id));
  return rows.map((r) => r.name).join('、') || '无';
}
