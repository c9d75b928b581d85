/**
 * 满意度明显低于考核分: the board's question when the people who receive a service
 * rate it far below what its assessor's line makes of it. A question for the inspector, not a rule:
 * nothing is deducted, warned or decided by it. The gap is policy data (survey.boardGapPoints, from
 * version 5). Exact integers throughout: no float decides a listing. Pure: no I/O, no clock.
 */
import { divideHalfUp } from './money';
import type { SurveyResult } from './survey-share';

export type SatisfactionGap = {
  /** The average of the period's months' final scores, tenths, half up (display). */
  averageTenths: number;
  /** The satisfaction on the 100-point scale (mean × 20), tenths, half up (display). */
  satisfactionTenths: number;
  /** average − satisfaction, tenths, half up from the exact difference (display). */
  gapTenths: number;
  /** The exact difference is at least the policy's gap: the board lists it. */
  listed: boolean;
};

/**
 * The period's final scores (current ones, tenths; a quarter has up to three) against a counted
 * round: listed when F/k − sum × 200 / (n·d) ≥ gapPoints × 10 (in tenths), i.e. when
 * F·n·d − sum·200·k ≥ gapPoints·10·k·n·d. Exactly at the gap is listed. Undefined when there is
 * nothing to compare: no score yet, or a round that does not count (样本不足, no answers).
 */
export function satisfactionGap(
  finalTenths: readonly number[],
  result: Pick<SurveyResult, 'count' | 'dimensions' | 'sum' | 'enough'>,
  gapPoints: number,
): SatisfactionGap | undefined {
  if (!Number.isInteger(gapPoints) || gapPoints < 0)
    throw new RangeError(`the gap must be whole points ≥ 0, got ${gapPoints}`);
  if (finalTenths.length === 0 || !result.enough || result.count === 0 || result.dimensions === 0)
    return undefined;
  const k = BigInt(finalTenths.length);
  const f = finalTenths.reduce((s, t) => s + BigInt(t), 0n);
  const nd = BigInt(result.count) * BigInt(result.dimensions);
  const sum = BigInt(result.sum);
  // (F/k − sum·200/nd) as one fraction over k·nd.
  const diffNum = f * nd - sum * 200n * k;
  const diffDen = k * nd;
  return {
    averageTenths: Number(divideHalfUp(f, k)),
    satisfactionTenths: Number(divideHalfUp(sum * 200n, nd)),
    gapTenths: Number(divideHalfUp(diffNum, diffDen)),
    listed: diffNum >= BigInt(gapPoints) * 10n * diffDen,
  };
}
