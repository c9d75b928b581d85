import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clausesFromPolicy } from '../../../src/domain/clauses';
import { parsePolicy } from '../../../src/domain/policy';
import {
  chaseDue,
  openRound,
  parseSurveyAnswer,
  periodEndingIn,
  periodLabel,
  periodMonths,
  roundDates,
  sameAnswer,
  surveyClausesFrom,
} from '../../../src/domain/survey';

/** Policy v1 as migration 0001 inserts it, v4's survey block as migration 0019 adds it. */
const sqlOf = (f: string) =>
  readFileSync(new URL(`../../../src/db/migrations/${f}`, import.meta.url), 'utf8');
const V1 = JSON.parse(/'(\{[\s\S]*\})'::jsonb/.exec(sqlOf('0001_audit_guard_and_policy_v1.sql'))![1]!);
const SURVEY = JSON.parse(
  /values \|\| '(\{[\s\S]*?\})'::jsonb/.exec(sqlOf('0019_quarterly_surveys_daily_problems.sql'))![1]!,
).survey;
const REMIND = { remindBeforeDueWorkingDays: 2, escalateAfterDueWorkingDays: 3 };
const v4 = (patch: (s: any) => void = () => {}) => {
  const v = structuredClone({ ...V1, survey: SURVEY }) as any;
  v.scoring = { ...v.scoring, ...REMIND };
  patch(v);
  return v;
};

describe('policy survey block', () => {
  it('parses version 4 and copies the category dimensions into the clauses', () => {
    const p = parsePolicy(v4(), 4);
    expect(p.survey?.minAnswers).toBe(5);
    const c = clausesFromPolicy(p, { category: 'greening', recipients: 'group' });
    expect(c.survey).toEqual({
      minAnswers: 5,
      shareBp: 2000,
      opensDay: 15,
      closesDay: 24,
      chaseBeforeCloseDays: 2,
      dimensions: SURVEY.dimensionTemplates.greening,
      recipients: 'group',
    });
  });

  it('a policy without surveys (v1-v3) gives no survey clause', () => {
    const p = parsePolicy({ ...V1, scoring: { ...V1.scoring, ...REMIND } }, 3);
    expect(clausesFromPolicy(p, { category: 'cleaning', recipients: 'named' }).survey).toBeUndefined();
    expect(surveyClausesFrom(p, 'cleaning', 'named')).toBeUndefined();
    expect(clausesFromPolicy(p)).not.toHaveProperty('survey');
  });

  it.each([
    ['closesDay on the scoring window', (v: any) => (v.survey.closesDay = 25)],
    [
      'opensDay after closesDay',
      (v: any) => {
        v.survey.opensDay = 20;
        v.survey.closesDay = 19;
      },
    ],
    [
      'two dimensions',
      (v: any) => (v.survey.dimensionTemplates.cleaning = SURVEY.dimensionTemplates.cleaning.slice(0, 2)),
    ],
    [
      'six dimensions',
      (v: any) => v.survey.dimensionTemplates.other.push(...SURVEY.dimensionTemplates.cleaning),
    ],
    ['a share above 100%', (v: any) => (v.survey.shareBp = 10_001)],
    ['no minimum', (v: any) => (v.survey.minAnswers = 0)],
    ['a category without a template', (v: any) => delete v.survey.dimensionTemplates.equipment],
  ])('refuses %s', (_name, patch) => {
    expect(() => parsePolicy(v4(patch), 4)).toThrow(/policy version 4 is invalid/);
  });
});

