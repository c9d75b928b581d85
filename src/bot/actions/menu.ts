import { buildHelpCard, rolesText } from '../../cards/menu';
import { menuCardFor } from '../../cards/menu-for';
import { type ActionHandler, raw } from './types';

export const showMenu: ActionHandler = async (ctx) => ({ card: raw(menuCardFor(ctx.actor)) });

export const showHelp: ActionHandler = async () => ({ card: raw(buildHelpCard()) });

export const showMyRoles: ActionHandler = async (ctx) => {
  if (!ctx.actor) return { toast: { type: 'warning', content: '您尚未加入组织架构,请联系管理员' } };
  return { toast: { type: 'info', content: `您的角色:${rolesText(ctx.actor.grants)}` } };
};
