/**
 * 以往抽查: the spot checks the actor may open, newest first, a page at a time (keyset). Exactly those
 * `spotcheck.show` admits (`requireScope`): a zone-wide checker sees every check; a unit-scoped one
 * the checks whose units all lie within their grants (never a zone-wide check). The scope is part of
 * every page's query, so a forged cursor shows nothing else.
 */
import { and, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { SpotCheckListView } from '../../cards/spot-check-list';
import type { DbOrTx } from '../../db/client';
import { people, spotCheckSamples, spotChecks, units } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { shanghaiDate } from '../../domain/business-date';
import { type Cursor, LIST_PAGE_SIZE } from '../../domain/list-page';
import { keyset, keysetPage } from '../keyset';
import { checkerUnits, requireChecker } from './access';

/** The checks of the actor's scope, as SQL (undefined: every check). */
export function checkListScope(actor: Actor): SQL | undefined {
  const mine = checkerUnits(actor);
  if (mine === null) return undefined;
  const unitIds = sql`(${spotChecks.scope} -> 'unitIds')`;
  return sql`(jsonb_typeof(${unitIds}) = 'array' and ${unitIds} <@ ${JSON.stringify(mine)}::jsonb)`;
}

/** 2026-12-07 10:05, Shanghai time (UTC+8 all year). */
const stamp = (at: Date) =>
  `${shanghaiDate(at)} ${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)}`;

export async function spotCheckList(
  db: DbOrTx,
  actorInput: Actor | undefined,
  cursor: Cursor = {},
  size = LIST_PAGE_SIZE,
): Promise<SpotCheckListView> {
  const actor = requireChecker(actorInput);
  const scope = checkListScope(actor);
  const k = keyset(spotChecks.id, cursor);
  const [fetched, [total]] = await Promise.all([
    db
      .select({ check: spotChecks, creator: people.name })
      .from(spotChecks)
      .innerJoin(people, eq(people.id, spotChecks.createdBy))
      .where(and(scope, k.edge))
      .orderBy(k.order)
      .limit(size + 1),
    db.select({ n: count(), behind: k.behind }).from(spotChecks).where(and(scope)),
  ]);
  const page = keysetPage(
    fetched.map((r) => ({ ...r, id: r.check.id })),
    size,
    k.cursor,
    total?.behind === true,
  );
  const ids = page.rows.map((r) => r.id);
  const unitIds = [...new Set(page.rows.flatMap((r) => r.check.scope.unitIds ?? []))];
  const [tallies, names] = await Promise.all([
    ids.length
      ? db
          .select({
            id: spotCheckSamples.spotCheckId,
            samples: sql<number>`count(*)::int`,
            scored: sql<number>`count(${spotCheckSamples.checkedAt})::int`,
            exceeds: sql<number>`count(*) filter (where ${spotCheckSamples.exceedsTolerance})::int`,
          })
          .from(spotCheckSamples)
          .where(inArray(spotCheckSamples.spotCheckId, ids))
          .groupBy(spotCheckSamples.spotCheckId)
      : [],
    unitIds.length
      ? db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds))
      : [],
  ]);
  const tally = new Map(tallies.map((t) => [t.id, t]));
  const unitName = new Map(names.map((u) => [u.id, u.name]));
  return {
    total: total?.n ?? 0,
    ...(page.newer !== undefined ? { newer: page.newer } : {}),
    ...(page.older !== undefined ? { older: page.older } : {}),
    rows: page.rows.map(({ check: c, creator }) => {
      const t = tally.get(c.id);
      return {
        id: c.id,
        createdAt: stamp(c.createdAt),
        createdBy: creator,
        scope: {
          units:
            c.scope.unitIds === null
              ? null
              : [...c.scope.unitIds].sort((a, b) => a - b).map((u) => unitName.get(u) ?? `#${u}`),
          categories: c.scope.categories,
          fromMonth: c.scope.fromMonth,
          toMonth: c.scope.toMonth,
          sampleSize: c.sampleSize,
          sampleBp: c.sampleBp,
        },
        drawn: c.drawnAt !== null,
        samples: t?.samples ?? 0,
        scored: t?.scored ?? 0,
        exceeds: t?.exceeds ?? 0,
      };
    }),
  };
}
