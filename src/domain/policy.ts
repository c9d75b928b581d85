/**
 * The versioned policy: every number of DOMAIN.md as data (`policies.values`, jsonb). Money is fen,
 * scores are tenths of a point, percentages are basis points, so no value is ever a float.
 */

import { z } from 'zod';
import { SERVICE_CATEGORIES } from './categories';

const count = (min: number, max: number) => z.number().int().min(min).max(max);
const tenths = count(0, 1000); // a score 0.0-100.0
const basisPoints = count(0, 10_000); // 0-100 %
/**
 * Fen arrive as JSON numbers (exact up to 2^53, i.e. 90 trillion yuan) or, should a later version need
 * more, as a digit string. Either way the result is a bigint, never a float.
 */
const fen = z
  .union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,19}$/)])
  .transform((v) => BigInt(v));

const rubricItem = z.object({
  key: z.string().regex(/^[a-z0-9_]{1,32}$/),
  name: z.string().min(1).max(40),
  maxDeductTenths: count(1, 1000),
});

const band = z.object({ minTenths: tenths, deductBp: basisPoints });

const surveyDimension = z.object({
  key: z.string().regex(/^[a-z0-9_]{1,32}$/),
  name: z.string().min(1).max(20),
});

/** From version 4: satisfaction surveys (满意度测评, rule 7); a contract copies them at signing. */
const survey = z.object({
  minAnswers: count(1, 10_000),
  shareBp: basisPoints,
  // Days of the period's last month; 28 at most so every month has them.
  opensDay: count(1, 28),
  closesDay: count(1, 28),
  chaseBeforeCloseDays: count(0, 20),
  dimensionTemplates: z.record(z.enum(SERVICE_CATEGORIES), z.array(surveyDimension).min(3).max(5)),
  // From version 5: the board lists a counted round whose months' final score stands this many points
  // or more above its satisfaction (mean × 20), as a question for the inspector. Not copied to clauses.
  boardGapPoints: count(1, 100).optional(),
});

/** The shape of `policies.values`. Unknown keys are dropped so a newer version can add some. */
export const policyValuesSchema = z
  .object({
    committeeThresholdFen: fen.refine((v) => v > 0n, 'must be above 0'),
    approvalChase: z.object({ remindAfterWorkingDays: count(0, 60), urgentAfterWorkingDays: count(0, 60) }),
    openTenderThresholdFen: fen,
    contract: z.object({ maxTermYears: count(1, 30), warnAboveTermYears: count(0, 30) }),
    scoring: z.object({
      dailyWeightBp: basisPoints,
      managementWeightBp: basisPoints,
      windowOpensDay: count(1, 31),
      dueWorkingDay: count(1, 23),
      // From version 2: when the scoring reminder and the escalation go out, in working days.
      remindBeforeDueWorkingDays: count(0, 23).optional(),
      escalateAfterDueWorkingDays: count(0, 60).optional(),
    }),
    // From version 2: the assessment rubric templates per service category (items and their
    // maximum deduction); a contract copies one at signing and may adjust it.
    rubricTemplates: z.record(z.enum(SERVICE_CATEGORIES), z.array(rubricItem).min(1)).optional(),
    termination: z.object({
      belowTenths: tenths,
      consecutiveMonths: count(1, 120),
      cumulativeMonths: count(1, 120),
    }),
    bidBan: z.object({ annualAverageBelowTenths: tenths }),
    deduction: z.object({ bands: z.array(band).min(1), annualCapFen: fen }),
    survey: survey.optional(),
    spotCheck: z.object({
      sampleBp: basisPoints,
      toleranceTenths: tenths,
      // From version 3: whose score counts for a month when a spot check's gap exceeds the
      // tolerance (rule 12); before it, the assessor's always did.
      onGapAboveTolerance: z.enum(['checker_score_stands', 'assessor_score_stands']).optional(),
    }),
  })
  .superRefine((v, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    // The two assessment lines are one score: their weights must make up the whole of it.
    if (v.scoring.dailyWeightBp + v.scoring.managementWeightBp !== 10_000) {
      issue(['scoring'], 'dailyWeightBp + managementWeightBp must be 10000');
    }
    if (v.approvalChase.urgentAfterWorkingDays < v.approvalChase.remindAfterWorkingDays) {
      issue(['approvalChase'], 'urgentAfterWorkingDays must not come before remindAfterWorkingDays');
    }
    if (v.contract.warnAboveTermYears > v.contract.maxTermYears) {
      issue(['contract'], 'warnAboveTermYears must not exceed maxTermYears');
    }
    // Bands are looked up top-down by score: they must fall strictly, end at 0 so every score finds
    // one, and never deduct less for a worse score.
    v.deduction.bands.forEach((b, i) => {
      const prev = v.deduction.bands[i - 1];
      if (prev && !(b.minTenths < prev.minTenths))
        issue(['deduction', 'bands', i], 'minTenths must fall strictly');
      if (prev && b.deductBp < prev.deductBp)
        issue(['deduction', 'bands', i], 'a lower band must deduct at least as much');
    });
    if (v.deduction.bands.at(-1)?.minTenths !== 0)
      issue(['deduction', 'bands'], 'the last band must start at 0');
    // A round opens before it closes, and closes before the scoring window opens, so a score is
    // always entered against a closed round.
    if (v.survey) {
      if (v.survey.opensDay > v.survey.closesDay)
        issue(['survey', 'opensDay'], 'opensDay must not come after closesDay');
      if (v.survey.closesDay >= v.scoring.windowOpensDay)
        issue(['survey', 'closesDay'], 'closesDay must come before scoring.windowOpensDay');
      for (const [cat, dims] of Object.entries(v.survey.dimensionTemplates))
        if (new Set(dims.map((d) => d.key)).size !== dims.length)
          issue(['survey', 'dimensionTemplates', cat], 'dimension keys must differ');
    }
  });

export type PolicyValues = z.output<typeof policyValuesSchema>;

/** A policy version with its typed values; contracts and requests record the version they used. */
export type Policy = PolicyValues & { version: number };

/**
 * Parse the jsonb of one `policies` row. Throws an Error naming the version and every problem, since
 * a bad policy is a data error an operator must fix, not something a user can act on.
 */
export function parsePolicy(values: unknown, version: number): Policy {
  if (!Number.isInteger(version) || version < 1)
    throw new RangeError(`policy version must be ≥ 1, got ${version}`);
  const parsed = policyValuesSchema.safeParse(values);
  if (!parsed.success)
    throw new Error(`policy version ${version} is invalid:\n${z.prettifyError(parsed.error)}`);
  return { ...parsed.data, version };
}
