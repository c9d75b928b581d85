/**
 * 日期异常 · 逾期补录 per assessor: one line per person who entered months' first scores after their
 * due date, in the board's units, counted once per month (a correction keeps its month's flag and is
 * not counted again: only the month's first row, `supersedes_id is null`, is read). Listed by the day
 * the score was entered, within the date-anomaly window. The same rows as the score list's
 * `lateScoresByAssessor` (features/scoring/late.ts), read here with each contract's unit and clauses
 * and limited to the window; test/integration/board-date-anomalies.test.ts holds the two together.
 */
import { and, asc, eq, gte, inArray, isNull } from 'drizzle-orm';
import type { BoardLine } from '../../cards/board';
import type { DbOrTx } from '../../db/client';
import { contracts, monthlyScores, people } from '../../db/schema';
import { DATE_ANOMALY_WINDOW_MONTHS, dateAnomalyWindowStart } from '../../domain/board-rules';
import { shanghaiDate, shanghaiMidnight } from '../../domain/business-date';
import { contractNumber } from '../../domain/contract-format';
import { dueDate, monthLabel } from '../../domain/score-window';
import { type BoardScope, unitList } from './scope';

export async function lateScoresByAssessor(db: DbOrTx, s: BoardScope, today: string): Promise<BoardLine[]> {
  const rows = await db
    .select({
      personId: people.id,
      name: people.name,
      month: monthlyScores.month,
      dueOn: monthlyScores.dueOn,
      enteredAt: monthlyScores.enteredAt,
      contract: {
        id: contracts.id,
        signedOn: contracts.signedOn,
        unitId: contracts.unitId,
        clauses: contracts.clauses,
      },
    })
    .from(monthlyScores)
    .innerJoin(contracts, eq(contracts.id, monthlyScores.contractId))
    .innerJoin(people, eq(people.id, monthlyScores.enteredBy))
    .where(
      and(
        eq(monthlyScores.late, true),
        isNull(monthlyScores.supersedesId),
        gte(monthlyScores.enteredAt, shanghaiMidnight(dateAnomalyWindowStart(today))),
        s.units === null ? undefined : inArray(contracts.unitId, unitList(s)),
      ),
    )
    .orderBy(asc(people.id), asc(monthlyScores.enteredAt), asc(contracts.id), asc(monthlyScores.month));
  const byPerson = new Map<number, typeof rows>();
  for (const r of rows) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  return [...byPerson].map(([personId, scores]) => {
    const name = scores[0]!.name;
    return {
      key: 'late_score' as const,
      id: personId,
      // The unit of the person's first late score in scope: a person's scores may span units.
      unitId: scores[0]!.contract.unitId,
      text: `${name} 逾期补录 ${scores.length} 次(近 ${DATE_ANOMALY_WINDOW_MONTHS} 个月)`,
      detailTitle: `逾期补录 · ${name}`,
      count: scores.length,
      rows: scores.map(
        (x) =>
          `合同 ${contractNumber(x.contract)} ${monthLabel(x.month)}:应于 ` +
          `${x.dueOn ?? dueDate(x.month, x.contract.clauses.scoring)} 前评分,${shanghaiDate(x.enteredAt)} 录入`,
      ),
    };
  });
}
