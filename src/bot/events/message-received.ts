import { menuCardFor } from '../../cards/menu-for';
import type { BotEvent } from '../normalize';
import type { EventHandler } from '../types';

/** No free-text commands yet: any message is answered with the main menu, as a reply to it. */
export const onMessage: EventHandler<Extract<BotEvent, { kind: 'message' }>> = async (ctx) => {
  const card = menuCardFor(ctx.actor);
  await ctx.out.reply({ messageId: ctx.event.messageId }, { card });
  return undefined;
};
