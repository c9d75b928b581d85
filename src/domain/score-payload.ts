import { z } from 'zod';

/**
 * The fields of a score entry as the preview's buttons carry them (确认提交, 返回修改): deductions per
 * rubric key as [tenths, note], the management line in tenths and, for a correction, the reason and
 * the id of the score it replaces. Only the shape is checked here; the confirm handler re-validates
 * every value against the contract (a forged callback can put anything in).
 */
export const scoreEntryFields = {
  contract: z.number().int(),
  month: z.string().max(16),
  supersedes: z.number().int().optional(),
  d: z.record(z.string().max(40), z.tuple([z.number().int(), z.string().max(400)])),
  m: z.number().int(),
  reason: z.string().max(400).optional(),
};

export type ScoreEntryPayload = z.infer<z.ZodObject<typeof scoreEntryFields>>;
