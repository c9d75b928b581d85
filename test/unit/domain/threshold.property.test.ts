/**
 * The threshold engine against a deliberately naive reference: it walks every month of the term with
 * plain loops, uses integer sums and cross-multiplication only (no floats), and is written from the
 * rule book's wording rather than from the engine's structure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bidBanFor,
  type ContractClauses,
  evaluateContract,
  type MonthlyScore,
  type Term,
} from '../../../src/domain/threshold';

type Case = { clauses: ContractClauses; term: Term; scores: MonthlyScore[]; asOf: string; year: number };

const pad = (n: number) => String(n).padStart(2, '0');
const monthAt = (startYear: number, startMonth: number, offset: number) => {
  const i = startYear * 12 + startMonth - 1 + offset;
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;
};

/** Valid bands: minimums falling strictly and ending at 0, percentages never smaller for worse scores. */
const bandsArb = fc
  .uniqueArray(fc.oneof(fc.constantFrom(800, 850, 900), fc.integer({ min: 1, max: 1000 })), { maxLength: 4 })
  .chain((mins) =>
    fc
      .array(fc.integer({ min: 0, max: 10_000 }), { minLength: mins.length + 1, maxLength: mins.length + 1 })
      .map((bps) => {
        const sortedMins = [...mins].sort((a, b) => b - a).concat(0);
        const sortedBps = [...bps].sort((a, b) => a - b);
        return sortedMins.map((minTenths, i) => ({ minTenths, deductBp: sortedBps[i] ?? 0 }));
      }),
  );