describe('survey rounds', () => {
  const s = { opensDay: 15, closesDay: 24, chaseBeforeCloseDays: 2 };
  const term = { startsOn: '2027-01-01', endsOn: '2027-12-31' };

  it('names monthly and quarterly periods', () => {
    expect(periodEndingIn('2027-02', undefined)).toBe('2027-02');
    expect(periodEndingIn('2027-02', 'quarter')).toBeUndefined();
    expect(periodEndingIn('2027-03', 'quarter')).toBe('2027-Q1');
    expect(periodEndingIn('2027-12', 'quarter')).toBe('2027-Q4');
    expect(periodMonths('2027-Q2')).toEqual(['2027-04', '2027-05', '2027-06']);
    expect(periodLabel('2027-Q2')).toBe('2027年第2季度');
    expect(periodLabel('2027-02')).toBe('2027年2月');
    expect(roundDates('2027-Q1', s)).toEqual({ opensOn: '2027-03-15', closesOn: '2027-03-24' });
  });

  it('a round is open from its opening to its closing day, inclusive, within the term', () => {
    expect(openRound('2027-02-14', term, s, 'month')).toBeUndefined();
    expect(openRound('2027-02-15', term, s, 'month')).toEqual({
      period: '2027-02',
      opensOn: '2027-02-15',
      closesOn: '2027-02-24',
    });
    expect(openRound('2027-02-24', term, s, undefined)?.period).toBe('2027-02');
    expect(openRound('2027-02-25', term, s, 'month')).toBeUndefined();
    expect(openRound('2027-02-20', term, s, 'quarter')).toBeUndefined();
    expect(openRound('2027-03-20', term, s, 'quarter')?.period).toBe('2027-Q1');
    // Outside the term: before it starts, after it ends; a quarter counts when one of its months is served.
    expect(openRound('2026-12-20', term, s, 'month')).toBeUndefined();
    expect(openRound('2028-01-20', term, s, 'month')).toBeUndefined();
    expect(
      openRound('2027-03-20', { startsOn: '2027-01-01', endsOn: '2027-02-10' }, s, 'quarter')?.period,
    ).toBe('2027-Q1');
  });

  it('the chase falls within chaseBeforeCloseDays working days of the close, on working days only', () => {
    const r = { opensOn: '2027-03-15', closesOn: '2027-03-24' }; // Wed 24 March
    expect(chaseDue('2027-03-19', r, s)).toBe(false); // Fri: 3 working days before
    expect(chaseDue('2027-03-20', r, s)).toBe(false); // Sat
    expect(chaseDue('2027-03-22', r, s)).toBe(true); // Mon: 2 working days before
    expect(chaseDue('2027-03-24', r, s)).toBe(true);
    expect(chaseDue('2027-03-25', r, s)).toBe(false);
  });
});

describe('survey answers', () => {
  const dims = SURVEY.dimensionTemplates.greening as { key: string; name: string }[];
  const full = { r_appearance: '5', r_upkeep: '4', r_tidiness: '1' };

  it('reads 1-5 per dimension and an optional comment', () => {
    expect(parseSurveyAnswer({ ...full, survey_comment: ' 很好 ' }, dims)).toEqual({
      ratings: { appearance: 5, upkeep: 4, tidiness: 1 },
      comment: '很好',
    });
    expect(parseSurveyAnswer(full, dims).comment).toBeNull();
  });

  it('names every missing or bad rating', () => {
    expect(() => parseSurveyAnswer({ r_appearance: '6', r_upkeep: '0' }, dims)).toThrow(
      '请为每一项评分(1至5分):绿化景观、养护及时、作业文明',
    );
    expect(() => parseSurveyAnswer({ ...full, r_upkeep: '4.5' }, dims)).toThrow(/养护及时/);
    expect(() => parseSurveyAnswer({ ...full, survey_comment: 'x'.repeat(301) }, dims)).toThrow(/最多300字/);
  });

  it('knows an unchanged answer', () => {
    const a = parseSurveyAnswer(full, dims);
    expect(sameAnswer(a, parseSurveyAnswer(full, dims), dims)).toBe(true);
    expect(sameAnswer(a, parseSurveyAnswer({ ...full, survey_comment: '好' }, dims), dims)).toBe(false);
    expect(sameAnswer(a, parseSurveyAnswer({ ...full, r_tidiness: '2' }, dims), dims)).toBe(false);
  });
});
