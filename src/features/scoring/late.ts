/**
 * 逾期补录 per assessor (DOMAIN.md "The order of dates"): the months each assessor first scored after
 * the month's due date, within a board's unit scope. A month counts once, for whoever entered its
 * first score late (a correction keeps that flag and is not a second late entry), and it stays
 * counted after the month is corrected: the month was scored late.
 */
import { type DbOrTx, rawSql } from '../../db/client';
import { type LateFirstEntry, lateFirstEntriesOn } from '../../db/sql/scores';

export type LateScore = Omit<LateFirstEntry, 'assessorId' | 'name'>;

export type LateByAssessor = {
  assessorId: number;
  name: string;
  count: number;
  /** The late first entries' row ids, oldest month first. */
  scoreIds: number[];
  scores: LateScore[];
};

/**
 * Every assessor with at least one late first entry among the contracts of `scope`'s units (null:
 * the whole zone; a board's scope is one), most late entries first, then by name.
 */
export async function lateScoresByAssessor(
  db: DbOrTx,
  scope: { units: number[] | null },
): Promise<LateByAssessor[]> {
  const rows = await lateFirstEntriesOn(rawSql(db), scope.units);
  const byPerson = new Map<number, LateByAssessor>();
  for (const { assessorId, name, ...score } of rows) {
    const a = byPerson.get(assessorId) ?? { assessorId, name, count: 0, scoreIds: [], scores: [] };
    byPerson.set(assessorId, a);
    a.count += 1;
    a.scoreIds.push(score.scoreId);
    a.scores.push(score);
  }
  return [...byPerson.values()].sort(
    (a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh') || a.assessorId - b.assessorId,
  );
}
