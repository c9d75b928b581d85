/**
 * 合同态势: contracts by standing, for one unit or for every unit the clicker may see.
 * Who sees what is the savings card's rule: a zone-wide role sees every unit; anyone else the units
 * they hold a role in (membership of a unit alone shows nothing).
 */

import { byConcern } from '../../cards/charts/standing-bar';
import type { UnitStanding } from '../../cards/standing';
import { buildStandingCard } from '../../cards/standing';
import { type Actor, requireActor } from '../../domain/actor';
import { shanghaiDate } from '../../domain/business-date';
import { DomainError } from '../../domain/errors';
import { standingByUnit } from '../../features/contracts/standing';
import { raw } from '../types';
import type { GuardContext } from './scopes';
import { DENIED } from './scopes';
import type { ReadContext, ValueOf } from './types';

type Value = ValueOf<'standing.show'>;

function reach(actor: Actor) {
  const zoneWide = actor.grants.some((g) => g.unitId === null);
  const own = [...new Set(actor.grants.map((g) => g.unitId).filter((u): u is number => u != null))];
  return { zoneWide, own };
}

/**
 * Someone holding a role; a unit named in the value must be one of theirs (any unit, for a zone-wide
 * role). The refusal is the generic one: it does not say whether the unit exists.
 */
export const standingScope = (ctx: GuardContext, v: Value) => {
  const actor = requireActor(ctx.actor);
  if (actor.grants.length === 0) throw new DomainError('not_allowed', '您尚未被授予任何角色,请联系管理员');
  const { zoneWide, own } = reach(actor);
  if (v.unit !== undefined && !zoneWide && !own.includes(v.unit))
    throw new DomainError('not_allowed', DENIED);
};

export const showStanding = async (ctx: ReadContext, v: Value) => {
  const actor = requireActor(ctx.actor);
  const { zoneWide, own } = reach(actor);
  const asOf = shanghaiDate(ctx.deps.now());
  const units: UnitStanding[] = await standingByUnit(ctx.tx, asOf, zoneWide ? undefined : own);
  // A person of one unit has nothing to compare: their unit is the view.
  const unitId = v.unit ?? (!zoneWide && units.length === 1 ? units[0]?.unitId : undefined);
  const unit = unitId === undefined ? undefined : units.find((u) => u.unitId === unitId);
  if (unitId !== undefined && !unit) throw new DomainError('not_allowed', DENIED);
  const choices = byConcern(units).map((u) => ({ id: u.unitId, name: u.unitName }));
  return {
    card: raw(
      buildStandingCard({
        asOf,
        zoneWide,
        unit: unit && { id: unit.unitId, name: unit.unitName },
        units: unit ? [unit] : units,
        choices,
      }),
    ),
  };
};
