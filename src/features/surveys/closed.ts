/**
 * The month's closed survey round and its result, for the score (rule 7): the round of the month's
 * period (the month, or its quarter on a quarterly line) whose last day is before `today`. Only
 * ratings and comments are read, never who answered.
 */
import { and, eq, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { surveyAnswers, surveyRounds } from '../../db/schema';
import type { ContractClauseValues } from '../../domain/contract';
import {
  type SurveyResult,
  type SurveyShown,
  surveyClausesOf,
  surveyPeriodOf,
  surveyResult,
  surveyShown,
} from '../../domain/survey-share';

export type MonthSurvey = { round: { id: number; period: string }; result: SurveyResult };

export async function closedSurveyOf(
  db: DbOrTx,
  contract: { id: number; clauses: ContractClauseValues },
  month: string,
  today: string,
): Promise<MonthSurvey | undefined> {
  const sc = surveyClausesOf(contract.clauses);
  if (!sc) return undefined;
  const period = surveyPeriodOf(month, contract.clauses.scoring.managementPeriod);
  const [round] = await db
    .select({ id: surveyRounds.id, period: surveyRounds.period })
    .from(surveyRounds)
    .where(
      and(
        eq(surveyRounds.contractId, contract.id),
        eq(surveyRounds.period, period),
        lt(surveyRounds.closesOn, today),
      ),
    );
  if (!round) return undefined;
  const answers = await db
    .select({ ratings: surveyAnswers.ratings })
    .from(surveyAnswers)
    .where(eq(surveyAnswers.roundId, round.id));
  return { round, result: surveyResult(answers, sc) };
}

/** What the score form shows beside the management field; undefined for a contract without a survey. */
export async function surveyNoteOf(
  db: DbOrTx,
  contract: { id: number; clauses: ContractClauseValues },
  month: string,
  today: string,
): Promise<SurveyShown | 'none' | undefined> {
  const sc = surveyClausesOf(contract.clauses);
  if (!sc) return undefined;
  const s = await closedSurveyOf(db, contract, month, today);
  return s ? surveyShown(s.round, s.result, sc) : 'none';
}

/** Every closed round of a contract with its result, in period order (the contract card's chart). */
export async function closedSurveysOf(
  db: DbOrTx,
  contract: { id: number; clauses: ContractClauseValues },
  today: string,
): Promise<MonthSurvey[]> {
  const sc = surveyClausesOf(contract.clauses);
  if (!sc) return [];
  const rounds = await db
    .select({ id: surveyRounds.id, period: surveyRounds.period })
    .from(surveyRounds)
    .where(and(eq(surveyRounds.contractId, contract.id), lt(surveyRounds.closesOn, today)))
    .orderBy(surveyRounds.period);
  if (rounds.length === 0) return [];
  const answers = await db
    .select({ roundId: surveyAnswers.roundId, ratings: surveyAnswers.ratings })
    .from(surveyAnswers)
    .where(
      inArray(
        surveyAnswers.roundId,
        rounds.map((r) => r.id),
      ),
    );
  return rounds.map((round) => ({
    round,
    result: surveyResult(
      answers.filter((a) => a.roundId === round.id),
      sc,
    ),
  }));
}
