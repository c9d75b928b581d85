/**
 * Writes a monthly score or its correction (rule 7) in the caller's transaction: under the contract's
 * row lock every check is made again, the old row of a correction only loses its `current` flag, and
 * each row written is audited. The partial unique index monthly_scores_current_uq backs the lock.
 */

import { eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { Tx } from '../../db/client';
import { monthlyScores } from '../../db/schema';
import type { Actor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import { scoreLateness } from '../../domain/late-score';
import { formatPoints } from '../../domain/score';
import { type Entry, type Typed, typedOf, validateEntry } from '../../domain/score-entry';
import { withSurvey } from '../../domain/survey-entry';
import type { OutboxWriter } from '../../outbox/write';
import { closedSurveyOf } from '../surveys/closed';
import { loadScorable, lockContract, type Scorable, type ScoreRow } from './access';
import { afterScoreRecorded } from './after-score';
import { managementTyped, otherScoredMonths, settleQuarterScore } from './management';

export type Recorded = Scorable & {
  score: ScoreRow;
  entry: Entry;
  previous?: ScoreRow;
  /** Other months of the quarter corrected with a corrected quarter score (quarterly contracts). */
  alsoCorrected?: string[];
};

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

export async function recordScore(
  tx: Tx,
  input: {
    actor: Actor;
    contractId: number;
    month: string;
    typed: Typed;
    /** Set for a correction: the score the preview showed, which must still be current. */
    supersedes?: number;
    now: Date;
    /** The event's outbox writer: what the threshold engine sends goes out right after commit. */
    out: OutboxWriter;
    today: string;
  },
): Promise<Recorded> {
  const correction = input.supersedes !== undefined;
  await lockContract(tx, input.contractId);
  const s = await loadScorable(tx, input.actor, {
    contractId: input.contractId,
    month: input.month,
    today: input.today,
    mode: correction ? 'correct' : 'new',
    supersedes: input.supersedes,
  });
  const actor = input.actor;
  // A quarterly contract's management score A is the quarter's (typed once per quarter).
  const typed = await managementTyped(tx, s.contract, {
    month: input.month,
    typed: input.typed,
    correcting: correction,
  });
  const checked = validateEntry(s.contract.rubric, s.contract.clauses, typed, correction);
  if (!checked.ok) throw new DomainError('bad_score', checked.error);
  const quarter = await settleQuarterScore(tx, {
    contractId: s.contract.id,
    clauses: s.contract.clauses,
    month: input.month,
    tenths: checked.entry.managementTenths,
    reason: checked.entry.reason,
    actor: input.actor,
    now: input.now,
  });
  // The month's closed survey round, if the contract has one: its share goes into the management line.
  const survey = await closedSurveyOf(tx, s.contract, input.month, input.today);
  const entry = withSurvey(checked.entry, s.contract.clauses, survey);
  const previous = correction ? s.current : undefined;
  // 逾期补录: judged on the month's first entry; a correction keeps what its predecessor says.
  const lateness = scoreLateness(input.month, s.contract.clauses.scoring, input.today, previous);
  if (previous)
    await tx.update(monthlyScores).set({ current: false }).where(eq(monthlyScores.id, previous.id));
  let score: ScoreRow;
  try {
    [score] = (await tx
      .insert(monthlyScores)
      .values({
        contractId: s.contract.id,
        month: input.month,
        deductions: entry.deductions,
        dailyTenths: entry.dailyTenths,
        managementTenths: entry.managementTenths,
        assessedManagementTenths: entry.assessedManagementTenths ?? null,
        surveyRoundId: entry.survey?.applied ? entry.survey.roundId : null,
        finalTenths: entry.finalTenths,
        quarterScoreId: quarter?.row.id ?? null,
        enteredBy: actor.personId,
        enteredAt: input.now,
        supersedesId: previous?.id ?? null,
        correctionReason: entry.reason ?? null,
        current: true,
        dueOn: lateness.dueOn,
        late: lateness.late,
      })
      .returning()) as [ScoreRow];
  } catch (err) {
    if (isUniqueViolation(err))
      throw new DomainError('already_scored', `${input.month} 已录入考核成绩,不能重复录入`);
    throw err;
  }
  const values = {
    contractId: s.contract.id,
    month: input.month,
    deductions: entry.deductions,
    dailyTenths: entry.dailyTenths,
    managementTenths: entry.managementTenths,
    finalTenths: entry.finalTenths,
    weights: s.contract.clauses.scoring,
    dueOn: lateness.dueOn,
    late: lateness.late,
    ...(quarter ? { quarter: quarter.row.quarter, quarterScoreId: quarter.row.id } : {}),
    // Counts and the mean only: never who answered.
    ...(entry.survey
      ? {
          survey: {
            roundId: entry.survey.roundId,
            period: entry.survey.period,
            answers: entry.survey.count,
            minAnswers: entry.survey.minAnswers,
            mean: entry.survey.mean,
            shareBp: entry.survey.shareBp,
            applied: entry.survey.applied,
            ...(entry.survey.applied
              ? { assessedManagementTenths: entry.assessedManagementTenths }
              : { note: '样本不足' }),
          },
        }
      : {}),
  };
  if (previous) {
    await appendAudit(tx, {
      aggregateType: 'monthly_score',
      aggregateId: previous.id,
      actor: actor.openId,
      action: 'score.superseded',
      data: {
        contractId: s.contract.id,
        month: input.month,
        by: score.id,
        reason: entry.reason,
        dueOn: lateness.dueOn,
        late: lateness.late,
      },
      at: input.now,
    });
  }
  await appendAudit(tx, {
    aggregateType: 'monthly_score',
    aggregateId: score.id,
    actor: actor.openId,
    action: previous ? 'score.corrected' : 'score.recorded',
    data: previous ? { ...values, supersedes: previous.id, reason: entry.reason } : values,
    at: input.now,
  });
  await afterScoreRecorded(
    tx,
    { contractId: s.contract.id, month: input.month, scoreId: score.id },
    { out: input.out, now: input.now },
  );
  // A corrected quarter score corrects each other month of the quarter already scored (each its own
  // audited correction, the threshold engine run for each), in this transaction under the same lock.
  const alsoCorrected: string[] = [];
  if (quarter?.superseded)
    for (const other of await otherScoredMonths(tx, s.contract.id, quarter.row.quarter, input.month)) {
      await recordScore(tx, {
        ...input,
        month: other.month,
        supersedes: other.id,
        typed: {
          ...typedOf(other),
          management: formatPoints(quarter.row.managementTenths),
          reason: entry.reason ?? '',
        },
      });
      alsoCorrected.push(other.month);
    }
  return { ...s, score, entry, previous, ...(alsoCorrected.length ? { alsoCorrected } : {}) };
}
