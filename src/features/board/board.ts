/**
 * The discipline-inspection board (纪检监察看板): every signal's query for one scope, as of a
 * business date. Read-only: nothing here writes, audits or sends.
 */
import { type BoardLine, type BoardView, SECTION_OF } from '../../cards/board';
import type { DbOrTx } from '../../db/client';
import type { BoardLineKey } from '../../domain/board-rules';
import { yearOf } from '../../domain/business-date';
import { bansRecordedAndLifted } from './bans';
import { scoreClusters } from './clusters';
import { spotCheckGaps } from './gaps';
import { lateScoresByAssessor } from './late-scores';
import { lateSignings } from './late-signing';
import { overdueLegalReviews, unreviewedContracts } from './legal-review';
import { overdueRectifications, overdueScores } from './overdue';
import { satisfactionGaps } from './satisfaction';
import { type BoardScope, scopeLabel } from './scope';
import { singleSourceShares } from './single-source';
import { splitPurchases } from './splits';
import { bansInForce, openWarnings, pendingTerminations } from './thresholds';
import { unscoredPaidPeriods } from './unscored-paid';

type Query = (db: DbOrTx, s: BoardScope, today: string) => Promise<BoardLine[]>;
// One function for both kinds of line it returns, so the board runs it once.
const bans: Query = (db, s, today) => bansRecordedAndLifted(db, s, yearOf(today));

/** Each section's queries; a detail runs only the one its line belongs to. */
const QUERIES: Record<BoardLineKey, Query> = {
  warning: openWarnings,
  termination: pendingTerminations,
  ban: (db, s, today) => bansInForce(db, s, yearOf(today)),
  cluster: scoreClusters,
  gap: spotCheckGaps,
  split: (db, s, today) => splitPurchases(db, s, yearOf(today)),
  single_source: (db, s, today) => singleSourceShares(db, s, yearOf(today)),
  overdue_score: overdueScores,
  overdue_rect: overdueRectifications,
  ban_recorded: bans,
  ban_lifted: bans,
  late_signing: lateSignings,
  late_score: lateScoresByAssessor,
  unscored_paid: unscoredPaidPeriods,
  review_overdue: overdueLegalReviews,
  unreviewed: unreviewedContracts,
  satisfaction: satisfactionGaps,
};

/** Every line of the board for the scope, section by section. */
export async function boardLines(db: DbOrTx, s: BoardScope, today: string): Promise<BoardLine[]> {
  const runs = [...new Set(Object.values(QUERIES))].map((q) => q(db, s, today));
  return (await Promise.all(runs)).flat();
}

export async function boardView(db: DbOrTx, s: BoardScope, today: string): Promise<BoardView> {
  const [label, lines] = await Promise.all([scopeLabel(db, s), boardLines(db, s, today)]);
  return { scopeLabel: label, asOf: today, lines: sortBySection(lines) };
}

const ORDER = Object.keys(SECTION_OF) as BoardLineKey[];
function sortBySection(lines: BoardLine[]): BoardLine[] {
  return [...lines].sort((a, b) => ORDER.indexOf(a.key) - ORDER.indexOf(b.key));
}

/**
 * The line `key`/`id` as the scope sees it today, or undefined: a line outside the scope, or one that
 * no longer holds, has no rows to show (the same answer either way, so a forged id learns nothing).
 */
export async function boardLine(
  db: DbOrTx,
  s: BoardScope,
  line: { today: string; key: BoardLineKey; id: number },
): Promise<BoardLine | undefined> {
  const { today, key, id } = line;
  const lines = await QUERIES[key](db, s, today);
  return lines.find((l) => l.key === key && l.id === id);
}
