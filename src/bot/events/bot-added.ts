import { buildIntroCard } from '../../cards/menu';
import { rawSql } from '../../db/client';
import { rememberGroupOn } from '../../db/sql/chats';
import type { BotEvent } from '../normalize';
import type { EventHandler } from '../types';

/**
 * Joined a group: remembered as one (bot/group-safe.ts) with its name (the 发送失败 card names a
 * group by it), and greeted with a card for everyone.
 */
export const onBotAdded: EventHandler<Extract<BotEvent, { kind: 'bot_added' }>> = async (ctx) => {
  if (ctx.event.chatId)
    ctx.beforeCommit(rememberGroupOn(rawSql(ctx.tx), ctx.event.chatId, ctx.event.chatName));
  await ctx.out.send({ type: 'chat_id', id: ctx.event.chatId }, { card: buildIntroCard(ctx.event.chatName) });
  return undefined;
};
