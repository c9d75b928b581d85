import { shanghaiYear } from '../../domain/business-date';
import { shanghaiDate } from '../../domain/calendar';
import { type FormValues, formText } from '../../domain/form';
import { type BaseContext, type CallbackAnswer, raw } from '../types';

/** The named fields of a form as typed (trimmed), to check them and to give them back on a refusal. */
export function typedFields<K extends string>(form: FormValues, names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((k) => [k, formText(form, k)])) as Record<K, string>;
}

/** A refusal of a form: the reason as a toast, and the card again with what was typed. */
export const refusal =
  (card: () => Promise<object>) =>
  async (content: string): Promise<CallbackAnswer> => ({
    toast: { type: 'error', content },
    card: raw(await card()),
  });

/** The current fiscal year: the calendar year of today's business date in Asia/Shanghai. */
export const thisYear = (ctx: BaseContext) => shanghaiYear(ctx.deps.now());
