import { READ_ONLY_ACTIONS } from './actions';
import { actionValue } from './actions/value';
import type { BotEvent } from './feishu/normalize';

/**
 * Card clicks that only read (show a card or a toast) need no transaction around the event claim.
 * An undecodable value is answered with an error toast, which reads nothing at all.
 */
export function isReadOnly(event: BotEvent): boolean {
  if (event.kind !== 'card') return false;
  const parsed = actionValue.safeParse(event.value);
  return !parsed.success || READ_ONLY_ACTIONS.has(parsed.data.a);
}
