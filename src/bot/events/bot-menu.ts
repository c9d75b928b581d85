import type { BotEvent } from '../normalize';
import { openSection, sectionOfMenuKey } from '../sections';
import type { EventHandler } from '../types';

/**
 * The bot menu (机器人自定义菜单): each event key opens its section directly (bot/sections.ts
 * MENU_KEYS); an unknown key opens the main menu. The answer goes to the person's private chat.
 */
export const onBotMenu: EventHandler<Extract<BotEvent, { kind: 'menu' }>> = async (ctx) => {
  const opened = await openSection(ctx, sectionOfMenuKey(ctx.event.eventKey), { messageId: '', chatId: '' });
  const me = { type: 'open_id' as const, id: ctx.event.openId };
  await ctx.out.send(me, 'card' in opened ? { card: opened.card } : { text: opened.refusal });
  return undefined;
};
