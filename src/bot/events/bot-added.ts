import { buildIntroCard } from '../../cards/menu';
import { rawSql } from '../../db/client';
import { rememberChatOn } from '../../db/sql/chats';
import type { BotEvent } from '../normalize';
import type { EventHandler } from '../types';

/** Joined a group: remembered as one (bot/group-safe.ts), and greeted with a card for everyone. */
export const onBotAdded: EventHandler<Extract<BotEvent, { kind: 'bot_added' }>> = async (ctx) => {
  if (ctx.event.chatId) ctx.beforeCommit(rememberChatOn(rawSql(ctx.tx), ctx.event.chatId, 'group'));
  await ctx.out.send({ type: 'chat_id', id: ctx.event.chatId }, { card: buildIntroCard(ctx.event.chatName) });
  return undefined;
};
