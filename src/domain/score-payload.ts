import { z } from 'zod';
import { isRealMonth } from './business-date';
import { hasControlChars } from './form';

/** A database id in a button's value: a positive PostgreSQL `integer`, so a forged one cannot overflow. */
export const id = z.number().int().positive().max(2147483647);
/** A real `YYYY-MM` month (no month 13). */
export const month = z.string().max(7).refine(isRealMonth, { message: 'not a real month' });
/** A rubric item key as the policy defines them (`[a-z0-9_]{1,32}`), never `__proto__`. */
const itemKey = z.string().regex(/^(?!__proto__$)[a-z0-9_]{1,32}$/);
// Wide enough that a forged negative or oversized number reaches the domain's own refusal message.
const tenths = z.number().int().min(-100_000).max(100_000);
const note = z
  .string()
  .max(400)
  .refine((x) => !hasControlChars(x), { message: 'control character' });

/**
 * The fields of a score entry as the preview's buttons carry them (确认提交, 返回修改): deductions per
 * rubric key as [tenths, note], the management line in tenths and, for a
 * correction, the reason and the id of the score it replaces. Only the shape is checked here; the
 * confirm handler re-validates every value against the contract (a forged callback can put anything in).
 */
export const scoreEntryFields = {
  contract: id,
  month,
  supersedes: id.optional(),
  d: z.preprocess(
    // Read as own entries first: a record schema would assign a forged `__proto__` key, which
    // silently drops it; as an entry it meets the key check and the value is refused.
    (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.entries(v) : v),
    z
      .array(z.tuple([itemKey, z.tuple([tenths, note])]))
      .max(100)
      .transform((xs) => Object.fromEntries(xs) as Record<string, [number, string]>),
  ),
  m: tenths,
  reason: note.optional(),
};

export type ScoreEntryPayload = z.infer<z.ZodObject<typeof scoreEntryFields>>;
