/**
 * Rule 10 for a project (domain/project-year.ts): the mean of every monthly final score of the
 * vendor's contracts of the project in the year, months outside each term left out, against the bar
 * of the contract that ends last. Checked against a naive reference and against the single-contract
 * rule (bidBanFor), which it must equal when the project has one contract.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ProjectContract, projectYear } from '../../../src/domain/project-year';
import { bidBanFor, type ContractClauses } from '../../../src/domain/threshold';

const clauses = (bar: number): ContractClauses => ({
  termination: { belowTenths: 800, consecutiveMonths: 2, cumulativeMonths: 3 },
  bidBan: { annualAverageBelowTenths: bar },
  deduction: { bands: [{ minTenths: 0, deductBp: 0 }], annualCapFen: 0n },
});
const pad = (n: number) => String(n).padStart(2, '0');

/** A contract of 2026 months `from`..`to` (may start in 2025), scored as given by month number. */
function contract(
  id: number,
  from: number,
  to: number,
  scores: Record<string, number>,
  bar = 850,
): ProjectContract {
  const start = from < 1 ? `2025-${pad(from + 12)}` : `2026-${pad(from)}`;
  return {
    id,
    endsOn: `2026-${pad(to)}-28`,
    signedOn: `${start}-01`,
    clauses: clauses(bar),
    term: { startMonth: start, endMonth: `2026-${pad(to)}` },
    scores: Object.entries(scores).map(([month, finalTenths]) => ({ month, finalTenths })),
  };
}

describe('projectYear', () => {
  it('averages every scored month of the year over the contracts: a renewal at 80.0 then 90.0 is 85.0, no ban', () => {
    const p = projectYear(
      [contract(1, 1, 6, { '2026-02': 800 }), contract(2, 7, 12, { '2026-09': 900 })],
      2026,
    );
    expect(p).toMatchObject({ scoredMonths: 2, averageDisplay: '85.0', ban: null, barTenths: 850 });
  });

  it('84.95 over two contracts is below 85; months of another year or outside a term do not count', () => {
    const a = contract(1, -2, 5, { '2025-12': 100, '2026-01': 849, '2026-07': 0 });
    const b = contract(2, 6, 12, { '2026-06': 850 });
    const p = projectYear([a, b], 2026);
    expect(p.ban).toMatchObject({ year: 2027, display: '84.9' });
    expect(p.scoredMonths).toBe(2);
  });

  it('applies the bar of the contract ending last in the year', () => {
    const p = projectYear([contract(1, 7, 12, { '2026-08': 820 }, 800), contract(2, 1, 6, {}, 900)], 2026);
    expect(p.barContract.id).toBe(1);
    expect(p.ban).toBeNull();
  });

  it('a year with no score gives no ban', () => {
    expect(projectYear([contract(1, 1, 12, {})], 2026)).toMatchObject({ averageTenths: null, ban: null });
  });

  const monthScores = fc.dictionary(
    fc.integer({ min: 1, max: 12 }).map((m) => `2026-${pad(m)}`),
    fc.integer({ min: 0, max: 1000 }),
  );
  const contractArb = fc
    .record({
      from: fc.integer({ min: 1, max: 12 }),
      len: fc.integer({ min: 0, max: 11 }),
      scores: monthScores,
    })
    .map(({ from, len, scores }) => ({ from, to: Math.min(12, from + len), scores }));

  it('equals the single-contract rule for one contract, and a naive pooled mean for several', () => {
    fc.assert(
      fc.property(
        fc.array(contractArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 1000 }),
        (cs, bar) => {
          const list = cs.map((c, i) => contract(i + 1, c.from, c.to, c.scores, bar));
          const p = projectYear(list, 2026);
          let sum = 0;
          let n = 0;
          for (const c of cs)
            for (const [month, v] of Object.entries(c.scores)) {
              const m = Number(month.slice(5));
              if (m >= c.from && m <= c.to) {
                sum += v;
                n++;
              }
            }
          expect(p.ban !== null).toBe(n > 0 && sum < bar * n);
          if (list.length === 1)
            expect(p.ban).toEqual(bidBanFor(list[0]!.clauses, list[0]!.term, list[0]!.scores, 2026));
        },
      ),
    );
  });
});
