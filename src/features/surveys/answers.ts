/**
 * Answering a survey (满意度测评, rule 7): only a recipient of the round (an invite was sent to them),
 * until the round's closing day; a second answer replaces the first (revision + 1), the same answer
 * again (a double click) changes nothing. The audit row names the round, the revision and how many
 * have answered, never the person or their ratings: the trail is read by assessors' overseers and
 * auditors, and nobody there may learn who answered what.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { surveyAnswers, surveyInvites } from '../../db/schema';
import { requireActor } from '../../domain/actor';
import { shanghaiDate } from '../../domain/calendar';
import { DomainError } from '../../domain/errors';
import type { FormValues } from '../../domain/form';
import { dayLabel, parseSurveyAnswer, roundOpenOn, sameAnswer } from '../../domain/survey';
import type { UseCaseOfAnyone } from '../use-case';
import { roundsWithContracts, surveyView } from './view';

/** Who the audit row says answered: nobody in particular. */
export const RESPONDENT = 'survey:respondent';
export const NOT_RECIPIENT = '您不是本期满意度测评的测评对象,不能填写该问卷';

export async function answerSurvey(
  { tx, actor, now }: Pick<UseCaseOfAnyone, 'tx' | 'actor' | 'now'>,
  { roundId, form }: { roundId: number; form: FormValues },
) {
  const a = requireActor(actor);
  // The invite row is the right to answer, and its lock orders two clicks of one person.
  const [invite] = await tx
    .select()
    .from(surveyInvites)
    .where(and(eq(surveyInvites.roundId, roundId), eq(surveyInvites.personId, a.personId)))
    .for('update');
  if (!invite) throw new DomainError('survey_not_recipient', NOT_RECIPIENT);
  const [x] = await roundsWithContracts(tx, [roundId]);
  const s = x?.contract.clauses.survey;
  if (!x || !s) throw new DomainError('survey_not_recipient', NOT_RECIPIENT);
  const today = shanghaiDate(now);
  if (!roundOpenOn(today, x.round))
    throw new DomainError(
      'survey_closed',
      `本期满意度测评已于 ${dayLabel(x.round.closesOn)} 截止,不能再提交或修改`,
    );
  const input = parseSurveyAnswer(form, s.dimensions);
  const [before] = await tx
    .select()
    .from(surveyAnswers)
    .where(and(eq(surveyAnswers.roundId, roundId), eq(surveyAnswers.personId, a.personId)));
  const view = surveyView(x.round, x.contract, s);
  if (before && sameAnswer(before, input, s.dimensions))
    return { view: { ...view, answer: before }, changed: false };
  const [saved] = await tx
    .insert(surveyAnswers)
    .values({
      roundId,
      personId: a.personId,
      ratings: input.ratings,
      comment: input.comment,
      answeredAt: now,
    })
    .onConflictDoUpdate({
      target: [surveyAnswers.roundId, surveyAnswers.personId],
      set: {
        ratings: input.ratings,
        comment: input.comment,
        revision: sql`${surveyAnswers.revision} + 1`,
        answeredAt: now,
      },
    })
    .returning();
  const [n] = await tx.select({ n: count() }).from(surveyAnswers).where(eq(surveyAnswers.roundId, roundId));
  await appendAudit(tx, {
    aggregateType: 'survey_round',
    aggregateId: roundId,
    actor: RESPONDENT,
    action: 'survey.answered',
    data: { revision: saved!.revision, answers: n!.n },
    at: now,
  });
  return { view: { ...view, answer: saved! }, changed: true };
}
