/**
 * What the contract card's score chart draws: the term's months up to today (the latest 36), each
 * with its current final score (a spot check's score where one stands, rule 12), and the contract's
 * own two bars (clauses copied at signing, never the policy).
 */
import type { ScoreLineData } from '../../cards/charts/score-line';
import { type DbOrTx, rawSql } from '../../db/client';
import { currentScoresOn, standingScoresOn } from '../../db/sql/contracts';
import { lateMonthsOn } from '../../db/sql/scores';
import type { ContractClauseValues } from '../../domain/contract';
import { lateNote } from '../../domain/late-score';
import { monthOfDate, termMonths } from '../../domain/months';
import { meanText, surveyPointsTenths } from '../../domain/survey-share';
import { closedSurveysOf } from '../surveys/closed';

type ContractTerm = { id: number; startsOn: string; endsOn: string; clauses: ContractClauseValues };

export async function scoreChartOf(db: DbOrTx, c: ContractTerm, asOf: string): Promise<ScoreLineData> {
  const today = monthOfDate(asOf);
  const months = termMonths({ startMonth: monthOfDate(c.startsOn), endMonth: monthOfDate(c.endsOn) }).filter(
    (m) => m <= today,
  );
  const sql = rawSql(db);
  const [scores, standing, late, surveys] = await Promise.all([
    currentScoresOn(sql, c.id),
    standingScoresOn(sql, [c.id]),
    lateMonthsOn(sql, c.id),
    closedSurveysOf(db, c, asOf),
  ]);
  return {
    months: months.slice(-36),
    scores: scores.map((s) => ({ month: s.month, finalTenths: s.finalTenths })),
    standing: standing.map((s) => ({
      month: s.month,
      assessorTenths: s.assessorTenths,
      checkerTenths: s.checkerTenths,
    })),
    late: late.map((s) => ({ month: s.month, label: lateNote(s) })),
    belowTenths: c.clauses.termination.belowTenths,
    banTenths: c.clauses.bidBan.annualAverageBelowTenths,
    // Counts and means only (满意度测评 is anonymous): drawn at the period's last month.
    surveys: surveys.map(({ round, result }) => ({
      period: round.period,
      month: lastMonthOf(round.period),
      count: result.count,
      minAnswers: result.minAnswers,
      mean: meanText(result),
      pointsTenths: surveyPointsTenths(result),
      enough: result.enough && result.count > 0,
    })),
  };
}

/** `2026-11` stays; `2026-Q4` is drawn at `2026-12`. */
function lastMonthOf(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  return q ? `${q[1]}-${String(Number(q[2]) * 3).padStart(2, '0')}` : period;
}
