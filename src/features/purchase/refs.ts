import { asc, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { loadPolicy } from '../../db/policy';
import { people, roleGrants, units } from '../../db/schema';
import { type Actor, grantsAllow } from '../../domain/actor';

import { CATEGORY_LABELS, type ServiceCategory } from '../../domain/categories';
import { formatYuan } from '../../domain/money';
import type { FilingRefs } from '../../domain/purchase-validate';
import { lineSummaries } from '../budget/line-summary';

export interface FilingContext extends FilingRefs {
  /** Each line with its category: the request takes it (rule 1). */
  lineOptions: { value: string; text: string; category: ServiceCategory }[];
  people: { openId: string; name: string }[];
  unitNames: Map<number, string>;
  /** The current policy's committee threshold, for the route shown before submitting. */
  committeeThresholdFen: bigint;
}

/**
 * Everything a filing step needs: the budget lines of the units where the actor files (this
 * fiscal year, with what remains), and who holds which role where, for the person pickers.
 */
export async function loadFilingContext(db: DbOrTx, actor: Actor, year: number): Promise<FilingContext> {
  const allUnits = await db.select().from(units).orderBy(asc(units.id));
  const unitNames = new Map(allUnits.map((u) => [u.id, u.name]));
  const fileUnits = allUnits.filter((u) => grantsAllow(actor.grants, 'filer', u.id));
  const lines: FilingRefs['lines'] = new Map();
  const lineOptions: FilingContext['lineOptions'] = [];
  for (const u of fileUnits) {
    for (const l of await lineSummaries(db, { unitId: u.id, year })) {
      lines.set(String(l.id), { unitId: l.unitId, remainingFen: l.remainingFen, category: l.category });
      const label = `${u.name} · ${l.fiscalYear}年 · ${CATEGORY_LABELS[l.category]}${l.name ? ` · ${l.name}` : ''}`;
      lineOptions.push({
        value: String(l.id),
        text: `${label}(剩余 ${formatYuan(l.remainingFen)})`,
        category: l.category,
      });
    }
  }
  const everyone = await db
    .select({ id: people.id, openId: people.openId, name: people.name })
    .from(people)
    .orderBy(asc(people.id));
  const grants = await db
    .select({ personId: roleGrants.personId, role: roleGrants.role, unitId: roleGrants.unitId })
    .from(roleGrants)
    .where(isNull(roleGrants.revokedAt));
  const idByOpen = new Map(everyone.map((p) => [p.openId, p.id]));
  const policy = await loadPolicy(db);
  return {
    committeeThresholdFen: policy.committeeThresholdFen,
    lines,
    lineOptions,
    unitNames,
    people: everyone.map((p) => ({ openId: p.openId, name: p.name })),
    rolesIn(openId, unitId) {
      const id = idByOpen.get(openId);
      const mine = grants.filter((g) => g.personId === id && (g.unitId === null || g.unitId === unitId));
      return new Set(mine.map((g) => g.role));
    },
  };
}
