import type { ActionName, ActionValue } from '../../cards/values';
import type { BotEvent } from '../normalize';
import type { CallbackAnswer, HandlerContext } from '../types';

export type CardContext = HandlerContext<Extract<BotEvent, { kind: 'card' }>>;
export type ActionHandler<V extends ActionValue = ActionValue> = (
  ctx: CardContext,
  value: V,
) => Promise<CallbackAnswer>;
export type ActionTable = { [K in ActionName]: ActionHandler<Extract<ActionValue, { a: K }>> };

export const raw = (data: object) => ({ type: 'raw' as const, data });
