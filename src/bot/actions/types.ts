import type { BotEvent } from '../feishu/normalize';
import type { CallbackAnswer, HandlerContext } from '../types';
import type { ActionName, ActionValue } from './value';

export type CardContext = HandlerContext<Extract<BotEvent, { kind: 'card' }>>;
export type ActionHandler<V extends ActionValue = ActionValue> = (
  ctx: CardContext,
  value: V,
) => Promise<CallbackAnswer>;
export type ActionTable = { [K in ActionName]: ActionHandler<Extract<ActionValue, { a: K }>> };

export const raw = (data: object) => ({ type: 'raw' as const, data });
