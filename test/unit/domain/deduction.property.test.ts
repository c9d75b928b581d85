/**
 * Deductions (rule 11) against a naive computation: band by cross-multiplied average, percentage
 * rounded half up by quotient and remainder, the annual cap walked period by period.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DeductionBand, deductionFor, settlePeriods } from '../../../src/domain/deduction';

/** Valid bands: minimums falling strictly and ending at 0, percentages never smaller for worse scores. */
const bandsArb: fc.Arbitrary<DeductionBand[]> = fc
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

const deductionArb = fc.record({ bands: bandsArb, annualCapFen: fc.bigInt({ min: 0n, max: 50_000_000n }) });
const alreadyArb = fc.bigInt({ min: 0n, max: 60_000_000n });
const runs = { numRuns: 500 };

function naiveDeduction(bands: DeductionBand[], amount: bigint, monthly: number[]) {
  if (monthly.length === 0) return 0n;
  let sum = 0;
  for (const m of monthly) sum += m;
  let bp = -1;
  for (const b of bands) if (bp < 0 && sum >= b.minTenths * monthly.length) bp = b.deductBp;
  const product = amount * BigInt(bp);
  const q = product / 10_000n;
  return product % 10_000n >= 5_000n ? q + 1n : q;
}

const periodsArb = fc.array(
  fc.record({
    periodAmountFen: fc.oneof(
      fc.bigInt({ min: 0n, max: 1_000_000n }),
      fc.bigInt({ min: 0n, max: 10n ** 12n }),
    ),
    monthlyTenths: fc.array(
      fc.oneof(fc.constantFrom(800, 850, 900, 799, 849, 899), fc.integer({ min: 0, max: 1000 })),
      { maxLength: 3 },
    ),
  }),
  { maxLength: 12 },
);

describe('deductions agree with the naive computation', () => {
  it('raw amounts, the cap, and payable + deducted = amount', () => {
    fc.assert(
      fc.property(deductionArb, periodsArb, alreadyArb, (c, periods, already) => {
        const { bands, annualCapFen } = c;
        const r = settlePeriods({ bands, annualCapFen, periods, alreadyDeductedThisYearFen: already });
        let left = annualCapFen > already ? annualCapFen - already : 0n;
        periods.forEach((p, i) => {
          const got = r.periods[i];
          const raw = naiveDeduction(bands, p.periodAmountFen, [...p.monthlyTenths]);
          const capped = raw < left ? raw : left;
          left -= capped;
          expect(got?.rawFen).toBe(raw);
          expect(got?.cappedFen).toBe(capped);
          expect((got?.payableFen ?? 0n) + (got?.cappedFen ?? 0n)).toBe(p.periodAmountFen);
        });
        // The capped total never exceeds the cap: nothing is added once earlier deductions reach it.
        expect(r.deductedFen <= (annualCapFen > already ? annualCapFen - already : 0n)).toBe(true);
        expect(r.yearDeductedFen).toBe(already + r.deductedFen);
        expect(r.payableFen + r.deductedFen).toBe(periods.reduce((a, p) => a + p.periodAmountFen, 0n));
      }),
      runs,
    );
  });

  it('a single period never deducts more than its band or than the cap leaves', () => {
    const amountArb = fc.bigInt({ min: 0n, max: 10n ** 12n });
    fc.assert(
      fc.property(
        deductionArb,
        amountArb,
        fc.integer({ min: 0, max: 1000 }),
        alreadyArb,
        (c, amount, score, already) => {
          const { bands, annualCapFen } = c;
          const input = {
            bands,
            annualCapFen,
            periodAmountFen: amount,
            finalTenths: score,
            alreadyDeductedThisYearFen: already,
          };
          const d = deductionFor(input);
          const left = annualCapFen > already ? annualCapFen - already : 0n;
          const raw = naiveDeduction(bands, amount, [score]);
          expect(d.rawFen).toBe(raw);
          expect(d.cappedFen).toBe(raw < left ? raw : left);
          expect(d.payableFen + d.cappedFen).toBe(amount);
        },
      ),
      runs,
    );
  });
});
