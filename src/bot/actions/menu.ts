import { buildHelpCard, rolesText } from '../../cards/menu';
import { menuCardFor } from '../../cards/menu-for';
import { raw } from '../types';
import type { ReadContext } from './types';

export const showMenu = async (ctx: ReadContext) => ({ card: raw(menuCardFor(ctx.actor)) });

export const showHelp = async () => ({ card: raw(buildHelpCard()) });

export const showMyRoles = async (ctx: ReadContext) => {
  if (!ctx.actor) return { toast: { type: 'warning' as const, content: '您尚未加入组织架构,请联系管理员' } };
  return { toast: { type: 'info' as const, content: `您的角色:${rolesText(ctx.actor.grants)}` } };
};
