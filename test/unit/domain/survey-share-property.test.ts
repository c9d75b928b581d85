/**
 * The survey's share in the management line (issue 23, point 1) against a naive reference: exact
 * rationals summed one rating at a time and reduced at each step, rounded half up by comparing the
 * remainder, never the domain's one-fraction formula or divideHalfUp.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContractClauseValues } from '../../../src/domain/contract';
import { validateEntry } from '../../../src/domain/score-entry';
import { withSurvey } from '../../../src/domain/survey-entry';
import {
  formatMean,
  managementLineTenths,
  type SurveyClauses,
  surveyResult,
} from '../../../src/domain/survey-share';

type Q = { num: bigint; den: bigint };
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const q = (num: bigint, den = 1n): Q => {
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
};
const add = (a: Q, b: Q) => q(a.num * b.den + b.num * a.den, a.den * b.den);
const mul = (a: Q, b: Q) => q(a.num * b.num, a.den * b.den);
/** Half up for a non-negative rational: the whole part, plus one when the rest is half or more. */
const halfUp = (a: Q) => {
  const whole = a.num / a.den;
  const rest = a.num - whole * a.den;
  return Number(2n * rest >= a.den ? whole + 1n : whole);
};

/** The reference line: A × (1 − share) + (mean × 20 points, in tenths) × share, then half up. */
function referenceLine(A: number, ratings: number[][], shareBp: number, minAnswers: number): number {
  const n = ratings.length;
  if (n < minAnswers || n === 0) return A;
  const d = ratings[0]!.length;
  let survey = q(0n);
  for (const answer of ratings)
    for (const r of answer) survey = add(survey, q(BigInt(r) * 200n, BigInt(n * d)));
  const share = q(BigInt(shareBp), 10_000n);
  const rest = q(BigInt(10_000 - shareBp), 10_000n);
  return halfUp(add(mul(q(BigInt(A)), rest), mul(survey, share)));
}

const referenceFinal = (daily: number, line: number, dailyBp: number) =>
  halfUp(
    add(
      mul(q(BigInt(daily)), q(BigInt(dailyBp), 10_000n)),
      mul(q(BigInt(line)), q(BigInt(10_000 - dailyBp), 10_000n)),
    ),
  );

const dims = (d: number) => Array.from({ length: d }, (_, i) => ({ key: `k${i}`, name: `维度${i}` }));
const surveyOf = (d: number, shareBp: number, minAnswers: number): SurveyClauses => ({
  minAnswers,
  shareBp,
  opensDay: 15,
  closesDay: 24,
  chaseBeforeCloseDays: 2,
  dimensions: dims(d),
  recipients: 'named',
});
const answersOf = (ratings: number[][]) =>
  ratings.map((rs) => ({ ratings: Object.fromEntries(rs.map((r, i) => [`k${i}`, r])), comment: null }));

const v3Clauses = (dailyBp: number): ContractClauseValues => ({
  termination: { belowTenths: 800, consecutiveMonths: 2, cumulativeMonths: 3 },
  bidBan: { annualAverageBelowTenths: 850 },
  deduction: {
    bands: [
      { minTenths: 900, deductBp: 0 },
      { minTenths: 800, deductBp: 500 },
      { minTenths: 0, deductBp: 1000 },
    ],
    annualCapFen: '0',
  },
  scoring: {
    dailyWeightBp: dailyBp,
    managementWeightBp: 10_000 - dailyBp,
    windowOpensDay: 25,
    dueWorkingDay: 3,
    remindBeforeDueWorkingDays: 1,
    escalateAfterDueWorkingDays: 2,
  },
});
const rubric = [{ key: 'q', name: '保洁质量', maxDeductTenths: 1000 }];

