import { APPROVING_ROLES } from '../../features/delegation/acting';
import { CHECKER_ROLES } from '../../features/spot-checks/access';
import { approveStage, preloadDecision, rejectStage } from './approval';
import { disciplineOnly, replayFromCard, showBoard, showBoardDetail, verifyAuditFromCard } from './board';
import { addLineFromCard, showBudget } from './budget';
import {
  listContracts,
  previewContract,
  showContract,
  showContractForm,
  signContractFromCard,
} from './contract';
import { raiseDailyProblemFromCard, showDailyProblemForm } from './daily-problem';
import {
  createDelegationFromCard,
  delegatorScope,
  revokeDelegationFromCard,
  showDelegation,
} from './delegation';
import { resendFromCard, showDeliveryFailures, zoneAdmin } from './deliveries';
import { exportScope, requestExportFromCard, showExportMenu } from './export';
import { bindFromCard, openGroupBinding, unbindFromCard } from './group';
import {
  cancelImportFromCard,
  chooseImportFromCard,
  confirmImportFromCard,
  sendImportTemplate,
  showImportTemplates,
} from './imports';
import {
  attachPhoto,
  closeRectification,
  confirmRectification,
  listInspectionRecords,
  listInspections,
  recordInspectionFromCard,
  reopenRectification,
  showInspectionForm,
  showRectificationReport,
} from './inspection';
import {
  approveDraftFromCard,
  legalDraftScope,
  returnDraftFromCard,
  submitReviewFromCard,
} from './legal-review';
import { showHelp, showMenu, showMyRoles } from './menu';
import { attachFromCard, remindFromCard, showMyRequests, showRequest, withdrawFromCard } from './my-requests';
import { recordFromCard, showProcurementForm, showProcurements } from './procurement';
import { cancelFiling, resumeFiling, startFiling, stepFiling, submitFiling } from './purchase';
import { grantFromCard, revokeFromCard, showRolesAdmin } from './grants';
import { addSavingFromCard, showSavings } from './savings';
import {
  anyGrant,
  anyone,
  assessorScope,
  caseScope,
  contractScope,
  decisionScope,
  draftScope,
  exitItemScope,
  inspectorScope,
  known,
  rectificationScope,
  reportScope,
  requestFilerScope,
  requestScope,
  role,
  settlementScope,
  spotCheckScope,
  stageScope,
} from './scopes';
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
  listSpotChecks,
  openSampleForm,
  openSpotCheck,
  scoreSampleFromCard,
  showSpotCheck,
  verifySpotCheckFromCard,
} from './spot-check';
import { showStanding, standingScope } from './standing';
import { answerSurveyFromCard } from './survey';
import { closeExit, keepVendor, startTermination } from './termination';
import { openApproval, showTodos } from './todo';
import { type ActionTable, read, write } from './types';
import { addVendorFromCard, showVendors } from './vendor';

const GROUP_BINDERS = '只有管理员或单位领导班子成员可以绑定或解绑本群';
const admin = role(['admin'], 'not_admin', '您没有管理员权限');
const importer = role(['admin', 'finance'], 'not_allowed', '只有管理员或财政部门可以导入数据');
const filer = role(['filer'], 'not_filer', '您没有经办人角色,不能发起采购');
const checker = role(CHECKER_ROLES, 'not_checker', '抽查仅限纪检监察和财政部门人员');
const approver = role(
  [...APPROVING_ROLES],
  'not_approver',
  '只有单位领导班子或党工委管委会成员可以委托审批;受托的审批权限不能再转委托',
);

/**
 * Every button action, one entry each, keyed by the members of the button union (`cards/values.ts`):
 * `read` actions only show something (no transaction, no messages), `write` actions run in the
 * click's transaction; `preload` reads go out with BEGIN and the event claim. Each declares its
 * scope (`scopes.ts`): who may click it with the object its value points at, checked before the handler.
 */
