import { describe, expect, it } from 'vitest';
import {
  bandIndexFor,
  deductionFor,
  periodScore,
  settlePeriods,
  storedBandIndex,
} from '../../../src/domain/deduction';

// Policy v1 table: >= 90 nothing, 85-90 2 %, 80-85 5 %, below 80 10 %; cap 200,000.00 yuan.
const bands = [
  { minTenths: 900, deductBp: 0 },
  { minTenths: 850, deductBp: 200 },
  { minTenths: 800, deductBp: 500 },
  { minTenths: 0, deductBp: 1000 },
];
const annualCapFen = 20_000_000n;
const one = (finalTenths: number | null, periodAmountFen = 10_000_000n, alreadyDeductedThisYearFen = 0n) =>
  deductionFor({ bands, periodAmountFen, finalTenths, alreadyDeductedThisYearFen, annualCapFen });

describe('band lookup at the exact boundaries', () => {
  it.each([
    [1000, 0, 0],
    [900, 0, 0],
    [899, 1, 200],
    [850, 1, 200],
    [849, 2, 500],
    [800, 2, 500],
    [799, 3, 1000],
    [0, 3, 1000],
  ])('score %i tenths → band %i (%i bp)', (score, index, bp) => {
    expect(one(score)).toMatchObject({ bandIndex: index, deductBp: bp });
  });

  it('compares a period average exactly: 90.0, 90.0, 89.9 is 89.97, below 90', () => {
    const s = periodScore([900, 900, 899]);
    expect(s).toEqual({ num: 2699, den: 3 });
    expect(s && bandIndexFor(bands, s)).toBe(1);
    expect(bandIndexFor(bands, { num: 1799, den: 2 })).toBe(1); // 89.95
    expect(bandIndexFor(bands, { num: 1800, den: 2 })).toBe(0);
  });
});

describe('deductionFor', () => {
  it('applies the percentage half up to the fen', () => {
    expect(one(860, 12_345n)).toMatchObject({ rawFen: 247n, cappedFen: 247n, payableFen: 12_098n }); // 246.9
    expect(one(860, 25n)).toMatchObject({ rawFen: 1n }); // 0.5 → 1
    expect(one(860, 24n)).toMatchObject({ rawFen: 0n }); // 0.48 → 0
  });

  it('a period with no score deducts nothing', () => {
    expect(one(null)).toEqual({
      bandIndex: null,
      deductBp: 0,
      rawFen: 0n,
      cappedFen: 0n,
      payableFen: 10_000_000n,
    });
    expect(periodScore([])).toBeNull();
  });

  it('limits the deduction to what the annual cap leaves', () => {
    expect(one(700, 100_000_000n, 15_000_000n)).toMatchObject({
      rawFen: 10_000_000n,
      cappedFen: 5_000_000n,
      payableFen: 95_000_000n,
    });
    expect(one(700, 100_000_000n, 25_000_000n)).toMatchObject({ cappedFen: 0n, payableFen: 100_000_000n });
  });
});

describe('settlePeriods', () => {
  it('reaches the cap mid-year: that period gets what is left, later ones nothing', () => {
    const r = settlePeriods({
      bands,
      annualCapFen,
      periods: [
        { periodAmountFen: 150_000_000n, monthlyTenths: [700, 750, 790] }, // 15,000,000 raw
        { periodAmountFen: 150_000_000n, monthlyTenths: [700, 700, 700] }, // 15,000,000 raw, 5,000,000 left
        { periodAmountFen: 150_000_000n, monthlyTenths: [820, 830, 840] }, // 7,500,000 raw, nothing left
        { periodAmountFen: 150_000_000n, monthlyTenths: [] },
      ],
    });
    expect(r.periods.map((p) => p.cappedFen)).toEqual([15_000_000n, 5_000_000n, 0n, 0n]);
    expect(r.periods.map((p) => p.rawFen)).toEqual([15_000_000n, 15_000_000n, 7_500_000n, 0n]);
    expect(r.deductedFen).toBe(20_000_000n);
    expect(r.yearDeductedFen).toBe(20_000_000n);
    expect(r.payableFen).toBe(600_000_000n - 20_000_000n);
  });

  it('counts deductions made earlier in the year', () => {
    const r = settlePeriods({
      bands,
      annualCapFen,
      alreadyDeductedThisYearFen: 19_999_000n,
      periods: [{ periodAmountFen: 1_000_000n, monthlyTenths: [860] }],
    });
    expect(r.periods[0]).toMatchObject({ rawFen: 20_000n, cappedFen: 1_000n, payableFen: 999_000n });
    expect(r.yearDeductedFen).toBe(annualCapFen);
  });
});

describe('storedBandIndex: the band a confirmed period was settled in', () => {
  it('the stored percentage names the band', () => {
    expect(storedBandIndex(bands, 0, 950)).toBe(0);
    expect(storedBandIndex(bands, 500, 810)).toBe(2);
    // A later correction moved the score: the band is still the one the payment was settled in.
    expect(storedBandIndex(bands, 500, 950)).toBe(2);
    expect(storedBandIndex(bands, 1000, null)).toBe(3);
  });
  it('two bands with one percentage: the score picks; none: undefined', () => {
    const twice = [
      { minTenths: 900, deductBp: 0 },
      { minTenths: 850, deductBp: 0 },
      { minTenths: 0, deductBp: 1000 },
    ];
    expect(storedBandIndex(twice, 0, 870)).toBe(1);
    expect(storedBandIndex(twice, 0, 900)).toBe(0);
    expect(storedBandIndex(twice, 0, null)).toBe(0);
    expect(storedBandIndex(bands, 300, 860)).toBeUndefined();
  });
});
