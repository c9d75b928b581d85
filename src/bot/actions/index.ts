import { showHelp, showMenu, showMyRoles } from './menu';
import { grantFromCard, revokeFromCard, showRolesAdmin } from './roles';
import type { ActionTable } from './types';
import type { ActionName } from './value';

/** Every card action and its handler, in one list; the keys are the members of `actionValue`. */
export const actions: ActionTable = {
  'menu.show': showMenu,
  help: showHelp,
  'roles.mine': showMyRoles,
  'roles.admin': showRolesAdmin,
  'roles.grant': grantFromCard,
  'roles.revoke': revokeFromCard,
};

/** Actions that only read: they run without a transaction and may not send messages. */
export const READ_ONLY_ACTIONS: ReadonlySet<ActionName> = new Set([
  'menu.show',
  'help',
  'roles.mine',
  'roles.admin',
]);