const caseArb = fc
  .record({
    d: fc.integer({ min: 3, max: 5 }),
    n: fc.integer({ min: 0, max: 40 }),
    A: fc.integer({ min: 0, max: 1000 }),
    shareBp: fc.integer({ min: 0, max: 10_000 }),
    minAnswers: fc.integer({ min: 1, max: 10 }),
    deduct: fc.integer({ min: 0, max: 1000 }),
    dailyBp: fc.integer({ min: 0, max: 10_000 }),
    seed: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 200, maxLength: 200 }),
  })
  .map((c) => ({
    ...c,
    ratings: Array.from({ length: c.n }, (_, i) =>
      Array.from({ length: c.d }, (_, j) => c.seed[(i * 5 + j) % 200]!),
    ),
  }));

/** The entry as the score form computes it: typed deduction and management score, then the survey. */
function entryOf(c: { A: number; deduct: number; dailyBp: number }, clauses: ContractClauseValues) {
  const typed = { d_q: String(c.deduct / 10), n_q: c.deduct ? '扣分' : '', management: String(c.A / 10) };
  const checked = validateEntry(rubric, clauses, typed, false);
  if (!checked.ok) throw new Error(checked.error);
  return checked.entry;
}

describe('survey share in the management line (property)', () => {
  it('the line and the final score equal the naive reference exactly', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const sc = surveyOf(c.d, c.shareBp, c.minAnswers);
        const result = surveyResult(answersOf(c.ratings), sc);
        const line = referenceLine(c.A, c.ratings, c.shareBp, c.minAnswers);
        expect(managementLineTenths(c.A, result, sc)).toBe(line);
        const clauses = { ...v3Clauses(c.dailyBp), survey: sc } as ContractClauseValues;
        const e = withSurvey(entryOf(c, clauses), clauses, { round: { id: 1, period: '2026-11' }, result });
        expect(e.managementTenths).toBe(line);
        expect(e.finalTenths).toBe(referenceFinal(1000 - c.deduct, line, c.dailyBp));
        expect(e.assessedManagementTenths).toBe(result.enough && c.n > 0 ? c.A : undefined);
        expect(e.survey?.applied).toBe(c.n >= c.minAnswers && c.n > 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('the minimum is exact at its boundary: minAnswers − 1 does not count, minAnswers does', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const sc = surveyOf(c.d, c.shareBp, c.minAnswers);
        const all = Array.from({ length: c.minAnswers }, (_, i) =>
          Array.from({ length: c.d }, (_, j) => c.seed[(i * 7 + j) % 200]!),
        );
        const below = surveyResult(answersOf(all.slice(0, -1)), sc);
        expect(below.enough).toBe(false);
        expect(managementLineTenths(c.A, below, sc)).toBe(c.A);
        const at = surveyResult(answersOf(all), sc);
        expect(at.enough).toBe(true);
        expect(managementLineTenths(c.A, at, sc)).toBe(referenceLine(c.A, all, c.shareBp, c.minAnswers));
      }),
      { numRuns: 1000 },
    );
  });

  it('a contract without clauses.survey (signed under v3) keeps exactly the old final score', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const clauses = v3Clauses(c.dailyBp);
        const before = entryOf(c, clauses);
        const result = surveyResult(answersOf(c.ratings), surveyOf(c.d, c.shareBp, c.minAnswers));
        const after = withSurvey(before, clauses, { round: { id: 1, period: '2026-11' }, result });
        expect(after).toEqual(before);
        expect(after.finalTenths).toBe(referenceFinal(1000 - c.deduct, c.A, c.dailyBp));
      }),
      { numRuns: 500 },
    );
  });

  it('the mean shows two decimals, half up', () => {
    expect(formatMean(87n, 20n)).toBe('4.35');
    expect(formatMean(13n, 3n)).toBe('4.33');
    expect(formatMean(29n, 6n)).toBe('4.83');
    expect(formatMean(1n, 8n)).toBe('0.13');
    expect(formatMean(5n, 1n)).toBe('5.00');
  });

  it('a rating outside 1 to 5, or a dimension left out, is refused as a broken row', () => {
    const sc = surveyOf(3, 2000, 5);
    expect(() => surveyResult([{ ratings: { k0: 6, k1: 3, k2: 3 } }], sc)).toThrow(RangeError);
    expect(() => surveyResult([{ ratings: { k0: 3, k1: 3 } }], sc)).toThrow(RangeError);
  });
});
