import { liveGrants } from '../../db/queries/grants';
import { buildHelpCard, rolesText } from '../cards/menu';
import { menuCardFor } from '../events/menu-for';
import { type ActionHandler, raw } from './types';

export const showMenu: ActionHandler = async (ctx) => ({ card: raw(await menuCardFor(ctx.tx, ctx.actor)) });

export const showHelp: ActionHandler = async () => ({ card: raw(buildHelpCard()) });

export const showMyRoles: ActionHandler = async (ctx) => {
  if (!ctx.actor) return { toast: { type: 'warning', content: '您尚未加入组织架构,请联系管理员' } };
  const roles = await liveGrants(ctx.tx, ctx.actor.personId);
  return { toast: { type: 'info', content: `您的角色:${rolesText(roles)}` } };
};
