import type { BotEvent } from '../feishu/normalize';
import type { Handler } from '../types';
import { menuCardFor } from './menu-for';

/** The bot menu (机器人自定义菜单): every key opens the main menu for now. */
export const onBotMenu: Handler<Extract<BotEvent, { kind: 'menu' }>> = async (ctx) => {
  const card = menuCardFor(ctx.actor);
  await ctx.out.send({ type: 'open_id', id: ctx.event.openId }, { card });
  return undefined;
};
