import { approveStage, preloadDecision, rejectStage } from './approval';
import { addLineFromCard, showBudget } from './budget';
import {
  listContracts,
  previewContract,
  showContract,
  showContractForm,
  signContractFromCard,
} from './contract';
import {
  attachPhoto,
  closeRectification,
  confirmRectification,
  listInspections,
  recordInspectionFromCard,
  reopenRectification,
  showInspectionForm,
  showRectificationReport,
} from './inspection';
import { showHelp, showMenu, showMyRoles } from './menu';
import { showMyRequests } from './my-requests';
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
import {
  confirmSettlementFromCard,
  listSettlements,
  showSettlement,
  showSettlementAudit,
} from './settlement';
import {
  createSpotCheckFromCard,
  drawSpotCheckFromCard,
  openSampleForm,
  openSpotCheck,
  scoreSampleFromCard,
  showSpotCheck,
} from './spot-check';
import { closeExit, keepVendor, startTermination } from './termination';
import { openApproval, showTodos } from './todo';
import { type ActionTable, read, write } from './types';
import { addVendorFromCard, showVendors } from './vendor';

/**
 * Every button action, one entry each, keyed by the members of the button union (`cards/values.ts`):
 * `read` actions only show something (no transaction, no messages), `write` actions run in the
 * click's transaction; `preload` reads go out with BEGIN and the event claim.
 */
export const actions: ActionTable = {
  'menu.show': read(showMenu),
  help: read(showHelp),
  'roles.mine': read(showMyRoles),
  'roles.admin': read(showRolesAdmin),
  'roles.grant': write(grantFromCard),
  'roles.revoke': write(revokeFromCard),
  'purchase.start': write(startFiling),
  'purchase.resume': write(resumeFiling),
  'purchase.step': write(stepFiling),
  'purchase.cancel': write(cancelFiling),
  'purchase.submit': write(submitFiling),
  'todo.show': read(showTodos),
  'purchase.mine': read(showMyRequests),
  'approval.open': read(openApproval),
  'approval.approve': write(approveStage, preloadDecision),
  'approval.reject': write(rejectStage, preloadDecision),
  'budget.show': read(showBudget),

  'budget.add': write(addLineFromCard),
  'savings.show': read(showSavings),
  'savings.add': write(addSavingFromCard),
  'score.list': read(showScoreList),
  'score.form': read(openScoreForm),
  'score.correct': read(openScoreCorrection),
  'score.preview': read(previewScore),
  'score.edit': read(editScore),
  'score.confirm': write(confirmScore),
  'vendor.list': read(showVendors),
  'vendor.add': write(addVendorFromCard),
  'procurement.list': read(showProcurements),
  'procurement.form': read(showProcurementForm),
  'procurement.record': write(recordFromCard),
  'contract.list': read(listContracts),
  'contract.form': read(showContractForm),
  'contract.preview': read(previewContract),
  'contract.sign': write(signContractFromCard),
  'contract.show': read(showContract),
  'settlement.list': read(listSettlements),
  'settlement.show': read(showSettlement),
  'settlement.audit': read(showSettlementAudit),
  'settlement.confirm': write(confirmSettlementFromCard),
  'termination.start': write(startTermination),
  'termination.keep': write(keepVendor),
  'exit.close': write(closeExit),
  'spotcheck.open': read(openSpotCheck),
  'spotcheck.create': write(createSpotCheckFromCard),
  'spotcheck.draw': write(drawSpotCheckFromCard),
  'spotcheck.show': read(showSpotCheck),
  'spotcheck.form': read(openSampleForm),
  'spotcheck.score': write(scoreSampleFromCard),
  'inspection.list': read(listInspections),
  'inspection.form': read(showInspectionForm),
  'inspection.record': write(recordInspectionFromCard),
  'rectification.report': read(showRectificationReport),
  'rectification.close': write(closeRectification),
  'rectification.confirm': write(confirmRectification),
  'rectification.reopen': write(reopenRectification),
  'rectification.attach': write(attachPhoto),
};
