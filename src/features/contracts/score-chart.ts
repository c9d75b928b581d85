/**
 * What the contract card's score chart draws: the term's months up to today (the latest 36), each
 * with its current final score (a spot check's score where one stands, rule 12), and the contract's
 * own two bars (clauses copied at signing, never the policy).
 */
import type { ScoreLineData } from '../../cards/charts/score-line';
import { type DbOrTx, rawSql } from '../../db/client';
import { currentScoresOn, standingScoresOn } from '../../db/sql/contracts';
import type { ContractClauseValues } from '../../domain/contract';
import { lateNote } from '../../domain/late-score';
import { monthOfDate, termMonths } from '../../domain/months';

type ContractTerm = { id: number; startsOn: string; endsOn: string; clauses: ContractClauseValues };

export async function scoreChartOf(db: DbOrTx, c: ContractTerm, asOf: string): Promise<ScoreLineData> {
  const today = monthOfDate(asOf);
  const months = termMonths({ startMonth: monthOfDate(c.startsOn), endMonth: monthOfDate(c.endsOn) }).filter(
    (m) => m <= today,
  );
  const sql = rawSql(db);
  const [scores, standing, late] = await Promise.all([
    currentScoresOn(sql, c.id),
    standingScoresOn(sql, [c.id]),
    sql<{ month: string; dueOn: string | null; late: boolean }[]>`
      select month, due_on as "dueOn", late from monthly_scores
      where contract_id = ${c.id} and current and late order by month`,
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
  };
}
