import { actionValue } from '../../cards/values';
import { actions } from '../actions';
import type { BotEvent } from '../normalize';
import type { Handler } from '../types';

/** Decodes the button value with the one union and hands it to that action's handler. */
export const onCardAction: Handler<Extract<BotEvent, { kind: 'card' }>> = async (ctx) => {
  const parsed = actionValue.safeParse(ctx.event.value);
  if (!parsed.success) {
    ctx.log.warn({ value: ctx.event.value }, 'unknown card action');
    return { toast: { type: 'error', content: '该卡片已过期,请发送任意消息重新打开菜单' } };
  }
  const action = actions[parsed.data.a];
  return action(ctx, parsed.data as never);
};
