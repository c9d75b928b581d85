import { actionValue } from '../cards/values';
import { READ_ONLY_ACTIONS } from './actions';
import type { BotEvent } from './normalize';

/**
 * Card clicks that only read (show a card or a toast) need no transaction around the event claim.
 * An undecodable value is answered with an error toast, which reads nothing at all.
 */
export function isReadOnly(event: BotEvent): boolean {
  if (event.kind !== 'card') return false;
  const parsed = actionValue.safeParse(event.value);
  return !parsed.success || READ_ONLY_ACTIONS.has(parsed.data.a);
}
