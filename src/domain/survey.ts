/**
 * Satisfaction surveys (满意度测评, rule 7), the pure parts: the clauses a contract copies at signing,
 * which round is open on a day, when its one chase goes out, and what an answer must hold. Nothing
 * here knows who answers.
 */
import { type BusinessDate, dateParts } from './business-date';
import { isWorkingDay, workingDaysBetween } from './calendar';
import type { ServiceCategory } from './categories';
import type { ManagementPeriod, SurveyClauses, SurveyDimension, SurveyRecipientsMode } from './contract';
import { SURVEY_TO_REFUSAL } from './contract-form';
import { DomainError } from './errors';
import { checkFieldText, type FormValues, formText } from './form';
import { type Month, monthOfDate, monthParts } from './months';
import type { Policy } from './policy';

export const SURVEY_RECIPIENT_LABELS: Record<SurveyRecipientsMode, string> = {
  named: '指定人员',
  group: '项目群成员',
};

/** clauses.survey from the policy (version 4 on) and the category's dimensions; undefined before v4. */
export function surveyClausesFrom(
  policy: Policy,
  category: ServiceCategory,
  recipients: SurveyRecipientsMode,
): SurveyClauses | undefined {
  const s = policy.survey;
  if (!s) return undefined;
  return {
    minAnswers: s.minAnswers,
    shareBp: s.shareBp,
    opensDay: s.opensDay,
    closesDay: s.closesDay,
    chaseBeforeCloseDays: s.chaseBeforeCloseDays,
    dimensions: s.dimensionTemplates[category].map((d) => ({ key: d.key, name: d.name })),
    recipients,
  };
}

/** A survey period: `YYYY-MM`, or `YYYY-Qn` for a contract whose management line is quarterly. */
export type SurveyPeriod = string;

/** The months of a period, in order. */
export function periodMonths(period: SurveyPeriod): Month[] {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!q) {
    monthParts(period);
    return [period];
  }
  const first = Number(q[2]) * 3 - 2;
  return [0, 1, 2].map((i) => `${q[1]}-${String(first + i).padStart(2, '0')}`);
}

/** The period whose round runs in `month` (its last month), or undefined (a quarter's first two months). */
export function periodEndingIn(month: Month, managementPeriod: ManagementPeriod | undefined) {
  const { year, month: m } = monthParts(month);
  if (managementPeriod !== 'quarter') return month;
  return m % 3 === 0 ? `${year}-Q${m / 3}` : undefined;
}

/** `2027年1月` or `2027年第1季度`: a period as the cards say it. */
export function periodLabel(period: SurveyPeriod): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}年第${q[2]}季度`;
  const { year, month } = monthParts(period);
  return `${year}年${month}月`;
}

/** The round of `period`: day opensDay to day closesDay (inclusive) of the period's last month. */
export function roundDates(period: SurveyPeriod, s: Pick<SurveyClauses, 'opensDay' | 'closesDay'>) {
  const last = periodMonths(period).at(-1)!;
  const day = (d: number) => `${last}-${String(d).padStart(2, '0')}`;
  return { opensOn: day(s.opensDay), closesOn: day(s.closesDay) };
}

/**
 * The round open on `today` for a contract of term `startsOn`..`endsOn`, if any: today lies between
 * its opening and closing days, and at least one month of its period lies within the term.
 */
export function openRound(
  today: BusinessDate,
  term: { startsOn: string; endsOn: string },
  s: Pick<SurveyClauses, 'opensDay' | 'closesDay'>,
  managementPeriod: ManagementPeriod | undefined,
): { period: SurveyPeriod; opensOn: string; closesOn: string } | undefined {
  const period = periodEndingIn(monthOfDate(today), managementPeriod);
  if (!period) return undefined;
  const { opensOn, closesOn } = roundDates(period, s);
  if (today < opensOn || today > closesOn) return undefined;
  const first = monthOfDate(term.startsOn);
  const last = monthOfDate(term.endsOn);
  if (!periodMonths(period).some((m) => m >= first && m <= last)) return undefined;
  return { period, opensOn, closesOn };
}

/**
 * Whether today is the day of a round's one chase: a working day within the round, at most
 * `chaseBeforeCloseDays` working days before it closes. (The invite's chased_on makes it once.)
 */
export function chaseDue(
  today: BusinessDate,
  round: { opensOn: string; closesOn: string },
  s: Pick<SurveyClauses, 'chaseBeforeCloseDays'>,
): boolean {
  if (today < round.opensOn || today > round.closesOn || !isWorkingDay(today)) return false;
  return workingDaysBetween(today, round.closesOn) <= s.chaseBeforeCloseDays;
}

/** Whether answers are still taken (and changed) on `today`: until the round's closing day, inclusive. */
export const roundOpenOn = (today: BusinessDate, round: { opensOn: string; closesOn: string }) =>
  today >= round.opensOn && today <= round.closesOn;

/** `1月24日`: the closing day as the cards say it. */
export function dayLabel(date: BusinessDate): string {
  const { month, day } = dateParts(date);
  return `${month}月${day}日`;
}

export const MAX_SURVEY_COMMENT_CHARS = 300;
export const ratingField = (key: string) => `r_${key}`;
export type SurveyAnswerInput = { ratings: Record<string, number>; comment: string | null };

/**
 * An answer from the survey card's form: each of the contract's dimensions rated 1 to 5 (a select),
 * an optional comment. Every missing or bad rating is named at once; nothing else is read.
 */
export function parseSurveyAnswer(
  form: FormValues,
  dimensions: readonly SurveyDimension[],
): SurveyAnswerInput {
  const ratings: Record<string, number> = {};
  const missing: string[] = [];
  for (const d of dimensions) {
    const raw = formText(form, ratingField(d.key));
    if (!/^[1-5]$/.test(raw)) missing.push(d.name);
    else ratings[d.key] = Number(raw);
  }
  if (missing.length) throw new DomainError('bad_input', `请为每一项评分(1至5分):${missing.join('、')}`);
  const comment = checkFieldText('survey_comment', formText(form, 'survey_comment'));
  return { ratings, comment: comment === '' ? null : comment };
}

/** Whether two answers say the same (a double click, or 提交 again unchanged). */
export function sameAnswer(a: SurveyAnswerInput, b: SurveyAnswerInput, dims: readonly SurveyDimension[]) {
  return (
    (a.comment ?? null) === (b.comment ?? null) && dims.every((d) => a.ratings[d.key] === b.ratings[d.key])
  );
}

/**
 * 满意度测评对象 as chosen on the signing form: 'named' (the default) with its people's open_ids,
 * sorted and unique (the draft hash must not depend on picking order), or 'group' (no people).
 */
export function surveyRecipientsChoice(typed: { survey_to?: string; survey_people?: string[] }): {
  recipients: SurveyRecipientsMode;
  people: string[];
} {
  const to = (typed.survey_to ?? '').trim();
  if (to === 'group') return { recipients: 'group', people: [] };
  if (to !== '' && to !== 'named') throw new DomainError('bad_input', SURVEY_TO_REFUSAL);
  return { recipients: 'named', people: [...new Set(typed.survey_people ?? [])].sort() };
}
