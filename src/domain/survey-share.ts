/**
 * The satisfaction survey's share in the management line (满意度测评, rule 7), as exact integers.
 * A closed round with at least `minAnswers` answers gives survey points S = sum × 200 / (n·d) tenths
 * (the mean of 1–5 on a 100-point scale, mean 5 ⇒ 1000), and the line is
 * halfUp((A × (10000 − shareBp) × n·d + sum × 200 × shareBp) / (10000 × n·d)): one fraction, one rounding.
 * Fewer answers (样本不足), or no round, leave the line at the assessor's own score A.
 * Nothing here knows who answered: only ratings and comments come in.
 */
import type { ContractClauseValues, SurveyClauses } from './contract';
import { divideHalfUp } from './money';
import { monthParts } from './months';

export type { SurveyClauses };

/** The survey clauses of a contract, or undefined for a contract signed without them. */
export function surveyClausesOf(clauses: ContractClauseValues): SurveyClauses | undefined {
  return clauses.survey;
}

/** One answer as the score reads it: never the person. */
export type SurveyAnswer = { ratings: Record<string, number>; comment?: string | null };

export type SurveyResult = {
  /** n: answers in the round. */
  count: number;
  /** d: the contract's dimensions. */
  dimensions: number;
  /** The sum of every rating of every answer over the contract's dimensions. */
  sum: number;
  /** Per dimension, in the contract's order: its sum over the n answers (its mean is sum / n). */
  perDimension: { key: string; name: string; sum: number }[];
  minAnswers: number;
  /** At least minAnswers answers: the round counts. Otherwise 样本不足. */
  enough: boolean;
};

const isRating = (r: unknown): r is number => Number.isInteger(r) && (r as number) >= 1 && (r as number) <= 5;

/**
 * A round's result over the contract's dimensions. Every answer must rate each dimension 1 to 5
 * (the survey card checks it); anything else is a broken row and throws.
 */
export function surveyResult(answers: readonly SurveyAnswer[], clauses: SurveyClauses): SurveyResult {
  const dims = clauses.dimensions;
  if (dims.length === 0) throw new RangeError('a survey needs at least one dimension');
  if (!Number.isInteger(clauses.minAnswers) || clauses.minAnswers < 1)
    throw new RangeError(`minAnswers must be a whole number ≥ 1, got ${clauses.minAnswers}`);
  const perDimension = dims.map((d) => ({ key: d.key, name: d.name, sum: 0 }));
  for (const a of answers)
    for (const d of perDimension) {
      const r = a.ratings[d.key];
      if (!isRating(r)) throw new RangeError(`a survey rating must be 1 to 5, got ${String(r)} for ${d.key}`);
      d.sum += r;
    }
  return {
    count: answers.length,
    dimensions: dims.length,
    sum: perDimension.reduce((s, d) => s + d.sum, 0),
    perDimension,
    minAnswers: clauses.minAnswers,
    enough: answers.length >= clauses.minAnswers,
  };
}

/** The mean rating as an exact fraction: sum / (n·d). Undefined without answers. */
export function meanFraction(r: Pick<SurveyResult, 'count' | 'dimensions' | 'sum'>) {
  if (r.count === 0) return undefined;
  return { num: BigInt(r.sum), den: BigInt(r.count) * BigInt(r.dimensions) };
}

/** A mean `num/den` of ratings 1–5 as two decimals half up (display only): `4.35`. */
export function formatMean(num: bigint, den: bigint): string {
  const hundredths = divideHalfUp(num * 100n, den);
  const frac = String(hundredths % 100n).padStart(2, '0');
  return `${hundredths / 100n}.${frac}`;
}

/** The round's mean as the cards show it, `4.35`, or `—` without answers. */
export function meanText(r: Pick<SurveyResult, 'count' | 'dimensions' | 'sum'>): string {
  const m = meanFraction(r);
  return m ? formatMean(m.num, m.den) : '—';
}

/** Survey points on the 100-point scale, half up to a tenth (display only: the line uses the fraction). */
export function surveyPointsTenths(r: Pick<SurveyResult, 'count' | 'dimensions' | 'sum'>): number {
  const m = meanFraction(r);
  return m ? Number(divideHalfUp(m.num * 200n, m.den)) : 0;
}

/**
 * The management line in tenths: A when no round counts (none, or 样本不足), otherwise the share of
 * the survey points mixed in as one exact fraction, half up.
 */
export function managementLineTenths(
  assessedTenths: number,
  result: SurveyResult | undefined,
  clauses: Pick<SurveyClauses, 'shareBp'> | undefined,
): number {
  if (!Number.isInteger(assessedTenths) || assessedTenths < 0 || assessedTenths > 1000)
    throw new RangeError(`the management score must be whole tenths 0-1000, got ${assessedTenths}`);
  if (!result || !clauses || !result.enough || result.count === 0) return assessedTenths;
  const bp = BigInt(clauses.shareBp);
  if (bp < 0n || bp > 10_000n) throw new RangeError(`shareBp must be 0-10000, got ${clauses.shareBp}`);
  const nd = BigInt(result.count) * BigInt(result.dimensions);
  const num = BigInt(assessedTenths) * (10_000n - bp) * nd + BigInt(result.sum) * 200n * bp;
  return Number(divideHalfUp(num, 10_000n * nd));
}

/** The survey period of a month: the month itself, or its quarter (`2026-Q4`) for a quarterly line. */
export function surveyPeriodOf(month: string, managementPeriod: 'month' | 'quarter' | undefined): string {
  const { year, month: m } = monthParts(month);
  return managementPeriod === 'quarter' ? `${year}-Q${Math.ceil(m / 3)}` : month;
}

/** What the score form, preview and record say about the month's survey. */
export type SurveyShown = {
  period: string;
  roundId: number;
  count: number;
  minAnswers: number;
  /** `4.35`, or `—` without answers. */
  mean: string;
  /** Survey points on the 100-point scale, tenths (display). */
  pointsTenths: number;
  shareBp: number;
  /** Counted in the management line (enough answers). */
  applied: boolean;
};

export function surveyShown(
  round: { id: number; period: string },
  result: SurveyResult,
  clauses: Pick<SurveyClauses, 'shareBp'>,
): SurveyShown {
  return {
    period: round.period,
    roundId: round.id,
    count: result.count,
    minAnswers: result.minAnswers,
    mean: meanText(result),
    pointsTenths: surveyPointsTenths(result),
    shareBp: clauses.shareBp,
    applied: result.enough && result.count > 0,
  };
}
