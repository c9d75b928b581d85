/**
 * Rule 11, tiered deduction (阶梯式折算): a payment period is reduced by the contract's band for the
 * period's score, and the deductions of a calendar year together never exceed the annual cap.
 * Money is bigint fen; the percentage is applied with the one money rounding, {@link divideHalfUp}.
 */
import { divideHalfUp } from './money';
import { FULL_MARKS_TENTHS } from './monthly-scores';
import { type Ratio, ratio } from './ratio';

/** A band of the contract's table: scores >= minTenths (and below the band above) deduct deductBp. */
export type DeductionBand = { minTenths: number; deductBp: number };

const BP_WHOLE = 10_000n;

/**
 * The score a period is judged by: the exact average of its monthly final scores (tenths), compared
 * to band minimums exactly, so a quarter of 90.0, 90.0 and 89.9 (89.97) is in the 85-90 band.
 * A period without any score has no score (null) and deducts nothing: its missing months are overdue
 * and chased (rule 7), and an overdue month counts neither as pass nor as fail.
 */
export function periodScore(monthlyTenths: readonly number[]): Ratio | null {
  if (monthlyTenths.length === 0) return null;
  for (const t of monthlyTenths) {
    if (!Number.isInteger(t) || t < 0 || t > FULL_MARKS_TENTHS)
      throw new RangeError(`a monthly score must be whole tenths 0-1000, got ${t}`);
  }
  return ratio(
    monthlyTenths.reduce((a, b) => a + b, 0),
    monthlyTenths.length,
  );
}

/** Index of the first band, top-down, whose minimum the score reaches (`score >= minTenths`). */
export function bandIndexFor(bands: readonly DeductionBand[], score: number | Ratio): number {
  const r = typeof score === 'number' ? ratio(score, 1) : score;
  const i = bands.findIndex((b) => r.num >= b.minTenths * r.den);
  if (i < 0) throw new RangeError('deduction bands must end with a band starting at 0');
  return i;
}

export type Deduction = {
  /** The band applied; null when the period has no score. */
  bandIndex: number | null;
  deductBp: number;
  /** The band's percentage of the amount, half up to the fen, before the cap. */
  rawFen: bigint;
  /** What is actually deducted: `rawFen` limited to what the annual cap still allows. */
  cappedFen: bigint;
  /** `periodAmountFen - cappedFen`. */
  payableFen: bigint;
};

export type DeductionInput = {
  bands: readonly DeductionBand[];
  periodAmountFen: bigint;
  /** The period's score in tenths: one month's score, a {@link periodScore}, or null for none. */
  finalTenths: number | Ratio | null;
  alreadyDeductedThisYearFen: bigint;
  annualCapFen: bigint;
};

/** The deduction of one period. Throws RangeError on a negative amount, cap or prior deduction. */
export function deductionFor(input: DeductionInput): Deduction {
  const { bands, periodAmountFen: amount, finalTenths, alreadyDeductedThisYearFen: already } = input;
  if (amount < 0n || already < 0n || input.annualCapFen < 0n)
    throw new RangeError('deductionFor: amounts must not be negative');
  if (finalTenths === null)
    return { bandIndex: null, deductBp: 0, rawFen: 0n, cappedFen: 0n, payableFen: amount };
  const bandIndex = bandIndexFor(bands, finalTenths);
  const deductBp = bands[bandIndex]?.deductBp ?? 0;
  const rawFen = divideHalfUp(amount * BigInt(deductBp), BP_WHOLE);
  const room = input.annualCapFen > already ? input.annualCapFen - already : 0n;
  const cappedFen = rawFen < room ? rawFen : room;
  return { bandIndex, deductBp, rawFen, cappedFen, payableFen: amount - cappedFen };
}

export type Period = { periodAmountFen: bigint; monthlyTenths: readonly number[] };

export type Settlement = {
  periods: (Deduction & { score: Ratio | null })[];
  /** Deducted this call (excluding `alreadyDeductedThisYearFen`). */
  deductedFen: bigint;
  payableFen: bigint;
  /** The year's deductions, including earlier ones, after these periods: never above the cap. */
  yearDeductedFen: bigint;
};

/**
 * One calendar year's periods, in the order given, the cap applied cumulatively: the period that
 * reaches the cap is deducted only what is left of it, later periods nothing.
 */
export function settlePeriods(input: {
  bands: readonly DeductionBand[];
  annualCapFen: bigint;
  periods: readonly Period[];
  alreadyDeductedThisYearFen?: bigint;
}): Settlement {
  let year = input.alreadyDeductedThisYearFen ?? 0n;
  let deductedFen = 0n;
  let payableFen = 0n;
  const periods = input.periods.map((p) => {
    const score = periodScore(p.monthlyTenths);
    const d = deductionFor({
      bands: input.bands,
      periodAmountFen: p.periodAmountFen,
      finalTenths: score,
      alreadyDeductedThisYearFen: year,
      annualCapFen: input.annualCapFen,
    });
    year += d.cappedFen;
    deductedFen += d.cappedFen;
    payableFen += d.payableFen;
    return { ...d, score };
  });
  return { periods, deductedFen, payableFen, yearDeductedFen: year };
}

/**
 * The band a confirmed period was settled in: the deduction percentage stored when it was confirmed
 * names it. Where several bands deduct that percentage, the period's score picks among them (its
 * score rounded down to the tenth, which stays on the same side of every band minimum, a whole
 * number of tenths). Undefined when no band of the table deducts it.
 */
export function storedBandIndex(
  bands: readonly DeductionBand[],
  deductBp: number,
  scoreTenths: number | null,
): number | undefined {
  const same = bands.flatMap((b, i) => (b.deductBp === deductBp ? [i] : []));
  if (same.length <= 1) return same[0];
  if (scoreTenths !== null) {
    const i = bandIndexFor(bands, scoreTenths);
    if (same.includes(i)) return i;
  }
  return same[0];
}
