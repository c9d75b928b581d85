import type { ActionName, ActionValue } from '../../cards/values';
import type { Sql } from '../../db/client';
import { approveStage, preloadDecision, rejectStage } from './approval';
import { addLineFromCard, showBudget } from './budget';
import {
  listContracts,
  previewContract,
  showContract,
  showContractForm,
  signContractFromCard,
} from './contract';
import { showHelp, showMenu, showMyRoles } from './menu';
import { recordFromCard, showProcurementForm, showProcurements } from './procurement';
import { cancelFiling, resumeFiling, startFiling, stepFiling, submitFiling } from './purchase';
import { grantFromCard, revokeFromCard, showRolesAdmin } from './roles';
import { addSavingFromCard, showSavings } from './savings';
import {
  confirmScore,
  editScore,
  openScoreCorrection,
  openScoreForm,
  previewScore,
  showScoreList,
} from './score';
import { confirmSettlement, listSettlements, showSettlement } from './settlement';
import { closeExit, keepVendor, startTermination } from './termination';
import { openApproval, showTodos } from './todo';
import type { ActionTable } from './types';
import { addVendorFromCard, showVendors } from './vendor';

/** Every card action and its handler, in one list; the keys are the members of `actionValue`. */
export const actions: ActionTable = {
  'termination.start': startTermination,
  'termination.keep': keepVendor,
  'exit.close': closeExit,
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
  'score.list': showScoreList,
  'score.form': openScoreForm,
  'score.correct': openScoreCorrection,
  'score.preview': previewScore,
  'score.edit': editScore,
  'score.confirm': confirmScore,
  'vendor.list': showVendors,
  'vendor.add': addVendorFromCard,
  'procurement.list': showProcurements,
  'procurement.form': showProcurementForm,
  'procurement.record': recordFromCard,
  'contract.list': listContracts,
  'contract.form': showContractForm,
  'contract.preview': previewContract,
  'contract.sign': signContractFromCard,
  'contract.show': showContract,
  'settlement.list': listSettlements,
  'settlement.show': showSettlement,
  'settlement.confirm': confirmSettlement,
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
  'score.list',
  'score.form',
  'score.correct',
  'score.preview',
  'score.edit',
  'vendor.list',
  'procurement.list',
  'procurement.form',
  'contract.list',
  'contract.form',
  'contract.preview',
  'contract.show',
  'settlement.list',
  'settlement.show',
  'budget.show',
  'savings.show',
]);

/**
 * Reads an action makes whatever the click carries, keyed by action: the dispatcher sends them in
 * the transaction's first round trip with BEGIN and the event claim, so they cost no round trip.
 */
export const PRELOADS: {
  [K in ActionName]?: (sql: Sql, value: Extract<ActionValue, { a: K }>) => Promise<unknown>;
} = {
  'approval.approve': preloadDecision,
  'approval.reject': preloadDecision,
};