const clausesArb: fc.Arbitrary<ContractClauses> = fc.record({
  termination: fc.record({
    belowTenths: fc.oneof(fc.constant(800), fc.integer({ min: 0, max: 1000 })),
    consecutiveMonths: fc.integer({ min: 2, max: 4 }),
    cumulativeMonths: fc.integer({ min: 2, max: 6 }),
  }),
  bidBan: fc.record({
    annualAverageBelowTenths: fc.oneof(fc.constant(850), fc.integer({ min: 0, max: 1000 })),
  }),
  deduction: fc.record({ bands: bandsArb, annualCapFen: fc.bigInt({ min: 0n, max: 50_000_000n }) }),
});

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    clauses: clausesArb,
    startYear: fc.integer({ min: 2020, max: 2030 }),
    startMonth: fc.integer({ min: 1, max: 12 }),
    length: fc.integer({ min: 1, max: 36 }),
  })
  .chain(({ clauses, startYear, startMonth, length }) => {
    const b = clauses.termination.belowTenths;
    const a = clauses.bidBan.annualAverageBelowTenths;
    const score = fc.oneof(
      fc
        .constantFrom(800, 850, 799, 801, 849, 851, b - 1, b, b + 1, a - 1, a, a + 1)
        .filter((v) => v >= 0 && v <= 1000),
      fc.integer({ min: 700, max: 900 }),
      fc.integer({ min: 0, max: 1000 }),
    );
    // Offsets from 3 months before the term to 3 after: some scores fall outside and must be ignored.
    const slot = fc.option(score, { freq: 3 });
    const endYear = Math.floor((startYear * 12 + startMonth - 1 + length - 1) / 12);
    return fc.record({
      clauses: fc.constant(clauses),
      term: fc.constant({
        startMonth: monthAt(startYear, startMonth, 0),
        endMonth: monthAt(startYear, startMonth, length - 1),
      }),
      scores: fc
        .array(slot, { minLength: length + 6, maxLength: length + 6 })
        .map((slots) =>
          slots.flatMap((v, i) =>
            v === null ? [] : [{ month: monthAt(startYear, startMonth, i - 3), finalTenths: v }],
          ),
        ),
      asOf: fc
        .record({
          y: fc.integer({ min: startYear - 1, max: endYear + 1 }),
          m: fc.integer({ min: 1, max: 12 }),
          d: fc.integer({ min: 1, max: 28 }),
        })
        .map(({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`),
      year: fc.integer({ min: startYear - 1, max: endYear + 1 }),
    });
  });

// ---- The naive reference -------------------------------------------------------------------------

function naive(c: Case) {
  const { belowTenths, consecutiveMonths: k, cumulativeMonths: n } = c.clauses.termination;
  const months: string[] = [];
  for (let m = c.term.startMonth; m <= c.term.endMonth; ) {
    months.push(m);
    const [y, mm] = m.split('-').map(Number) as [number, number];
    m = mm === 12 ? `${y + 1}-01` : `${y}-${pad(mm + 1)}`;
  }
  const scoreOf = (i: number): number | undefined => {
    if (i < 0 || i >= months.length) return undefined;
    return c.scores.find((s) => s.month === months[i])?.finalTenths;
  };
  const isBelow = (i: number) => {
    const v = scoreOf(i);
    return v !== undefined && v < belowTenths;
  };

  let termination: { rule: string; months: string[] } | null = null;
  for (let i = 0; i + k <= months.length && !termination; i++) {
    let all = true;
    for (let j = i; j < i + k; j++) if (!isBelow(j)) all = false;
    if (all) termination = { rule: 'consecutive', months: months.slice(i, i + k) };
  }
  const belowMonths = months.filter((_, i) => isBelow(i));
  if (!termination && belowMonths.length >= n)
    termination = { rule: 'cumulative', months: belowMonths.slice(0, n) };

  const warnings: string[] = [];
  if (!termination) {
    for (let i = 0; i < months.length; i++) {
      const first = i - (k - 1) + 1;
      let run = first >= 0;
      for (let j = first; j <= i; j++) if (!isBelow(j)) run = false;
      const canGrow = i + 1 < months.length || first - 1 >= 0;
      if (run && !isBelow(i + 1) && !isBelow(first - 1) && canGrow) warnings.push(`below:${months[i]}`);
    }
    if (belowMonths.length === n - 1 && months.length > n - 1) warnings.push(`cumulative:${n - 1}`);
  }

  const threshold = c.clauses.bidBan.annualAverageBelowTenths;
  let best = -1;
  for (let i = 0; i < months.length; i++) best = Math.max(best, scoreOf(i) ?? -1);
  const yearOf = (y: number) => {
    let sum = 0;
    let count = 0;
    let open = 0;
    for (let i = 0; i < months.length; i++) {
      if (Number(months[i]?.slice(0, 4)) !== y) continue;
      const v = scoreOf(i);
      if (v === undefined) open++;
      else {
        sum += v;
        count++;
      }
    }
    // "Can it still reach the threshold?" simulated: fill every open month with full marks / the best ever.
    const reachable = count + open === 0 || sum + 1000 * open >= threshold * (count + open);
    const bestSuffices = sum + best * open >= threshold * (count + open);
    return { sum, count, open, reachable, bestSuffices };
  };
  const years = [...new Set(months.map((m) => Number(m.slice(0, 4))))];
  for (const y of years) {
    const s = yearOf(y);
    if (s.count > 0 && s.open > 0 && !s.bestSuffices) warnings.push(`average:${y}`);
  }
  return { months, termination, warnings, yearOf };
}

// ---- Properties ----------------------------------------------------------------------------------

const runs = { numRuns: 500 };

describe('threshold engine agrees with the naive reference', () => {
  it('same termination right, warnings and year standing', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const got = evaluateContract(c);
        const want = naive(c);
        expect(got.termination).toEqual(want.termination);
        expect(got.warnings.map((w) => w.key).sort()).toEqual([...want.warnings].sort());
        const y = want.yearOf(Number(c.asOf.slice(0, 4)));
        expect(got.year.scoredMonths).toBe(y.count);
        expect(got.year.remainingMonths).toBe(y.open);
        expect(got.year.reachable).toBe(y.reachable);
        const avg = got.year.averageTenths;
        if (y.count === 0) expect(avg).toBeNull();
        else expect(avg && avg.num * y.count).toBe(y.sum * (avg?.den ?? 0));
      }),
      runs,
    );
  });

  it('same bidding ban', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const y = naive(c).yearOf(c.year);
        const ban = bidBanFor(c.clauses, c.term, c.scores, c.year);
        const banned = y.count > 0 && y.sum < c.clauses.bidBan.annualAverageBelowTenths * y.count;
        expect(ban === null).toBe(!banned);
        if (ban) {
          expect(ban.year).toBe(c.year + 1);
          expect(ban.averageTenths.num * y.count).toBe(y.sum * ban.averageTenths.den);
        }
      }),
      runs,
    );
  });

  it('has no memory: order of the scores does not matter, and a month arriving below never removes a right', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), fc.nat(35), (c, seed, offset) => {
        const key = (s: MonthlyScore) => (s.finalTenths * 7919 + seed) % 101;
        const shuffled = [...c.scores].sort((a, b) => key(a) - key(b));
        expect(evaluateContract({ ...c, scores: shuffled })).toEqual(evaluateContract(c));
        const months = naive(c).months;
        const late = months[offset % months.length] ?? c.term.startMonth;
        if (c.scores.some((s) => s.month === late)) return;
        const before = evaluateContract(c).termination;
        const after = evaluateContract({
          ...c,
          scores: [...c.scores, { month: late, finalTenths: 0 }],
        }).termination;
        if (before) expect(after).not.toBeNull();
      }),
      runs,
    );
  });
});
