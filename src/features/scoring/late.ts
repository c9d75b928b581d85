/**
 * 逾期补录 per assessor (DOMAIN.md "The order of dates"): the months each assessor first scored after
 * the month's due date, within a board's unit scope. A month counts once, for whoever entered its
 * first score late (a correction keeps that flag and is not a second late entry), and it stays
 * counted after the month is corrected: the month was scored late.
 */
import { type DbOrTx, rawSql } from '../../db/client';

export type LateScore = {
  /** The late first entry's row (monthly_scores.id); its corrections keep its flag. */
  scoreId: number;
  contractId: number;
  /** The contract's signing date: with the id, its number (HT-2026-0012). */
  signedOn: string;
  month: string;
  dueOn: string | null;
  /** When the late score was entered (a timestamp; its business date is after dueOn). */
  enteredAt: Date;
};

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
  const sql = rawSql(db);
  const units = scope.units;
  const rows = await sql<(LateScore & { assessorId: number; name: string })[]>`
    select s.id::int as "scoreId", s.contract_id::int as "contractId", c.signed_on as "signedOn",
      s.month, s.due_on as "dueOn", s.entered_at as "enteredAt",
      p.id::int as "assessorId", p.name
    from monthly_scores s
      join contracts c on c.id = s.contract_id
      join people p on p.id = s.entered_by
    where s.late and s.supersedes_id is null
      ${units === null ? sql`` : sql`and c.unit_id = any(${units.length ? units : [-1]}::bigint[])`}
    order by p.id, s.month, s.contract_id`;
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