export const actions: ActionTable = {
  'menu.show': read(showMenu, anyone),
  help: read(showHelp, anyone),
  // Binding a group: the feature checks the unit of what is bound against the grants.
  'group.open': read(openGroupBinding, known),
  'group.bind': write(bindFromCard, role(['admin', 'unit_leadership'], 'not_allowed', GROUP_BINDERS)),
  'group.unbind': write(unbindFromCard, role(['admin', 'unit_leadership'], 'not_allowed', GROUP_BINDERS)),
  'roles.mine': read(showMyRoles, anyone),
  'roles.admin': read(showRolesAdmin, admin),
  'roles.grant': write(grantFromCard, admin),
  'roles.revoke': write(revokeFromCard, admin),
  'delivery.failed': read(showDeliveryFailures, zoneAdmin),
  'delivery.resend': write(resendFromCard, zoneAdmin),
  'purchase.start': write(startFiling, filer),
  'purchase.resume': write(resumeFiling, draftScope),
  'purchase.step': write(stepFiling, draftScope),
  'purchase.cancel': write(cancelFiling, draftScope),
  'purchase.submit': write(submitFiling, draftScope),
  'todo.show': read(showTodos, anyGrant),
  'purchase.mine': read(showMyRequests, known),
  'purchase.request': read(showRequest, requestFilerScope),
  'purchase.withdraw': write(withdrawFromCard, requestFilerScope),
  'purchase.remind': write(remindFromCard, requestFilerScope),
  'purchase.attach': write(attachFromCard, requestFilerScope),
  'approval.open': read(openApproval, stageScope),
  'approval.approve': write(approveStage, decisionScope, preloadDecision),
  'approval.reject': write(rejectStage, decisionScope, preloadDecision),
  'budget.show': read(showBudget, anyGrant),

  'budget.add': write(addLineFromCard, role(['finance'], 'not_finance', '只有财政部门可以登记预算额度')),
  'savings.show': read(showSavings, anyGrant),
  'savings.add': write(addSavingFromCard, role(['finance'], 'not_finance', '只有财政部门可以登记节约资金')),
  'standing.show': read(showStanding, standingScope),
  'score.list': read(showScoreList, anyGrant),
  'score.form': read(openScoreForm, assessorScope),
  'score.correct': read(openScoreCorrection, assessorScope),
  'score.preview': read(previewScore, assessorScope),
  'score.edit': read(editScore, assessorScope),
  'score.confirm': write(confirmScore, assessorScope),
  'daily.form': read(showDailyProblemForm, assessorScope),
  'daily.raise': write(raiseDailyProblemFromCard, assessorScope),
  'vendor.list': read(showVendors, anyGrant),
  'vendor.add': write(
    addVendorFromCard,
    role(['filer', 'finance'], 'not_vendor_registrar', '只有经办人或财政部门可以登记供应商'),
  ),
  'procurement.list': read(
    showProcurements,
    role(['filer'], 'not_filer', '只有经办人可以查看和登记采购结果'),
  ),
  'procurement.form': read(showProcurementForm, requestScope),
  'procurement.record': write(recordFromCard, requestScope),
  'contract.list': read(listContracts, anyGrant),
  'contract.form': read(showContractForm, requestScope),
  'contract.preview': read(previewContract, requestScope),
  'contract.sign': write(signContractFromCard, requestScope),
  'contract.submit_review': write(submitReviewFromCard, requestScope),
  'legal.approve': write(approveDraftFromCard, legalDraftScope),
  'legal.return': write(returnDraftFromCard, legalDraftScope),
  'contract.show': read(showContract, contractScope),
  'settlement.list': read(listSettlements, anyGrant),
  'settlement.show': read(showSettlement, settlementScope),
  'settlement.audit': read(showSettlementAudit, settlementScope),
  'settlement.confirm': write(confirmSettlementFromCard, settlementScope),
  'termination.start': write(startTermination, caseScope),
  'termination.keep': write(keepVendor, caseScope),
  'exit.close': write(closeExit, exitItemScope),
  'spotcheck.open': read(openSpotCheck, checker),
  // 以往抽查: the feature lists only the checks the clicker may open (spotCheckScope's rule).
  'spotcheck.list': read(listSpotChecks, checker),
  'spotcheck.create': write(createSpotCheckFromCard, checker),
  'spotcheck.draw': write(drawSpotCheckFromCard, spotCheckScope),
  'spotcheck.show': read(showSpotCheck, spotCheckScope),
  'spotcheck.form': read(openSampleForm, spotCheckScope),
  'spotcheck.score': write(scoreSampleFromCard, spotCheckScope),
  'spotcheck.verify': read(verifySpotCheckFromCard, spotCheckScope),
  'inspection.list': read(listInspections, anyGrant),
  'inspection.form': read(showInspectionForm, inspectorScope),
  // 督查记录: the readers of 整改情况 (of the contract, when one is named); the feature applies the scope.
  'inspection.records': read(listInspectionRecords, reportScope),
  'inspection.record': write(recordInspectionFromCard, inspectorScope),
  'rectification.report': read(showRectificationReport, reportScope),
  'rectification.close': write(closeRectification, rectificationScope),
  'rectification.confirm': write(confirmRectification, rectificationScope),
  'rectification.reopen': write(reopenRectification, rectificationScope),
  'rectification.attach': write(attachPhoto, rectificationScope),
  // Any person of the organisation; the feature admits only the round's recipients (their invite).
  'survey.answer': write(answerSurveyFromCard, known),
  'delegation.show': read(showDelegation, anyGrant),
  'delegation.create': write(createDelegationFromCard, approver),
  'delegation.revoke': write(revokeDelegationFromCard, delegatorScope),
  'board.show': read(showBoard, disciplineOnly),
  'board.detail': read(showBoardDetail, disciplineOnly),
  'board.verify': read(verifyAuditFromCard, disciplineOnly),
  'board.replay': read(replayFromCard, disciplineOnly),
  'export.menu': read(showExportMenu, anyGrant),
  'export.request': write(requestExportFromCard, exportScope),
  // 导入: admins and finance; the feature checks the kind's roles, and a pending import's sender.
  'import.templates': read(showImportTemplates, importer),
  'import.template': write(sendImportTemplate, importer),
  'import.confirm': write(confirmImportFromCard, importer),
  'import.cancel': write(cancelImportFromCard, importer),
  'import.choose': write(chooseImportFromCard, importer),
};
