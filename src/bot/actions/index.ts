import { approveStage, rejectStage } from './approval';
import { addLineFromCard, showBudget } from './budget';
import { addSavingFromCard, showSavings } from './savings';
import { showHelp, showMenu, showMyRoles } from './menu';
import { cancelFiling, resumeFiling, startFiling, stepFiling, submitFiling } from './purchase';
import { grantFromCard, revokeFromCard, showRolesAdmin } from './roles';
import { openApproval, showTodos } from './todo';
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
  'purchase.start': startFiling,
  'purchase.resume': resumeFiling,
  'purchase.step': stepFiling,
  'purchase.cancel': cancelFiling,
  'purchase.submit': submitFiling,
  'approval.open': openApproval,
  'approval.approve': approveStage,
  'approval.reject': rejectStage,
  'todo.show': showTodos,
  'budget.show': showBudget,
  'budget.add': addLineFromCard,
  'savings.show': showSavings,
  'savings.add': addSavingFromCard,
};

/** Actions that only read: they run without a transaction and may not send messages. */
export const READ_ONLY_ACTIONS: ReadonlySet<ActionName> = new Set([
  'menu.show',
  'help',
  'roles.mine',
  'roles.admin',
  'todo.show',
  'approval.open',
  'budget.show',
  'savings.show',
]);
