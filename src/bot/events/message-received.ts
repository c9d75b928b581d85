import type { BotEvent } from '../feishu/normalize';
import type { Handler } from '../types';
import { menuCardFor } from './menu-for';

/** No free-text commands yet: any message is answered with the main menu, as a reply to it. */
export const onMessage: Handler<Extract<BotEvent, { kind: 'message' }>> = async (ctx) => {
  const card = menuCardFor(ctx.actor);
  await ctx.out.reply({ messageId: ctx.event.messageId }, { card });
  return undefined;
};
