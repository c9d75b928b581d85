import { buildIntroCard } from '../../cards/menu';
import type { BotEvent } from '../normalize';
import type { EventHandler } from '../types';

export const onBotAdded: EventHandler<Extract<BotEvent, { kind: 'bot_added' }>> = async (ctx) => {
  await ctx.out.send({ type: 'chat_id', id: ctx.event.chatId }, { card: buildIntroCard(ctx.event.chatName) });
  return undefined;
};
