import { showHelp, showMenu, showMyRoles } from './menu';
import { grantFromCard, revokeFromCard, showRolesAdmin } from './roles';
import type { ActionTable } from './types';

/** Every card action and its handler, in one list; the keys are the members of `actionValue`. */
export const actions: ActionTable = {
  'menu.show': showMenu,
  help: showHelp,
  'roles.mine': showMyRoles,
  'roles.admin': showRolesAdmin,
  'roles.grant': grantFromCard,
  'roles.revoke': revokeFromCard,
};
