import { menuCardFor } from '../../cards/menu-for';
import type { BotEvent } from '../normalize';
import type { EventHandler } from '../types';

/** The bot menu (机器人自定义菜单): every key opens the main menu for now. */
export const onBotMenu: EventHandler<Extract<BotEvent, { kind: 'menu' }>> = async (ctx) => {
  const card = menuCardFor(ctx.actor);
  await ctx.out.send({ type: 'open_id', id: ctx.event.openId }, { card });
  return undefined;
};
