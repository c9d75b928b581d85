import { buildApprovalCard } from '../../../src/cards/approval';
import { auditAnchorCard } from '../../../src/cards/audit-anchor';
import { type BoardLine, buildBoardCard, buildBoardDigestCard } from '../../../src/cards/board';
import { buildBoardDetailCard } from '../../../src/cards/board-detail';
import { buildAuditVerifyCard } from '../../../src/cards/board-verify';
import { buildBudgetCard, type LineSummary } from '../../../src/cards/budget';
import { calendarMissingCard } from '../../../src/cards/calendar';
import type { ScoreLineData } from '../../../src/cards/charts/score-line';
import { buildContractCard, buildSigningCard } from '../../../src/cards/contract';
import { buildContractListCard, buildContractNoticeCard } from '../../../src/cards/contract-list';
import { buildDailyProblemFormCard } from '../../../src/cards/daily-problem';
import {
  buildDelegationCard,
  buildDelegationNoticeCard,
  type DelegationView,
} from '../../../src/cards/delegation';
import { buildDeliveryFailuresCard, type FailedRowView } from '../../../src/cards/delivery-failures';
import { buildExitItemCard } from '../../../src/cards/exit';
import { buildExportMenuCard } from '../../../src/cards/export-menu';
import { failureReason } from '../../../src/cards/failure-reasons';
import { groupMenuCard } from '../../../src/cards/group';
import { groupBindingCard } from '../../../src/cards/group-binding';
import { type GroupReminderItem, groupReminderCard } from '../../../src/cards/group-reminder';
import {
  importChooseCard,
  importDoneCard,
  importPreviewCard,
  importTemplatesCard,
} from '../../../src/cards/import';
import { buildInspectionFormCard, buildInspectionListCard } from '../../../src/cards/inspection';
import { buildInspectionRecordsCard } from '../../../src/cards/inspection-records';
import { buildDraftResultCard, buildDraftReviewCard } from '../../../src/cards/legal-review';
import { buildListFilterCard } from '../../../src/cards/list-pager';
import { buildHelpCard, buildIntroCard, buildMenuCard } from '../../../src/cards/menu';
import { menuCardFor } from '../../../src/cards/menu-for';
import { buildMyRequestsCard } from '../../../src/cards/my-requests';
import { openWorkCard } from '../../../src/cards/open-work';
import {
  type ApprovedRequestRow,
  buildProcurementFormCard,
  buildProcurementListCard,
  buildSplitWarningCard,
} from '../../../src/cards/procurement';
import { buildFilingCard } from '../../../src/cards/purchase-form';
import { filingSummary, type SummaryRefs } from '../../../src/cards/purchase-summary';
import { buildPhotoOfferCard, buildRectificationCard } from '../../../src/cards/rectification';
import {
  buildRectificationReportCard,
  type RectificationReportRow,
} from '../../../src/cards/rectification-report';
import { buildReplayCard, type ReplayView } from '../../../src/cards/replay';
import {
  buildAttachOfferCard,
  buildRequestCard,
  buildRequestReminderCard,
  type RequestCardView,
} from '../../../src/cards/request';
import { buildRolesAdminCard } from '../../../src/cards/roles-admin';
import { buildSavingsCard, type SavingTotal } from '../../../src/cards/savings';
import { buildScoreFormCard, buildScorePreviewCard, buildScoreRecordedCard } from '../../../src/cards/score';
import { type AssessedContract, buildScoreListCard } from '../../../src/cards/score-list';
import { scoreReminderCard } from '../../../src/cards/score-reminder';
import {
  buildSettlementCard,
  buildSettlementListCard,
  buildSettlementNoticeCard,
} from '../../../src/cards/settlement';
import { buildSettlementAuditCard } from '../../../src/cards/settlement-audit';
import {
  buildSpotCheckCreatedCard,
  buildSpotCheckFormCard,
  buildSpotCheckSamplesCard,
} from '../../../src/cards/spot-check';
import { buildSpotCheckListCard } from '../../../src/cards/spot-check-list';
import {
  buildAssessorNoticeCard,
  buildComparisonCard,
  buildSampleFormCard,
} from '../../../src/cards/spot-check-sample';
import { buildSpotCheckVerifyCard } from '../../../src/cards/spot-check-verify';
import { buildStandingCard, type UnitStanding } from '../../../src/cards/standing';
import { type SurveyView, surveyAnsweredCard, surveyCard } from '../../../src/cards/survey';
import { buildTerminationCard, buildThresholdNoticeCard } from '../../../src/cards/termination';
import { monthsWithScores, ruleText, warningMessage } from '../../../src/cards/threshold-messages';
import { buildTodoCard } from '../../../src/cards/todo';
import { buildVendorListCard, type VendorView } from '../../../src/cards/vendor';
import { buildNoticeCard, exportMenuButton, myRolesButton } from '../../../src/cards/ways-on';
import { BOARD_LINE_KEYS } from '../../../src/domain/board-rules';
import { SERVICE_CATEGORIES } from '../../../src/domain/categories';
import type { RubricItem } from '../../../src/domain/contract';
import type { SigningForm } from '../../../src/domain/contract-form';
import type { DraftData } from '../../../src/domain/purchase-fields';
import { ROLES } from '../../../src/domain/roles';
import { SAVING_CAUSES } from '../../../src/domain/savings';
import type { Risk, SettlementAudit } from '../../../src/domain/settlement-audit';
import type { SettlementRow } from '../../../src/domain/settlement-rows';
import {
  approval,
  band,
  boardView,
  CONTRACT_DRAFT_KEEP,
  clauses,
  comparison,
  contractRow,
  DRAFT_KEEP,
  decision,
  deductions,
  delegationView,
  draft,
  draftView,
  head,
  hostile,
  item,
  KEEP_DELEGATION,
  KEEP_SAMPLE,
  KEEP_SCOPE,
  openWorkFixture,
  period,
  refs,
  row,
  rubric,
  sampleHead,
  scored,
  settlementAuditFixture,
  spotSample,
  spotScope,
  stood,
  termination,
} from './hostile-views';

/**
 * Every card state every builder of src/cards can produce (issue 21, point 3): each branch that
 * changes the card's structure (which components, forms, buttons, option lists, person pickers,
 * charts appear), the empty lists, the largest realistic option lists (200 units, 200 contracts,
 * 50 people, 200 budget lines), the only approver's delegation card and the unbound group offered
 * units and contracts. card-states.test.ts runs the sandbox's check over each.
 *
 * `cardStates[builder][state]` builds one card (lazily, so one builder that throws fails one test);
 * `states[builder]()` is every card of a builder.
 */

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
/** A realistic open_id: `ou_` and 32 hex digits. */
const openId = (i: number) => `ou_${i.toString(16).padStart(32, '0')}`;
const UNIT_STEMS = ['资产经营公司', '城市管理局', '社会事业局', '经济发展局', '规划建设局', '综合执法局'];
const unitName = (i: number) => `${UNIT_STEMS[i % UNIT_STEMS.length]}${i}`;
const month = (i: number) => {
  const m = 2025 * 12 + i; // i months after 2025-01
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
};

// ----- 委托审批 -----
const delegation = (o: Partial<DelegationView>): DelegationView => ({
  ...delegationView,
  ...o,
});
const delegationStates = {
  'leader with colleagues, delegations both ways (hostile text)': () =>
    buildDelegationCard(hostile(delegationView, KEEP_DELEGATION)),
  'only approver of the unit: no colleague, so no person picker': () =>
    buildDelegationCard(delegation({ colleagues: [], outgoing: [], incoming: [], stages: [] })),
  'leader, nothing delegated either way': () =>
    buildDelegationCard(delegation({ outgoing: [], incoming: [], stages: [] })),
  'delegate holding no approving role, nothing delegated to them': () =>
    buildDelegationCard(delegation({ mine: [], colleagues: [], outgoing: [], incoming: [], stages: [] })),
  'delegate with a live delegation but nothing to decide today': () =>
    buildDelegationCard(delegation({ mine: [], colleagues: [], outgoing: [], stages: [] })),
  'largest: 50 colleagues, 12 outgoing, 12 incoming, 25 stages': () =>
    buildDelegationCard(
      delegation({
        mine: ['单位领导班子(资产经营公司)', '党工委管委会'],
        colleagues: range(50).map(openId),
        outgoing: range(12).map((id) => ({
          id,
          delegate: `同事${id}`,
          from: '2027-03-01',
          to: '2027-03-10',
          status: 'upcoming' as const,
        })),
        incoming: range(12).map((i) => ({
          delegator: `领导${i}`,
          from: '2027-03-01',
          to: '2027-05-30',
          status: 'active' as const,
        })),
        stages: range(25).map((stageId) => ({
          stageId,
          delegator: '王建国',
          text: `审批 #${stageId} 资产经营公司 19.99万「保洁」`,
        })),
      }),
    ),
};

// ----- 采购审批 -----
const approvalStates = {
  'pending, a meeting to record, history (hostile text)': () => buildApprovalCard(hostile(approval)),
  'pending first stage: no meeting, no history, no 万 form of the amount': () =>
    buildApprovalCard({
      ...approval,
      amountYuan: '9,800.50元',
      amountWan: '9,800.50元',
      history: [],
      needsMeeting: false,
    }),
  'pending re-approval with the named meeting': () =>
    buildApprovalCard({
      ...approval,
      reapproval: { fromYuan: '150,000.00元' },
      meetingLabel: '党工委管委会会议日期',
    }),
  'pending, an earlier stage decided on behalf (delegated)': () =>
    buildApprovalCard({
      ...approval,
      history: ['单位领导班子集体决策:同意(李秀英 代 王建国 审批)', '分管领导:同意(王建国)'],
    }),
  'decided: approved': () =>
    buildApprovalCard({ ...approval, outcome: { approved: true, text: '已同意(王建国,2026-03-01)' } }),
  'decided: rejected (hostile text)': () =>
    buildApprovalCard(hostile({ ...approval, outcome: { approved: false, text: '已驳回' } })),
};

// ----- 预算额度 -----
const budgetLine = (id: number, unitId = 1): LineSummary => ({
  id,
  unitId,
  fiscalYear: 2026,
  category: SERVICE_CATEGORIES[id % SERVICE_CATEGORIES.length]!,
  name: id % 3 ? `园区${id}号楼` : '',
  amountFen: 30_000_000n,
  committedFen: 12_000_000n,
  remainingFen: 18_000_000n,
});
const units200 = range(200).map((id) => ({ id, name: unitName(id) }));
const budgetStates = {
  'one line, may register, typed (hostile text)': () =>
    buildBudgetCard(
      hostile(
        {
          year: 2026,
          units: [{ id: 1, name: '资产', lines: [budgetLine(1)] }],
          canAdd: [{ id: 1, name: '资产' }],
          typed: { line_name: '保洁' },
        },
        ['category'],
      ),
    ),
  'no unit to show, may not register': () => buildBudgetCard({ year: 2026, units: [], canAdd: [] }),
  'a unit without lines, a line without name, nothing typed': () =>
    buildBudgetCard({
      year: 2026,
      units: [
        { id: 1, name: '资产经营公司', lines: [] },
        { id: 2, name: '城市管理局', lines: [{ ...budgetLine(3, 2), name: '' }] },
      ],
      canAdd: [{ id: 1, name: '资产经营公司' }],
    }),
  'largest: 200 lines in one unit, 200 units to register for': () =>
    buildBudgetCard({
      year: 2026,
      units: [{ id: 1, name: unitName(1), lines: range(200).map((id) => budgetLine(id)) }],
      canAdd: units200,
    }),
  'zone-wide finance: 200 units of 5 lines each': () =>
    buildBudgetCard({
      year: 2026,
      units: units200.map((u) => ({ ...u, lines: range(5).map((i) => budgetLine(u.id * 10 + i, u.id)) })),
      canAdd: units200,
    }),
};

// ----- 合同 -----
const contracts = (n: number) =>
  range(n).map((id) => ({ ...contractRow, id, number: `HT-2026-${String(id).padStart(4, '0')}` }));
const awaitingRow = (requestId: number) => ({
  requestId,
  unit: '资产经营公司',
  description: '园区公共区域日常保洁',
  vendor: '昆山洁美物业服务有限公司',
  awardedFen: 18_000_000n,
});
const contractListStates = {
  'awaiting and signed (hostile text)': () =>
    buildContractListCard(hostile({ awaiting: [awaitingRow(1)], contracts: [contractRow] })),
  'nothing awaiting, no contract': () => buildContractListCard({ awaiting: [], contracts: [] }),
  'largest: 40 awaiting, 40 contracts': () =>
    buildContractListCard({ awaiting: range(40).map(awaitingRow), contracts: contracts(40) }),
  'a middle page of 2,000, filtered (hostile search), 上一页 and 下一页': () =>
    buildContractListCard({
      awaiting: [],
      contracts: contracts(20),
      page: {
        total: 2000,
        filter: { status: 'running', year: 2026, q: '<at id=all></at>**粗体**' },
        newer: 801,
        older: 780,
        years: [2026, 2025, 2024],
        units: [
          { id: 1, name: '资产经营公司' },
          { id: 2, name: '城市管理局' },
        ],
        vendors: [
          { id: 3, name: '昆山洁美物业服务有限公司' },
          { id: 4, name: '园区保安服务公司' },
        ],
        unitCount: 2,
        vendorCount: 2,
      },
    }),
  "opened from 合同态势: one unit's 预警 contracts, a vendor not among those offered": () =>
    buildContractListCard({
      awaiting: [],
      contracts: contracts(3),
      page: {
        total: 3,
        filter: { unit: 2, standing: 'warned', vendor: 99 },
        years: [2026],
        units: [
          { id: 1, name: '资产经营公司' },
          { id: 2, name: '城市管理局' },
        ],
        vendors: [
          { id: 3, name: '昆山洁美物业服务有限公司' },
          { id: 4, name: '园区保安服务公司' },
        ],
        unitCount: 2,
        vendorCount: 70,
      },
    }),
  'first page, no filter, nothing matches': () =>
    buildContractListCard({
      awaiting: [],
      contracts: [],
      page: { total: 0, filter: {}, years: [], units: [], unitCount: 0, vendors: [], vendorCount: 0 },
    }),
};
const notice = { id: 1, number: 'HT-2026-0001', unit: '资产经营公司', vendor: '某物业', term: '一年' };
const contractNoticeStates = {
  'to the leader': () => buildContractNoticeCard({ ...notice, leader: true, assessor: false }),
  'to an assessor': () => buildContractNoticeCard({ ...notice, leader: false, assessor: true }),
  'to the leader who also assesses (hostile text)': () =>
    buildContractNoticeCard(hostile({ ...notice, leader: true, assessor: true })),
};
const signing = {
  requestId: 7,
  unit: '资产经营公司',
  service: '保洁 · 园区公共区域日常保洁',
  vendor: '昆山洁美物业服务有限公司(91320583000000001X)',
  procurement: '公开招标,苏州市公共资源交易平台,JSZ-2026-001',
  awardedFen: 18_000_000n,
  policyVersion: 2,
  category: '保洁',
  rubric,
  clauses,
  maxTermYears: 3,
  typed: { amount: '', starts_on: '', ends_on: '', schedule: '', targets: '' },
};
const quarterly = range(12).map((i) => ({
  label: `第${i}期`,
  dueOn: `${2027 + Math.floor((i - 1) / 4)}-${String(((i - 1) % 4) * 3 + 3).padStart(2, '0')}-28`,
  amountFen: '1500000',
}));
const signingStates = {
  'first open: nothing typed, no preview': () => buildSigningCard(signing),
  'a start before today: the 补签 hint and its reason field (hostile text)': () =>
    buildSigningCard(
      hostile(
        {
          ...signing,
          typed: {
            amount: '18万',
            starts_on: '2026-08-01',
            ends_on: '2026-10-31',
            schedule: '',
            targets: '',
            late_reason: '原合同纸质件遗失,现补录',
          },
          lateHint: '服务期 08-01 起,今天(12-07)才登记,属补签(登记时服务期已结束),请在下方填写补签原因',
        },
        ['key', 'annualCapFen', 'amountFen', 'starts_on', 'ends_on'],
      ),
    ),
  'preview with the long-term warning (hostile text)': () =>
    buildSigningCard(
      hostile(
        {
          ...signing,
          typed: {
            amount: '18万',
            starts_on: '2027-01-01',
            ends_on: '2029-12-31',
            schedule: '',
            targets: '',
          },
          preview: {
            terms: {
              amountFen: 18_000_000n,
              startsOn: '2027-01-01',
              endsOn: '2029-12-31',
              periods: [period],
              targets: '覆盖率100%',
              longTerm: true,
            },
            warning: '服务期限超过1年',
          },
        },
        ['key', 'annualCapFen', 'amountFen', 'starts_on', 'ends_on'],
      ),
    ),
  'preview without warning, 12 quarterly payments': () =>
    buildSigningCard({
      ...signing,
      typed: {
        amount: '18万',
        starts_on: '2027-01-01',
        ends_on: '2027-12-31',
        schedule: quarterly.map((p) => `${p.label},${p.dueOn},1.5万`).join('\n'),
        targets: '公共区域每日清扫两次,保洁覆盖率100%',
      },
      preview: {
        terms: {
          amountFen: 18_000_000n,
          startsOn: '2027-01-01',
          endsOn: '2027-12-31',
          periods: quarterly,
          targets: '公共区域每日清扫两次',
          longTerm: false,
        },
      },
    }),
};
const reviewedPreview = (review: 'sign' | 'submit' | 'wait') =>
  buildSigningCard(
    hostile(
      {
        ...signing,
        typed: { amount: '18万', starts_on: '2027-01-01', ends_on: '2027-12-31', schedule: '', targets: '' },
        preview: {
          terms: {
            amountFen: 18_000_000n,
            startsOn: '2027-01-01',
            endsOn: '2027-12-31',
            periods: [period],
            targets: '覆盖率100%',
            longTerm: false,
          },
          review,
        },
        review: { line: '第1版 已退回修改(冯蕾 2026-12-08)', comments: ['- 总体意见:绩效目标请量化'] },
      },
      ['key', 'annualCapFen', 'amountFen', 'starts_on', 'ends_on', 'review'],
    ),
  );
Object.assign(signingStates, {
  '法务审核: preview to submit, after a returned version (hostile text)': () => reviewedPreview('submit'),
  '法务审核: preview of the version under review': () => reviewedPreview('wait'),
  '法务审核: preview of the approved version, 确认签订': () => reviewedPreview('sign'),
});
const surveyCandidates = range(100).map((i) => `ou_staff_${i}`);
const surveyPreview = (typed: Partial<SigningForm>) =>
  buildSigningCard({
    ...signing,
    survey: { candidates: surveyCandidates },
    typed: {
      amount: '18万',
      starts_on: '2027-01-01',
      ends_on: '2027-12-31',
      schedule: '',
      targets: '',
      ...typed,
    },
    preview: {
      terms: {
        amountFen: 18_000_000n,
        startsOn: '2027-01-01',
        endsOn: '2027-12-31',
        periods: [period],
        targets: '覆盖率100%',
        longTerm: false,
      },
    },
  });
Object.assign(signingStates, {
  '满意度测评对象: 100 people offered, 3 named, in the preview': () =>
    surveyPreview({ survey_to: 'named', survey_people: surveyCandidates.slice(0, 3) }),
  '满意度测评对象: the project group': () => surveyPreview({ survey_to: 'group' }),
  '满意度测评对象: nobody named, said plainly in the preview': () => surveyPreview({}),
});
const draftReviewStates = {
  'pending: a comment field per rubric item and clause, 通过 / 退回修改 (hostile text)': () =>
    buildDraftReviewCard(hostile(draftView('pending', '合同文本审核后补签'), CONTRACT_DRAFT_KEEP)),
  'returned, with its comments (hostile text)': () =>
    buildDraftReviewCard(hostile(draftView('returned'), CONTRACT_DRAFT_KEEP)),
  approved: () => buildDraftReviewCard(draftView('approved')),
  'superseded while pending': () => buildDraftReviewCard(draftView('superseded')),
  'pending, 10 rubric items': () => buildDraftReviewCard({ ...draftView('pending'), rubric: rubric10 }),
};
const draftResultStates = {
  'returned with comments (hostile text)': () =>
    buildDraftResultCard(hostile(draftView('returned'), CONTRACT_DRAFT_KEEP)),
  approved: () => buildDraftResultCard(draftView('approved')),
};
const contractView = {
  number: 'HT-2026-0001',
  unit: '资产经营公司',
  service: '保洁',
  vendor: '昆山洁美物业服务有限公司',
  amountFen: 18_000_000n,
  startsOn: '2027-01-01',
  endsOn: '2029-12-31',
  payments: [period],
  targets: '覆盖率100%',
  rubric,
  clauses,
  policyVersion: 2,
  leader: '王建国',
  assessors: ['张伟', '李秀英'],
  signed: '张伟 于 2026-11-24',
  status: '履行中',
};
const chart = (o: Partial<ScoreLineData>): ScoreLineData => ({
  months: range(40).map((i) => month(i - 1)),
  scores: range(30).map((i) => ({ month: month(i - 1), finalTenths: i % 7 ? 880 + i : 760 })),
  belowTenths: 800,
  banTenths: 850,
  ...o,
});
const contractStates = {
  'just signed with the long-term warning (hostile text)': () =>
    buildContractCard(
      hostile({ ...contractView, justSigned: { warning: '服务期限超过1年' } }, [
        'key',
        'annualCapFen',
        'amountFen',
      ]),
    ),
  'recorded after its term started: the 补签 line (hostile text)': () =>
    buildContractCard(
      hostile(
        {
          ...contractView,
          id: 1,
          lateSigning: {
            afterEnd: false,
            text: '服务期 2027-01-01 起,2027-01-20 登记;原因:原合同纸质件遗失',
          },
        },
        ['key', 'annualCapFen', 'amountFen'],
      ),
    ),
  'recorded after its term ended: 补签(登记时服务期已结束)': () =>
    buildContractCard({
      ...contractView,
      id: 1,
      status: '已到期',
      lateSigning: {
        afterEnd: true,
        text: '服务期 2026-08-01 至 2026-10-31,2026-12-07 登记;原因:未填写原因',
      },
    }),
  'just signed, no warning, no assessor, no payment plan': () =>
    buildContractCard({ ...contractView, justSigned: {}, assessors: [], payments: [] }),
  'opened later: export button, 40-month chart with months below the line': () =>
    buildContractCard({ ...contractView, id: 1, scores: chart({}) }),
  'opened later: chart of a term with no month scored yet': () =>
    buildContractCard({
      ...contractView,
      id: 1,
      scores: chart({ months: range(12).map(month), scores: [] }),
    }),
  'opened later: every month above the line, scores listed newest first': () =>
    buildContractCard({
      ...contractView,
      id: 1,
      scores: chart({
        scores: range(30)
          .reverse()
          .map((i) => ({ month: month(i - 1), finalTenths: 905 })),
      }),
    }),
  'opened later: months whose spot check score stands, both scores named': () =>
    buildContractCard({
      ...contractView,
      id: 1,
      scores: chart({
        standing: range(3).map((i) => ({ month: month(27 + i), assessorTenths: 841, checkerTenths: 730 })),
      }),
    }),
  'opened later: largest: every shown month has a spot check score standing': () =>
    buildContractCard({
      ...contractView,
      id: 1,
      scores: chart({
        standing: range(40).map((i) => ({ month: month(i - 1), assessorTenths: 999, checkerTenths: 700 })),
      }),
    }),
  'opened later: months first scored after their due date (逾期补录), each with it': () =>
    buildContractCard({
      ...contractView,
      id: 1,
      scores: chart({
        late: range(2).map((i) => ({ month: month(27 + i), label: '逾期补录(应于 09-04 前)' })),
      }),
    }),
  'opened later: largest: every shown month 逾期补录 and its spot check score standing': () =>
    buildContractCard({
      ...contractView,
      id: 1,
      scores: chart({
        standing: range(40).map((i) => ({ month: month(i - 1), assessorTenths: 999, checkerTenths: 700 })),
        late: range(40).map((i) => ({ month: month(i - 1), label: '逾期补录(应于 2027-01-08 前)' })),
      }),
    }),
  'opened later: satisfaction beside the score, one period 样本不足': () =>
    buildContractCard({
      ...contractView,
      id: 1,
      scores: chart({
        surveys: range(30).map((i) => ({
          period: month(i - 1),
          month: month(i - 1),
          count: i % 5 ? 12 : 3,
          minAnswers: 5,
          mean: '4.35',
          pointsTenths: 870,
          enough: i % 5 !== 0,
        })),
      }),
    }),
  'opened later: a term without months draws no chart': () =>
    buildContractCard({ ...contractView, id: 1, scores: chart({ months: [], scores: [] }) }),
};

// ----- 清退事项, 专项督查, 整改 -----
const exitItem = {
  itemId: 1,
  title: '移交',
  contractNo: 'HT-1',
  vendorName: '某物业',
  endsOn: '2026-03-31',
  dueOn: '2026-04-07',
  owner: '张伟',
};
const exitStates = {
  'open: the close form (hostile text)': () => buildExitItemCard(hostile(exitItem)),
  closed: () =>
    buildExitItemCard({ ...exitItem, closed: { by: '张伟', on: '2026-04-01', evidence: '清单1号' } }),
};
const inspectable = (id: number, canInspect: boolean) => ({
  id,
  number: `HT-2026-${id}`,
  unit: unitName(id),
  vendor: '某物业',
  term: '2027-01-01 至 2027-12-31',
  status: '未开始',
  canInspect,
});
const inspectionListStates = {
  'one contract to inspect (hostile text)': () =>
    buildInspectionListCard(hostile({ contracts: [inspectable(1, true)] })),
  'no contract': () => buildInspectionListCard({ contracts: [] }),
  'largest: 40 contracts, half read-only': () =>
    buildInspectionListCard({ contracts: range(40).map((id) => inspectable(id, id % 2 === 0)) }),
  'a middle page of 2,000, filtered, every row inspectable': () =>
    buildInspectionListCard({
      contracts: range(12).map((id) => inspectable(id, true)),
      page: {
        total: 2000,
        filter: { status: 'running', year: 2026, q: '保洁' },
        newer: 13,
        older: 1,
        years: [2026],
        units: [{ id: 1, name: '资产经营公司' }],
        vendors: [{ id: 3, name: '昆山洁美物业服务有限公司' }],
        unitCount: 2,
        vendorCount: 1,
      },
    }),
};
const inspectionForm = { contractId: 1, number: 'HT-1', vendor: '某物业', today: '2026-11-30' };
const inspectionFormStates = {
  'one person in the org': () => buildInspectionFormCard({ ...inspectionForm, peopleOpenIds: [openId(1)] }),
  'largest: 50 people in each of three pickers': () =>
    buildInspectionFormCard({ ...inspectionForm, peopleOpenIds: range(50).map(openId) }),
  'the service dates the inspection must lie within': () =>
    buildInspectionFormCard({
      ...inspectionForm,
      service: { from: '2026-08-01', to: '2027-07-31' },
      peopleOpenIds: [openId(1)],
    }),
};
const rectification = {
  itemId: 1,
  contractNo: 'HT-1',
  vendorName: '某物业',
  inspectedOn: '2026-11-30',
  finding: '消防通道堆物',
  severity: 'major' as const,
  owner: '张伟',
  dueOn: '2026-12-07',
  reopened: 1,
  evidence: '已清理',
  photos: ['ab'.repeat(32)],
};
const rectificationStates = {
  ...Object.fromEntries(
    (['open', 'submitted', 'closed'] as const).flatMap((status) =>
      (['owner', 'team'] as const).map((audience) => [
        `${status}, read by the ${audience} (hostile text)`,
        () =>
          buildRectificationCard(
            hostile({ ...rectification, status, audience }, ['severity', 'status', 'audience']),
          ),
      ]),
    ),
  ),
  'open, never reopened, no evidence nor photo': () =>
    buildRectificationCard({
      ...rectification,
      status: 'open',
      audience: 'owner',
      reopened: 0,
      evidence: undefined,
      photos: [],
    }),
};
const dailyRectificationStates = {
  'a daily problem, repeated twice, submitted: the assessor confirms (hostile text)': () =>
    buildRectificationCard(
      hostile(
        {
          ...rectification,
          status: 'submitted' as const,
          audience: 'team' as const,
          daily: { month: '2026-11', rubricName: '人员在岗与着装', repeats: 2 },
        },
        ['severity', 'status', 'audience', 'month'],
      ),
    ),
  'a daily problem, first occurrence, open for its owner': () =>
    buildRectificationCard({
      ...rectification,
      status: 'open',
      audience: 'owner',
      reopened: 0,
      evidence: undefined,
      photos: [],
      daily: { month: '2026-11', rubricName: '人员在岗与着装', repeats: 0 },
    }),
};
const dailyForm = {
  contractId: 1,
  contract: { id: 1, signedOn: '2026-08-01', category: 'cleaning' as const, vendorName: '某物业' },
  month: '2026-11',
  rubricItem: 'staffing',
  rubricName: '人员在岗与着装',
  deductionTenths: 15,
  note: '11月12日早班缺岗1人',
  today: '2026-12-07',
  peopleOpenIds: [openId(1), openId(2)],
};
const dailyProblemStates = {
  'a deduction to raise (hostile text)': () =>
    buildDailyProblemFormCard(hostile(dailyForm, ['category', 'month', 'rubricItem', 'today'])),
  'already raised: no second form': () =>
    buildDailyProblemFormCard({
      ...dailyForm,
      raised: { itemId: 1, dueOn: '2026-12-10', status: 'submitted' },
    }),
  'largest: 200 people of the unit, a 100-character note': () =>
    buildDailyProblemFormCard({
      ...dailyForm,
      note: '缺'.repeat(100),
      peopleOpenIds: range(200).map(openId),
    }),
};
const offerItem = (itemId: number) => ({
  itemId,
  finding: '消防通道堆物',
  contractNo: 'HT-1',
  dueOn: '2026-12-07',
});
const photoOfferStates = {
  'one open item (hostile text)': () =>
    buildPhotoOfferCard(
      hostile({ messageId: 'om_1', fileKey: 'img_v3_1', items: [offerItem(1)] }, ['messageId', 'fileKey']),
    ),
  'largest: 30 open items': () =>
    buildPhotoOfferCard({ messageId: 'om_1', fileKey: 'img_v3_1', items: range(30).map(offerItem) }),
};
const reportRow = (i: number): RectificationReportRow => ({
  contractNo: 'HT-1',
  unit: '资产经营公司',
  vendor: '某物业',
  inspectedOn: '2026-11-30',
  finding: `消防通道堆物 ${i}`,
  severity: (['minor', 'major', 'critical'] as const)[i % 3]!,
  owner: '张伟',
  dueOn: '2026-12-07',
  status: (['open', 'submitted', 'closed'] as const)[i % 3]!,
  reopened: i % 2,
  overdueWorkingDays: i % 4,
  evidence: i % 2 ? '已清理' : '',
  photos: i % 2 ? ['ab'.repeat(32)] : [],
});
const reportStates = {
  'one overdue row (hostile text)': () =>
    buildRectificationReportCard(
      hostile({ title: '合同 HT-1', today: '2026-11-30', rows: [reportRow(1)] }, ['severity', 'status']),
    ),
  'no finding': () => buildRectificationReportCard({ title: '全部', today: '2026-11-30', rows: [] }),
  'nothing overdue, no evidence': () =>
    buildRectificationReportCard({
      title: '全部',
      today: '2026-11-30',
      rows: [{ ...reportRow(2), overdueWorkingDays: 0, reopened: 0 }],
    }),
  'largest: 45 rows': () =>
    buildRectificationReportCard({ title: '全部', today: '2026-11-30', rows: range(45).map(reportRow) }),
  'a daily problem repeated once, beside a finding': () =>
    buildRectificationReportCard({
      title: '全部',
      today: '2026-11-30',
      rows: [
        reportRow(1),
        { ...reportRow(2), daily: { month: '2026-10', rubricName: '人员在岗', repeats: 1 } },
      ],
    }),
};

// ----- 菜单, 群 -----
const actor = {
  personId: 1,
  openId: openId(1),
  name: '张伟',
  unitId: 1,
  grants: [{ id: 1, role: 'filer' as const, unitId: 1, scope: '资产经营公司' }],
};
const menuStates = {
  'a filer (hostile text)': () =>
    buildMenuCard(hostile({ name: '张伟', roles: [{ role: 'filer' as const, scope: '资产' }] }, ['role'])),
  'not in the org (menuCardFor without an actor)': () => menuCardFor(undefined),
  'in the org without a role': () => menuCardFor({ ...actor, grants: [] }),
  'a filer through menuCardFor': () => menuCardFor(actor),
  'a typed word the person may not use: the menu says why': () =>
    menuCardFor(actor, '「抽查」:抽查仅限纪检监察和财政部门人员'),
  'every role, zone-wide: the longest button row': () =>
    buildMenuCard({
      name: '张伟',
      roles: ROLES.map((role) => ({ role, scope: '全区', unitId: null })),
    }),
  'a unit admin (no 发送失败)': () =>
    buildMenuCard({ name: '张伟', roles: [{ role: 'admin', scope: '资产经营公司', unitId: 1 }] }),
};
const introStates = {
  'a named group (hostile text)': () => buildIntroCard(hostile('群')),
  'a group without a name': () => buildIntroCard(''),
};
const option = (value: number, label: string) => ({ value: String(value), text: label });
const unitOptions = (n: number) => range(n).map((i) => option(i, unitName(i)));
const contractOptions = (n: number) =>
  range(n)
    .reverse()
    .map((i) => option(i, `合同 HT-2026-${String(i).padStart(4, '0')} · ${unitName(i)} · 保洁`));
const projectBinding = {
  id: 1,
  kind: 'project' as const,
  label: '合同 HT-2026-0003 · 资产经营公司 · 保洁 项目工作群',
};
const groupBindingStates = {
  'bound as a project group, more contracts offered (hostile text)': () =>
    groupBindingCard(
      hostile({ bindings: [projectBinding], units: unitOptions(1), contracts: contractOptions(1) }, [
        'kind',
        'value',
      ]),
    ),
  'unbound, units and contracts offered: two forms': () =>
    groupBindingCard({ bindings: [], units: unitOptions(3), contracts: contractOptions(5) }),
  'unbound, largest: 200 units and 200 contracts (both capped)': () =>
    groupBindingCard({ bindings: [], units: unitOptions(200), contracts: contractOptions(200) }),
  'unbound, units only': () => groupBindingCard({ bindings: [], units: unitOptions(2), contracts: [] }),
  'unbound, contracts only (no unit: the note)': () =>
    groupBindingCard({ bindings: [], units: [], contracts: contractOptions(3) }),
  'unbound, nothing the clicker may bind': () => groupBindingCard({ bindings: [], units: [], contracts: [] }),
  'bound as a leadership group: no form': () =>
    groupBindingCard({
      bindings: [{ id: 2, kind: 'leadership', label: '资产经营公司 领导班子群' }],
      units: unitOptions(3),
      contracts: contractOptions(3),
    }),
  'bound to 12 contracts, 200 more offered': () =>
    groupBindingCard({
      bindings: range(12).map((id) => ({
        ...projectBinding,
        id,
        label: `合同 HT-2026-${String(id).padStart(4, '0')} · ${unitName(id)} · 保洁`,
      })),
      units: unitOptions(200),
      contracts: contractOptions(200),
    }),
};
const assessor = (i: number, seen = true) => ({ openId: openId(i), name: `考核人${i}`, seen });
const reminderItem = (o: Partial<GroupReminderItem>): GroupReminderItem => ({
  kind: 'open',
  contractId: 7,
  contractNo: 'HT-2026-0007',
  unitName: '资产经营公司',
  categoryLabel: '保洁',
  month: '2026-12',
  due: '2027-01-07',
  assessors: [assessor(1), assessor(2, false)],
  ...o,
});
const groupReminderStates = {
  'open and overdue of two contracts, hostile ids (hostile text)': () =>
    groupReminderCard(
      hostile(
        {
          items: (['open', 'overdue'] as const).map((kind, i) =>
            reminderItem({
              kind,
              contractId: 7 + i,
              contractNo: `HT-2026-000${7 + i}`,
              calendarCovers: false,
              assessors: [{ openId: 'ou_x', name: '张伟', seen: true }],
            }),
          ),
        },
        ['kind', 'month', 'due'],
      ),
    ),
  'one contract, one month opened': () =>
    groupReminderCard({ items: [reminderItem({ calendarCovers: true })] }),
  'one contract, two months to remind': () =>
    groupReminderCard({
      items: [reminderItem({ kind: 'remind' }), reminderItem({ kind: 'remind', month: '2026-11' })],
    }),
  'largest: 25 overdue items, more than shown': () =>
    groupReminderCard({
      items: range(25).map((i) =>
        reminderItem({
          kind: 'overdue',
          contractId: i,
          contractNo: `HT-2026-${String(i).padStart(4, '0')}`,
          assessors: range(5).map((a) => assessor(a)),
        }),
      ),
    }),
};
const anchor = {
  n: 3,
  date: '2026-12-01',
  takenAt: '2026-12-01 01:30',
  chains: 9,
  rows: 40,
  digest: 'ab'.repeat(32),
};
const auditAnchorStates = {
  'every chain intact': () => auditAnchorCard({ ...anchor, regressed: [] }),
  'three chains regressed': () =>
    auditAnchorCard({ ...anchor, regressed: ['vendor/1', 'contract/2', 'score/3'] }),
  '12 regressed ids, hostile (more than shown)': () =>
    auditAnchorCard(
      hostile({ ...anchor, regressed: range(12).map((i) => `vendor/${i}`) }, ['digest', 'date', 'takenAt']),
    ),
};

// ----- 采购申请 #N (the filer's request card), 催办, 附加到采购申请 -----
const requestCardFixture: RequestCardView = {
  id: 12,
  amount: '180,000.00元',
  line: '2026年 保洁 园区',
  description: '园区公共区域日常保洁服务',
  status: '审批中',
  current: {
    stageId: 3,
    stage: '单位领导班子集体决策',
    holders: ['王建国', '李秀英'],
    since: '2026-12-01 09:30',
  },
  timeline: [
    { at: '2026-12-01 09:30', who: '张伟', what: '提交采购申请(180,000.00元)' },
    { at: '2026-12-01 09:30', who: '系统', what: '提交「单位领导班子集体决策」审批' },
  ],
  attachments: [{ name: '会议纪要.pdf', size: '120.0 KB', sha: '0123456789ab' }],
  mayWithdraw: true,
  mayAttach: true,
};
const reminderFixture = {
  requestId: 12,
  stageId: 3,
  stage: '单位领导班子集体决策',
  filer: '张伟',
  amount: '180,000.00元',
  description: '园区公共区域日常保洁服务',
  since: '2026-12-01 09:30',
};
const attachOfferFixture = {
  messageId: 'om_1',
  fileKey: 'img_v3_1',
  fileName: '会议纪要.png',
  requests: [{ id: 12, description: '保洁', amount: '180,000.00元', status: '审批中' }],
};
const requestCardStates = {
  'being decided, reminded today, with attachments (hostile text)': () =>
    buildRequestCard(hostile({ ...requestCardFixture, remindedToday: '10:32' })),
  'being decided: 催办 and 撤回 offered, no attachment': () =>
    buildRequestCard({ ...requestCardFixture, attachments: [] }),
  'withdrawn: no stage, nothing to do': () =>
    buildRequestCard({
      ...requestCardFixture,
      status: '已撤回',
      current: undefined,
      mayWithdraw: false,
      mayAttach: false,
    }),
  'largest: 60 steps and 30 attachments (older ones left out)': () =>
    buildRequestCard({
      ...requestCardFixture,
      mayWithdraw: false,
      timeline: range(60).map((i) => ({ at: '2026-12-01 09:30', who: '张伟', what: `催办 ${i}` })),
      attachments: range(30).map(() => requestCardFixture.attachments[0]!),
    }),
};
const requestReminderStates = {
  'one stage reminded (hostile text)': () => buildRequestReminderCard(hostile(reminderFixture)),
};
const attachOfferStates = {
  'one open request (hostile text)': () =>
    buildAttachOfferCard(hostile(attachOfferFixture, ['messageId', 'fileKey'])),
  'largest: 10 open requests': () =>
    buildAttachOfferCard({
      ...attachOfferFixture,
      requests: range(10).map((i) => ({ ...attachOfferFixture.requests[0]!, id: i + 1 })),
    }),
};

// ----- 我的申请, 采购 -----
const myRequest = {
  id: 12,
  amount: '30,000.00元',
  line: '2026年 保洁 园区',
  description: '保洁',
  status: '审批中',
  current: { stage: '单位领导班子集体决策', approvers: ['王建国', '李秀英'] },
  decided: [{ stage: '单位领导班子集体决策', outcome: '同意', by: '王建国', note: '纪要' }],
};
const myRequestsStates = {
  'one request being decided (hostile text)': () => buildMyRequestsCard(hostile({ requests: [myRequest] })),
  'nothing filed yet': () => buildMyRequestsCard({ requests: [] }),
  'several: no approver left, ended, decided without a note': () =>
    buildMyRequestsCard({
      requests: [
        { ...myRequest, current: { stage: '党工委管委会会议', approvers: [] } },
        {
          ...myRequest,
          id: 11,
          status: '已批准',
          current: undefined,
          decided: [{ stage: '单位领导班子集体决策', outcome: '同意', by: '王建国', note: '' }],
        },
        { ...myRequest, id: 10, status: '已驳回', current: undefined, decided: [] },
      ],
    }),
  'a middle page, filtered': () =>
    buildMyRequestsCard({
      requests: range(20).map((i) => ({ ...myRequest, id: 1200 - i })),
      page: {
        total: 2000,
        filter: { status: 'pending', year: 2026, q: '保洁' },
        newer: 1200,
        older: 1181,
        years: [2026, 2025],
      },
    }),
  'a filter that matches nothing': () =>
    buildMyRequestsCard({ requests: [], page: { total: 0, filter: { status: 'withdrawn' }, years: [2026] } }),
};
const approvedRow = (
  id: number,
  state: ApprovedRequestRow['state'],
  mayRecord = true,
): ApprovedRequestRow => ({
  id,
  unit: '资产经营公司',
  category: 'cleaning',
  description: '园区公共区域日常保洁',
  amountFen: 18_000_000n,
  mayRecord,
  state,
});
const procurementStates3 = [
  { kind: 'none' as const },
  { kind: 'recorded' as const, procurementId: 1, vendor: '某物业' },
  {
    kind: 'contract' as const,
    procurementId: 1,
    vendor: '某物业',
    contractId: 2,
    contractNo: 'HT-2026-0002',
    status: '履行中',
  },
];
const procurementListStates = {
  'one request in each state (hostile text)': () =>
    buildProcurementListCard(
      hostile(
        procurementStates3.map((s, i) => approvedRow(i + 1, s)),
        ['category', 'kind'],
      ),
    ),
  'no approved request': () => buildProcurementListCard([]),
  'largest: 40 requests, seen but not recordable': () =>
    buildProcurementListCard(range(40).map((id) => approvedRow(id, procurementStates3[id % 3]!, false))),
  'a middle page, filtered by progress, year, unit and text': () =>
    buildProcurementListCard(
      range(20).map((id) => approvedRow(1200 - id, procurementStates3[id % 3]!)),
      {
        total: 2000,
        filter: { status: 'to_sign', year: 2026, unit: 2, q: '保洁' },
        newer: 1200,
        older: 1181,
        years: [2026, 2025],
        units: [
          { id: 1, name: '资产经营公司' },
          { id: 2, name: '园区物业中心' },
        ],
      },
    ),
  'a filter that matches nothing': () =>
    buildProcurementListCard([], { total: 0, filter: { status: 'signed' }, years: [2026] }),
};
const procurementForm = {
  requestId: 1,
  unit: '资产经营公司',
  category: 'cleaning' as const,
  description: '园区公共区域日常保洁',
  amountFen: 18_000_000n,
  plannedMethod: 'open_tender',
  thresholdFen: 40_000_000n,
  today: '2026-03-01',
};
const vendor = (id: number) => ({ id, name: `昆山洁美物业服务有限公司${id}`, uscc: '91320583000000001X' });
const procurementFormStates = {
  'one vendor, unknown planned method (hostile text)': () =>
    buildProcurementFormCard(
      hostile({ ...procurementForm, plannedMethod: 'unknown', vendors: [vendor(1)] }, ['category', 'today']),
    ),
  'no vendor registered yet: no form': () => buildProcurementFormCard({ ...procurementForm, vendors: [] }),
  'largest: 200 vendors (select capped)': () =>
    buildProcurementFormCard({ ...procurementForm, vendors: range(200).map(vendor) }),
};
const splitItem = (requestId: number) => ({
  requestId,
  method: requestId % 2 ? 'inquiry' : 'unknown',
  awardDate: '2026-03-01',
  awardedFen: 9_000_000n,
  vendor: '某物业',
});
const splitWarningStates = {
  'one purchase (hostile text)': () =>
    buildSplitWarningCard(
      hostile(
        {
          unitName: '资产',
          category: 'cleaning' as const,
          year: 2026,
          thresholdFen: 1n,
          totalFen: 2n,
          items: [splitItem(1)],
        },
        ['category'],
      ),
    ),
  'twelve purchases': () =>
    buildSplitWarningCard({
      unitName: '资产经营公司',
      category: 'security',
      year: 2026,
      thresholdFen: 40_000_000n,
      totalFen: 108_000_000n,
      items: range(12).map(splitItem),
    }),
};

// ----- 发起采购 (steps 1-5 with and without errors) -----
const lines200 = range(200).map((i) => ({
  value: String(i),
  text: `2026年 ${unitName(i)} · 保洁 · 剩余 180,000.00元`,
  category: SERVICE_CATEGORIES[i % SERVICE_CATEGORIES.length],
}));
const filing = (step: number, o: Partial<Parameters<typeof buildFilingCard>[0]> = {}) =>
  buildFilingCard({
    draftId: 1,
    step,
    data: draft,
    lines: refs.lineOptions,
    people: [openId(1)],
    ...o,
  });
const summary = (d: DraftData, r: SummaryRefs = refs) => filingSummary(d, r);
const filingStates = {
  'step 1 with an error (hostile text)': () =>
    buildFilingCard(
      hostile(
        {
          draftId: 1,
          step: 1,
          data: draft,
          lines: refs.lineOptions,
          people: ['ou_a'],
          errors: { why: '必填' },
        },
        [...DRAFT_KEEP, 'people'],
      ),
    ),
  'step 1, the chosen line has a category': () =>
    filing(1, { lines: [{ value: '9', text: '资产 · 会务', category: 'other' }] }),
  'step 1, largest: 200 budget lines': () => filing(1, { lines: lines200, data: { ...draft, line: '7' } }),
  'step 2': () => filing(2),
  'step 2 with errors': () => filing(2, { errors: { why: '必填', suppliers: '询价供应商数须为正整数' } }),
  'step 3': () => filing(3),
  'step 3 with an error': () => filing(3, { errors: { amount: '金额有误' } }),
  'step 4, one person': () => filing(4),
  'step 4, largest: 50 people in three pickers, with an error': () =>
    filing(4, {
      people: range(50).map(openId),
      data: { ...draft, leader: openId(1), department: openId(2), assessors: [openId(3), openId(4)] },
      errors: { assessors: '考核人不能是经办人' },
    }),
  'step 4, pickers of the unit: 300 people in the zone, 6 leaders of the unit, 4 department heads, 30 assessors':
    () =>
      filing(4, {
        people: range(300).map(openId),
        pickers: {
          leader: range(6).map(openId),
          department: range(4).map((i) => openId(10 + i)),
          assessors: range(30).map((i) => openId(20 + i)),
        },
        data: { ...draft, leader: openId(1), department: openId(11), assessors: [openId(21), openId(299)] },
      }),
  'step 4, the unit has no leader, department head or assessor yet: notes, no empty picker': () =>
    filing(4, { pickers: { leader: [], department: [], assessors: [] } }),
  'step 4, nothing chosen yet': () =>
    filing(4, { data: { ...draft, leader: undefined, department: undefined, assessors: [] } }),
  'step 5 with the summary': () => filing(5, { summary: summary(draft, refs) }),
  'step 5 with an error, the summary of a hostile draft': () =>
    filing(5, {
      people: [],
      errors: hostile({ amount: '金额有误' }),
      summary: summary(hostile(draft, DRAFT_KEEP), hostile(refs, DRAFT_KEEP)),
    }),
  'step 5, the summary of an empty draft, a line with its category': () =>
    filing(5, {
      summary: summary(
        {},
        { ...refs, lineOptions: [{ value: '9', text: '资产 · 保洁', category: 'cleaning' }] },
      ),
    }),
  'step 5, a known category, an amount with no 万 form': () =>
    filing(5, {
      summary: summary({ ...draft, category: 'cleaning', amount: '9800.50', line: 'x' }, refs),
    }),
  'step 5, a line of category other, nothing typed': () =>
    filing(5, {
      summary: summary(
        { line: '9' },
        { ...refs, lineOptions: [{ value: '9', text: '资产 · 会务', category: 'other' }] },
      ),
    }),
  'step 5 without a summary': () => filing(5),
};

// ----- 角色管理 -----
const rolesAdminStates = {
  'one person, one scope, one grant (hostile text)': () =>
    buildRolesAdminCard(
      hostile(
        {
          people: [{ openId: 'ou_1', name: '甲' }],
          scopes: [{ value: 'zone', text: '全区' }],
          grants: [{ person: '甲', role: '管理员', scope: '全区' }],
          page: { total: 1, q: '甲' },
        },
        ['openId', 'value'],
      ),
    ),
  'no grant yet': () =>
    buildRolesAdminCard({
      people: [{ openId: openId(1), name: '张伟' }],
      scopes: [{ value: '1', text: '资产经营公司' }],
      grants: [],
      page: { total: 0 },
    }),
  'a search that matches nothing': () =>
    buildRolesAdminCard({
      people: [{ openId: openId(1), name: '张伟' }],
      scopes: [{ value: '1', text: '资产经营公司' }],
      grants: [],
      page: { total: 0, q: '没有此人' },
    }),
  'largest: 50 people, the zone and 200 units, a middle page of 2,000 grants': () =>
    buildRolesAdminCard({
      people: range(50).map((i) => ({ openId: openId(i), name: `人员${i}` })),
      scopes: [{ value: 'zone', text: '全区' }, ...unitOptions(200)],
      grants: range(40).map((i) => ({ person: `人员${i}`, role: '经办人', scope: unitName(i) })),
      page: { total: 2000, newer: 1200, older: 1161 },
    }),
};

// ----- 节约资金 -----
const saving = (unitId: number, cause: SavingTotal['cause']): SavingTotal => ({
  unitId,
  unitName: unitName(unitId),
  cause,
  totalFen: 1_200_000n,
  count: 2,
});
const savingMonths = (unitCount: number) =>
  range(unitCount).flatMap((unitId) =>
    SAVING_CAUSES.map((cause, i) => ({
      month: ((unitId + i) % 12) + 1,
      unitId,
      unitName: unitName(unitId),
      cause,
      totalFen: BigInt(100_000 * (unitId + i)),
    })),
  );
const savingsStates = {
  'zone-wide, one cause, may record, typed (hostile text)': () =>
    buildSavingsCard(
      hostile(
        {
          year: 2026,
          zoneWide: true,
          totals: [saving(1, 'renegotiated_price')],
          canAdd: [{ id: 1, name: '资产' }],
          typed: { evidence: '纪要' },
        },
        ['cause'],
      ),
    ),
  'a unit, nothing recorded, may not record': () =>
    buildSavingsCard({ year: 2026, zoneWide: false, totals: [], canAdd: [] }),
  'one unit: the by-cause chart only': () =>
    buildSavingsCard({
      year: 2026,
      zoneWide: false,
      totals: SAVING_CAUSES.map((c) => saving(1, c)),
      months: savingMonths(1),
      canAdd: [{ id: 1, name: unitName(1) }],
    }),
  'three units: both charts, every unit named, two with equal totals': () =>
    buildSavingsCard({
      year: 2026,
      zoneWide: true,
      totals: [saving(1, 'deduction'), saving(2, 'other'), saving(3, 'deduction')],
      months: [1, 2, 3, 2].map((unitId, i) => ({
        month: i + 1,
        unitId,
        unitName: unitName(unitId),
        cause: i % 2 ? ('other' as const) : ('deduction' as const),
        totalFen: [500_000n, 300_000n, 900_000n, 200_000n][i]!,
      })),
      canAdd: [],
    }),
  'eight units: both charts, the smallest as 其他单位': () =>
    buildSavingsCard({
      year: 2026,
      zoneWide: true,
      totals: range(8).flatMap((u) => SAVING_CAUSES.map((c) => saving(u, c))),
      months: savingMonths(8),
      canAdd: [],
    }),
  'largest: 200 units saved, 200 units to record for': () =>
    buildSavingsCard({
      year: 2026,
      zoneWide: true,
      totals: range(200).flatMap((u) => [saving(u, 'deduction'), saving(u, 'other')]),
      months: savingMonths(200),
      canAdd: units200,
    }),
};

// ----- 月度考核 -----
const assessed = (id: number, open: number, scoredMonths: number): AssessedContract => ({
  ...head,
  id,
  status: '履行中',
  open: range(open).map((i) => month(i - 1)),
  scored: range(scoredMonths).map((i) => ({ month: month(30 - i), finalTenths: 900 - i })),
});
const scoreListStates = {
  'one contract, months open and scored (hostile text)': () =>
    buildScoreListCard(
      hostile(
        [{ ...head, status: '履行中', open: ['2027-02'], scored: [{ month: '2027-01', finalTenths: 900 }] }],
        ['category', 'open', 'month'],
      ),
    ),
  'no contract to assess': () => buildScoreListCard([]),
  'nothing open, nothing scored': () => buildScoreListCard([assessed(1, 0, 0)]),
  'more open and scored months than shown': () => buildScoreListCard([assessed(1, 20, 10)]),
  'largest: 12 contracts, 12 open and 6 scored each': () =>
    buildScoreListCard(range(12).map((id) => assessed(id, 12, 6))),
  'a month whose spot check score stands: both scores, which counts': () =>
    buildScoreListCard([
      {
        ...assessed(1, 1, 3),
        scored: [
          { month: '2027-03', finalTenths: 900 },
          { month: '2027-02', finalTenths: 841, checkerTenths: 730 },
          { month: '2027-01', finalTenths: 880 },
        ],
      },
    ]),
  'a month entered late: 逾期补录 with its due date': () =>
    buildScoreListCard([
      {
        ...assessed(1, 1, 2),
        scored: [
          { month: '2026-09', finalTenths: 900 },
          { month: '2026-08', finalTenths: 880, late: '逾期补录(应于 09-07 前)' },
        ],
      },
    ]),
  'largest: 12 contracts, every scored month late with a spot check score standing': () =>
    buildScoreListCard(
      range(12).map((id) => {
        const a = assessed(id, 12, 6);
        return {
          ...a,
          scored: a.scored.map((s) => ({ ...s, checkerTenths: 700, late: '逾期补录(应于 2027-01-08 前)' })),
        };
      }),
    ),
  'largest: 12 contracts, every scored month with a spot check score standing': () =>
    buildScoreListCard(
      range(12).map((id) => {
        const a = assessed(id, 12, 6);
        return { ...a, scored: a.scored.map((s) => ({ ...s, checkerTenths: 700 })) };
      }),
    ),
};
const scoreReminder = {
  contractId: 7,
  contractNo: 'HT-2026-0007',
  month: '2026-12',
  vendorName: '某物业',
  categoryLabel: '保洁',
  due: '2027-01-07',
};
const scoreReminderStates = {
  ...Object.fromEntries(
    (['open', 'remind', 'overdue', 'escalate'] as const).map((kind) => [
      `${kind} (hostile text)`,
      () =>
        scoreReminderCard(
          hostile(
            { ...scoreReminder, kind, assessorNames: ['张伟'], overdueWorkingDays: 2, calendarCovers: false },
            ['kind', 'month', 'due'],
          ),
        ),
    ]),
  ),
  'escalate without names, the calendar covering the year': () =>
    scoreReminderCard({ ...scoreReminder, kind: 'escalate', calendarCovers: true }),
};
const rubric10: RubricItem[] = range(10).map((i) => ({
  key: `item${i}`,
  name: `考核项目${i}`,
  maxDeductTenths: 100,
}));
const surveyShown = {
  period: '2027-01',
  roundId: 1,
  count: 12,
  minAnswers: 5,
  mean: '4.35',
  pointsTenths: 870,
  shareBp: 2000,
  applied: true,
};
const scoreFormStates = {
  'correction with an error (hostile text)': () =>
    buildScoreFormCard(
      hostile(
        {
          contract: head,
          month: '2027-01',
          typed: { d_quality: '2', n_quality: '未清扫', management: '90', reason: '录错' },
          current: { id: 1, finalTenths: 900 },
          error: '扣分说明必填',
        },
        ['category', 'key', 'month'],
      ),
    ),
  'first entry, nothing typed': () => buildScoreFormCard({ contract: head, month: '2027-01', typed: {} }),
  'first entry after the due date: 逾期补录': () =>
    buildScoreFormCard({ contract: head, month: '2026-08', typed: {}, late: '逾期补录(应于 09-07 前)' }),
  'correcting a late month whose spot check score stands: both scores, which counts': () =>
    buildScoreFormCard({
      contract: head,
      month: '2027-02',
      typed: { management: '90', reason: '复核' },
      current: { id: 1, finalTenths: 841, checkerTenths: 730 },
      late: '逾期补录(应于 03-06 前)',
    }),
  'largest: a rubric of 10 items': () =>
    buildScoreFormCard({ contract: { ...head, rubric: rubric10 }, month: '2027-01', typed: {} }),
  '未整改问题 of earlier months: overdue, submitted, repeated (hostile text)': () =>
    buildScoreFormCard(
      hostile(
        {
          contract: head,
          month: '2027-01',
          typed: {},
          openProblems: range(12).map((i) => ({
            itemId: i,
            finding: `早班缺岗 ${i}`,
            month: '2026-12',
            rubricName: '人员在岗',
            dueOn: '2027-01-05',
            status: i % 2 ? ('submitted' as const) : ('open' as const),
            overdueWorkingDays: i % 3,
            repeats: i % 4,
          })),
        },
        ['category', 'key', 'month', 'status'],
      ),
    ),
  'a closed survey round counted beside the management field (满意度测评)': () =>
    buildScoreFormCard({ contract: head, month: '2027-01', typed: {}, survey: surveyShown }),
  'a survey round below the minimum: 样本不足, not counted': () =>
    buildScoreFormCard({
      contract: head,
      month: '2027-01',
      typed: {},
      survey: { ...surveyShown, count: 4, applied: false },
    }),
  'a contract with a survey but no closed round this period': () =>
    buildScoreFormCard({ contract: head, month: '2027-01', typed: {}, survey: 'none' }),
};
const entry = { deductions, dailyTenths: 980, managementTenths: 900, finalTenths: 950, band, reason: '录错' };
const surveyEntry = {
  ...entry,
  reason: undefined,
  managementTenths: 894,
  assessedManagementTenths: 900,
  survey: surveyShown,
};
const scorePreviewStates = {
  'correction (hostile text)': () =>
    buildScorePreviewCard(
      hostile({ contract: head, month: '2027-01', entry, current: { id: 1, finalTenths: 900 } }, [
        'category',
        'key',
        'item',
        'month',
      ]),
    ),
  'correcting a late month whose spot check score stands': () =>
    buildScorePreviewCard({
      contract: head,
      month: '2027-02',
      entry,
      current: { id: 1, finalTenths: 841, checkerTenths: 730 },
      late: '逾期补录(应于 03-06 前)',
    }),
  'first entry without deductions': () =>
    buildScorePreviewCard({
      contract: head,
      month: '2027-01',
      entry: { ...entry, deductions: [], reason: undefined },
    }),
  'first entry, a deduction of an item not in the rubric': () =>
    buildScorePreviewCard({
      contract: head,
      month: '2027-01',
      entry: { ...entry, deductions: [{ item: 'gone', tenths: 10, note: '旧细则' }] },
    }),
  'a survey share in the management line, with its parts': () =>
    buildScorePreviewCard({ contract: head, month: '2027-01', entry: surveyEntry }),
  'a survey round below the minimum: 样本不足': () =>
    buildScorePreviewCard({
      contract: head,
      month: '2027-01',
      entry: { ...entry, reason: undefined, survey: { ...surveyShown, count: 4, applied: false } },
    }),
};
const recorded = {
  contract: head,
  month: '2027-01',
  score: { id: 1, dailyTenths: 980, managementTenths: 900, finalTenths: 950, deductions },
  band: '90分及以上',
  reason: '录错',
};
const scoreRecordedStates = {
  'first entry (hostile text)': () =>
    buildScoreRecordedCard(hostile(recorded, ['category', 'key', 'item', 'month'])),
  'first entry after the due date: 逾期补录': () =>
    buildScoreRecordedCard({ ...recorded, late: '逾期补录(应于 09-07 前)' }),
  'correction without a reason': () =>
    buildScoreRecordedCard({
      ...recorded,
      reason: undefined,
      previous: { dailyTenths: 1, managementTenths: 2, finalTenths: 3 },
    }),
  'a correction with a survey share: the parts of the line under the change': () =>
    buildScoreRecordedCard({
      ...recorded,
      score: { ...recorded.score, managementTenths: 894, assessedManagementTenths: 900 },
      previous: { dailyTenths: 980, managementTenths: 880, finalTenths: 940 },
      survey: surveyShown,
    }),
  'recorded with a survey share in the management line': () =>
    buildScoreRecordedCard({
      ...recorded,
      reason: undefined,
      score: { ...recorded.score, managementTenths: 894, assessedManagementTenths: 900 },
      survey: surveyShown,
    }),
};

// ----- 抽查 -----
const spotCheckFormStates = {
  'zone-wide, one unit': () =>
    buildSpotCheckFormCard({ units: [{ id: 1, name: '资产' }], zone: true, defaultBp: 1000 }),
  'unit-scoped checker': () =>
    buildSpotCheckFormCard({ units: [{ id: 1, name: '资产经营公司' }], zone: false, defaultBp: 500 }),
  'largest: 200 units to choose from': () =>
    buildSpotCheckFormCard({ units: units200, zone: true, defaultBp: 1000 }),
};
const spotCheckCreatedStates = {
  'units, categories and a size (hostile text)': () =>
    buildSpotCheckCreatedCard(hostile({ id: 1, scope: spotScope, seedHash: 'ab'.repeat(32) }, KEEP_SCOPE)),
  'the whole zone, every category, by rate': () =>
    buildSpotCheckCreatedCard({
      id: 2,
      scope: { ...spotScope, units: null, categories: null, sampleSize: null, sampleBp: 1000 },
      seedHash: 'ab'.repeat(32),
    }),
  'neither size nor rate recorded': () =>
    buildSpotCheckCreatedCard({
      id: 3,
      scope: { ...spotScope, sampleSize: null, sampleBp: null },
      seedHash: 'ab'.repeat(32),
    }),
};
const sampleLine = (scoreId: number, checked: boolean) => ({
  ...spotSample,
  scoreId,
  checkerTenths: checked ? 700 : null,
  exceeds: checked ? scoreId % 2 === 0 : null,
  stands: checked && scoreId % 4 === 0,
});
const samples = {
  id: 1,
  scope: spotScope,
  seed: 'cd'.repeat(32),
  seedHash: 'ab'.repeat(32),
  population: 400,
  total: 45,
  page: 0,
  pageSize: 20,
};
const spotCheckSamplesStates = {
  'first page of two, scored and unscored (hostile text)': () =>
    buildSpotCheckSamplesCard(
      hostile(
        {
          ...samples,
          population: 40,
          total: 25,
          samples: [sampleLine(1, false), { ...sampleLine(2, true), exceeds: true, stands: true }],
        },
        KEEP_SCOPE,
      ),
    ),
  'nothing in scope to draw': () =>
    buildSpotCheckSamplesCard({ ...samples, population: 0, total: 0, samples: [] }),
  'middle page: 20 unscored, both page buttons': () =>
    buildSpotCheckSamplesCard({
      ...samples,
      page: 1,
      samples: range(20).map((i) => sampleLine(20 + i, false)),
    }),
  'a sample whose month was scored late: 逾期补录': () =>
    buildSpotCheckSamplesCard({
      ...samples,
      samples: [
        { ...sampleLine(1, false), late: '逾期补录(应于 09-07 前)' },
        { ...sampleLine(2, true), exceeds: true, stands: true, late: '逾期补录(应于 2027-01-08 前)' },
      ],
    }),
  'last page: scored, within tolerance or not': () =>
    buildSpotCheckSamplesCard({
      ...samples,
      page: 2,
      samples: range(5).map((i) => sampleLine(40 + i, true)),
    }),
};
// ----- 以往抽查, 督查记录 (issue 25) -----
const spotListRow = (id: number, drawn: boolean) => ({
  id,
  createdAt: '2026-12-07 10:05',
  createdBy: '郑毅',
  scope: { ...spotScope, units: range(1 + (id % 40)).map(unitName) },
  drawn,
  samples: drawn ? 20 : 0,
  scored: drawn ? id % 21 : 0,
  exceeds: drawn ? id % 3 : 0,
});
const spotCheckListStates = {
  'middle page of 2,000: 20 checks, both page buttons': () =>
    buildSpotCheckListCard({
      rows: range(20).map((i) => spotListRow(1000 - i, i % 4 !== 0)),
      total: 2000,
      newer: 1000,
      older: 981,
    }),
  'last page: whole-zone and by-rate checks, no 下一页': () =>
    buildSpotCheckListCard({
      rows: [
        { ...spotListRow(2, true), scope: { ...spotScope, units: null, categories: null } },
        { ...spotListRow(1, false), scope: { ...spotScope, sampleSize: null, sampleBp: 500 } },
      ],
      total: 22,
      newer: 2,
    }),
  'none the clicker may open': () => buildSpotCheckListCard({ rows: [], total: 0 }),
  'under the 抽查 form: 200 units and the latest 10': () =>
    buildSpotCheckFormCard({
      units: units200,
      zone: true,
      defaultBp: 1000,
      earlier: { rows: range(10).map((i) => spotListRow(2000 - i, true)), total: 2000, older: 1991 },
    }),
};
const inspectionRecord = (id: number, findings: number, closed: number) => ({
  id,
  inspectedOn: '2026-11-02',
  contractId: id,
  contractNo: `HT-2026-${String(id).padStart(4, '0')}`,
  unit: unitName(id),
  vendor: '苏州市某某物业管理服务有限公司第二分公司',
  recordedBy: '何静',
  participants: range(1 + (id % 8)).map((i) => `督查员${i}`),
  findings,
  open: findings - closed,
  closed,
});
const inspectionRecordsStates = {
  'middle page of 2,000 across contracts': () =>
    buildInspectionRecordsCard({
      rows: range(20).map((i) => inspectionRecord(1000 - i, i % 4, i % 2)),
      total: 2000,
      newer: 1000,
      older: 981,
    }),
  "one contract's, to its inspection team: 登记督查": () =>
    buildInspectionRecordsCard({
      contract: { id: 7, number: 'HT-2026-0007', canInspect: true },
      rows: [inspectionRecord(7, 3, 3), inspectionRecord(6, 0, 0)],
      total: 2,
    }),
  "one contract's, to a reader, none yet": () =>
    buildInspectionRecordsCard({
      contract: { id: 7, number: 'HT-2026-0007', canInspect: false },
      rows: [],
      total: 0,
    }),
  'above the 登记督查 form: the latest 5 of 12, 50 people in each picker': () =>
    buildInspectionFormCard({
      ...inspectionForm,
      peopleOpenIds: range(50).map(openId),
      earlier: {
        contract: { id: 7, number: 'HT-2026-0007', canInspect: true },
        rows: range(5).map((i) => inspectionRecord(20 - i, 3, 1)),
        total: 12,
        older: 16,
      },
    }),
  'above the 登记督查 form: no inspection yet': () =>
    buildInspectionFormCard({
      ...inspectionForm,
      peopleOpenIds: [openId(1)],
      earlier: { contract: { id: 7, number: 'HT-2026-0007', canInspect: true }, rows: [], total: 0 },
    }),
};
const sampleFormStates = {
  'one rubric item, typed (hostile text)': () =>
    buildSampleFormCard(hostile({ head: sampleHead, typed: { d_quality: '2' } }, KEEP_SAMPLE)),
  'largest: a rubric of 10 items': () =>
    buildSampleFormCard({ head: { ...sampleHead, rubric: rubric10 }, typed: {} }),
};
const within = {
  ...comparison,
  exceeds: false,
  stands: false,
  gapTenths: 20,
  notes: '',
  evidence: '',
  checker: { ...scored, deductions: [{ item: 'gone', tenths: 10, note: '旧细则' }] },
};
const comparisonStates = {
  'to the checker, above tolerance, checker stands (hostile text)': () =>
    buildComparisonCard(hostile(comparison, KEEP_SAMPLE), 'checker'),
  'flagged to leadership (hostile text)': () => buildComparisonCard(hostile(comparison, KEEP_SAMPLE), 'flag'),
  'to the checker, within tolerance, no notes nor evidence': () => buildComparisonCard(within, 'checker'),
  'flagged, the assessor stands under the policy': () =>
    buildComparisonCard({ ...comparison, stands: false }, 'flag'),
};
const assessorNoticeStates = {
  'checker stands (hostile text)': () => buildAssessorNoticeCard(hostile(comparison, KEEP_SAMPLE)),
  'assessor stands under the policy': () => buildAssessorNoticeCard({ ...comparison, stands: false }),
};

// ----- 结算 -----
const settlement = {
  contractId: 1,
  number: 'HT-1',
  unit: '资产经营公司',
  vendor: '某物业',
  amountFen: 36_000_000n,
  term: '2027-01-01 至 2027-12-31',
  bands: clauses.deduction.bands,
  annualCapFen: 20_000_000n,
  canConfirm: true,
};
const open = (o: Partial<SettlementRow>): SettlementRow => ({
  ...row,
  confirmed: null,
  unscored: [],
  afterEnd: undefined,
  ...o,
});
const settlementStates = {
  'a confirmed period and the next with unscored months (hostile text)': () =>
    buildSettlementCard(hostile({ ...settlement, rows: [row, { ...row, confirmed: null }] })),
  'the next period with open rectifications: the override form (hostile text)': () =>
    buildSettlementCard(hostile({ ...settlement, rows: [open({})], openItems: 2 })),
  'the next period confirmable: the confirm button': () =>
    buildSettlementCard({ ...settlement, rows: [open({})] }),
  'the next period still being served: from when it may be settled, no button': () =>
    buildSettlementCard({
      ...settlement,
      rows: [open({})],
      notYet: { lastDay: '2027-03-31', from: '2027-04-01' },
    }),
  'no payment schedule': () => buildSettlementCard({ ...settlement, rows: [] }),
  'read-only (not finance)': () =>
    buildSettlementCard({ ...settlement, canConfirm: false, rows: [open({})] }),
  'every kind of period: by the system, advance, capped, ended, waiting on the previous': () =>
    buildSettlementCard({
      ...settlement,
      rows: [
        { ...row, deductBp: 0, confirmed: { id: 1, by: null, on: '2027-03-31' } },
        open({ label: '预付款', months: [], scoreDisplay: null, bandIndex: null, deductBp: 0, rawFen: 0n }),
        open({ label: '第2期', bandIndex: 0, deductionFen: 100n, rawFen: 900_000n }),
        open({ label: '第3期', afterEnd: { endedOn: '2027-05-31', scheduledFen: 9_000_000n } }),
      ],
    }),
  'largest: 36 monthly periods': () =>
    buildSettlementCard({
      ...settlement,
      rows: range(36).map((i) =>
        i < 10 ? { ...row, label: `第${i}期` } : open({ label: `第${i}期`, months: [month(i - 1)] }),
      ),
    }),
};
const settlementListStates = {
  'one contract (hostile text)': () => buildSettlementListCard(hostile({ contracts: [contractRow] })),
  'no contract': () => buildSettlementListCard({ contracts: [] }),
  'largest: 40 contracts': () => buildSettlementListCard({ contracts: contracts(40) }),
  'a middle page of 2,000, filtered, 上一页 and 下一页': () =>
    buildSettlementListCard({
      contracts: contracts(20),
      page: {
        total: 2000,
        filter: { status: 'expired', q: '保洁' },
        newer: 801,
        older: 780,
        years: [2026, 2025],
        units: [],
        vendors: [],
        unitCount: 2,
        vendorCount: 0,
      },
    }),
  'filtered, nothing matches': () =>
    buildSettlementListCard({
      contracts: [],
      page: {
        total: 0,
        filter: { year: 2025 },
        years: [2026],
        units: [],
        unitCount: 0,
        vendors: [],
        vendorCount: 0,
      },
    }),
};
const settlementNoticeStates = {
  'a confirmed period (hostile text)': () =>
    buildSettlementNoticeCard(hostile({ contractId: 1, number: 'HT-1', vendor: '某物业', row })),
};
const auditView = {
  contractId: 1,
  number: 'HT-1',
  unit: '资产经营公司',
  vendor: '某物业',
  amountFen: 36_000_000n,
  term: '2027-01-01 至 2029-12-31',
  periods: ['第1期'],
};
const cleanAudit: SettlementAudit = {
  ...settlementAuditFixture,
  period: null,
  months: [],
  stood: [],
  adjustments: [],
  openItems: [],
  risks: [],
};
const many = <T>(n: number, f: (i: number) => T) => range(n).map(f);
/** A problem raised from the daily line (问题整改): no inspection, its month and rubric item, repeated once. */
const dailyItem = {
  ...item,
  inspectionId: null,
  inspectedOn: null,
  source: 'daily' as const,
  month: '2027-01',
  rubricName: '人员在岗',
  repeats: 1,
};
const manyRisks: Risk[] = [
  {
    kind: 'unscored_paid',
    rows: many(20, (i) => ({
      period: `第${i}期`,
      month: month(i),
      ...(i % 2 ? { scoredOn: '2027-03-02' } : {}),
    })),
  },
  {
    kind: 'late_signing',
    afterEnd: false,
    signedOn: '2027-01-15',
    startsOn: '2027-01-01',
    endsOn: '2029-12-31',
    reason: null,
    signer: '张伟',
  },
  {
    kind: 'late_scores',
    rows: many(20, (i) => ({
      month: month(i),
      enteredOn: '2027-03-02',
      by: '张伟',
      dueOn: i % 3 ? '2027-02-05' : null,
    })),
  },
  { kind: 'clustered', bar: 800, rows: many(20, (i) => ({ month: month(i), tenths: 801 + (i % 5) })) },
  { kind: 'gap_above_tolerance', rows: many(20, () => stood) },
  {
    kind: 'overdue_finding',
    rows: many(20, (i) => ({ ...item, id: i, status: 'submitted', daysOverdue: i })),
  },
  {
    kind: 'open_daily_problems',
    rows: many(20, (i) => ({ ...dailyItem, id: i, daysOverdue: i % 3, repeats: i % 3 })),
  },
  {
    kind: 'split_warning',
    rows: many(20, (i) => ({ category: i % 2 ? 'cleaning' : 'gone', year: 2027, totalFen: 1n })),
  },
  {
    kind: 'single_source_share',
    shareBp: 5000,
    year: 2027,
    totalFen: 2n,
    rows: many(20, (requestId) => ({ requestId, vendor: '某物业', awardedFen: 1n, reason: null })),
  },
  {
    kind: 'awarded_above_approved',
    rows: many(20, (requestId) => ({ requestId, approvedFen: 1n, awardedFen: 2n, reapprovalRef: null })),
  },
  {
    kind: 'ledger_mismatch',
    rows: many(20, (i) => ({ period: `第${i}期`, deductionFen: 2n, ledgerFen: 1n })),
  },
];
const settlementAuditStates = {
  'one period, every risk (hostile text)': () =>
    buildSettlementAuditCard(
      hostile({ ...auditView, audit: settlementAuditFixture }, ['kind', 'status', 'category']),
    ),
  'clean: the whole term, no month, nothing stood, no open item, no risk': () =>
    buildSettlementAuditCard({ ...auditView, periods: [], audit: cleanAudit }),
  'largest: 36 periods, 20 rows under every risk': () =>
    buildSettlementAuditCard({
      ...auditView,
      periods: range(36).map((i) => `第${i}期`),
      audit: {
        ...settlementAuditFixture,
        stood: many(20, () => stood),
        openItems: many(20, (i) => (i % 2 ? { ...item, id: i } : { ...dailyItem, id: i })),
        risks: manyRisks,
      },
    }),
};

// ----- 清退, 预警 -----
const terminationStates = Object.fromEntries(
  (['pending', 'started', 'kept', 'withdrawn'] as const).map((status) => [
    `${status} (hostile text)`,
    () => buildTerminationCard(hostile({ ...termination, status, decision }, ['status'])),
  ]),
);
const thresholdClauses = { ...clauses, deduction: { ...clauses.deduction, annualCapFen: 20_000_000n } };
for (const rule of ['consecutive', 'cumulative'] as const)
  terminationStates[`pending, the ${rule} rule as the engine words it`] = () =>
    buildTerminationCard({
      ...termination,
      rule: ruleText(rule, thresholdClauses),
      months: monthsWithScores(['2027-01', '2027-02'], new Map([['2027-01', 750]])),
      status: 'pending',
    });
const warn = (w: Parameters<typeof warningMessage>[0], endMonth = '2027-12') => {
  const m = warningMessage(w, {
    vendorName: '某物业',
    clauses: thresholdClauses,
    term: { endMonth },
    byMonth: new Map([
      ['2027-01', 750],
      ['2027-03', 780],
    ]),
  });
  return buildThresholdNoticeCard({ ...m, contractId: 1, contractNo: 'HT-1', vendorName: '某物业' });
};
const standing = {
  year: 2027,
  scoredMonths: 6,
  averageTenths: { num: 4900, den: 6 },
  averageDisplay: '81.6',
  remainingMonths: 6,
  neededAverageTenths: { num: 5300, den: 6 },
  neededDisplay: '88.4',
  reachable: true,
  exceedsBestEver: true,
};
const thresholdNoticeStates = {
  'a notice (hostile text)': () =>
    buildThresholdNoticeCard(
      hostile({
        title: '考核预警',
        text: '某物业 连续',
        contractId: 1,
        contractNo: 'HT-1',
        vendorName: '某',
      }),
    ),
  'consecutive: one month below, its score not at hand': () =>
    warn({ kind: 'consecutive', key: 'below:2027-02', months: ['2027-02'] }),
  'consecutive: one month below': () =>
    warn({ kind: 'consecutive', key: 'below:2027-01', months: ['2027-01'] }),
  'consecutive at the end of the term, a month unscored': () =>
    warn({ kind: 'consecutive', key: 'below:2027-02', months: ['2027-01', '2027-02'] }, '2027-02'),
  'cumulative: two months below': () =>
    warn({ kind: 'cumulative', key: 'cumulative:2', months: ['2027-01', '2027-03'] }),
  'average hard to reach': () => warn({ kind: 'average', key: 'average:2027', standing }),
  'average out of reach': () =>
    warn({ kind: 'average', key: 'average:2027', standing: { ...standing, reachable: false } }),
};

// ----- 待办, 供应商 -----
const todoStates = {
  'an approval and a draft (hostile text)': () =>
    buildTodoCard(
      hostile(
        [
          { kind: 'approval' as const, id: 1, text: '审批 #1' },
          { kind: 'draft' as const, id: 2, text: '采购草稿 #2' },
        ],
        ['kind'],
      ),
    ),
  'nothing to do': () => buildTodoCard([]),
  'largest: 50 items, more than shown': () =>
    buildTodoCard(
      range(50).map((id) => ({
        kind: id % 2 ? ('approval' as const) : ('draft' as const),
        id,
        text: `审批 #${id}`,
      })),
    ),
};
const vendorRow = (id: number, o: Partial<VendorView> = {}): VendorView => ({
  id,
  name: `昆山洁美物业服务有限公司${id}`,
  uscc: '91320583000000001X',
  contactName: '张伟',
  contactPhone: '0512-57671234',
  bans: [{ year: 2027, unit: '资产', category: 'cleaning', reason: '月均低于85分' }],
  ...o,
});
const vendorStates = {
  'a banned vendor, may register, typed (hostile text)': () =>
    buildVendorListCard(
      hostile({ vendors: [vendorRow(1)], canAdd: true, typed: { vendor_name: '某物业' } }, ['category']),
    ),
  'no vendor, may not register': () => buildVendorListCard({ vendors: [], canAdd: false }),
  'largest: 60 vendors without phone or ban, may register, nothing typed': () =>
    buildVendorListCard({
      vendors: range(60).map((id) => vendorRow(id, { contactPhone: null, bans: [] })),
      canAdd: true,
    }),
  'a middle page of 2,000, searched, banned only, 上一页 and 下一页': () =>
    buildVendorListCard({
      vendors: range(15).map((id) => vendorRow(id)),
      canAdd: true,
      page: { total: 2000, filter: { q: '物业', banned: true }, newer: 815, older: 801 },
    }),
  'page 1, nothing matches the search, may not register': () =>
    buildVendorListCard({ vendors: [], canAdd: false, page: { total: 0, filter: { q: '不存在' } } }),
};

// ----- 看板 -----
const boardLine = (key: BoardLine['key'], id: number, rows = 3): BoardLine => ({
  key,
  id,
  unitId: 1,
  text: `合同 HT-2026-${id} · ${unitName(id)}`,
  detailTitle: '预警明细',
  rows: range(rows).map((i) => `${month(i)}:78.0 分`),
});
/** 日期异常: a 补签, an assessor's late scores, a period paid with an unscored month. */
const dateAnomalyLines: BoardLine[] = [
  {
    ...boardLine('late_signing', 1, 9),
    text: '资产经营公司 合同 HT-2026-0001(某物业):服务期 2026-08-01 至 2026-10-31,2026-12-07 才登记,登记时服务期已结束;原因:未填写原因',
  },
  { ...boardLine('late_score', 2, 3), text: '张伟 逾期补录 3 次(近 12 个月)', count: 3 },
  {
    ...boardLine('unscored_paid', 3, 1),
    text: '资产经营公司 合同 HT-2026-0001「第一季度」2026-12-07 确认结算',
  },
];
const boardStates = {
  'two lines (hostile text)': () => buildBoardCard(hostile(boardView, ['key'])),
  '日期异常: one line of each kind (hostile text)': () =>
    buildBoardCard(hostile({ ...boardView, lines: dateAnomalyLines }, ['key'])),
  'nothing in any section': () => buildBoardCard({ ...boardView, lines: [] }),
  'a line of every kind': () =>
    buildBoardCard({ ...boardView, lines: BOARD_LINE_KEYS.map((key, i) => boardLine(key, i + 1)) }),
  'one section over 20 lines': () =>
    buildBoardCard({ ...boardView, lines: range(25).map((i) => boardLine('warning', i)) }),
  'largest: 25 lines in every key': () =>
    buildBoardCard({
      ...boardView,
      lines: BOARD_LINE_KEYS.flatMap((key) => range(25).map((i) => boardLine(key, i))),
    }),
};
const boardDetailStates = {
  'one row (hostile text)': () => buildBoardDetailCard(hostile(boardView.lines[0]!, ['key'])),
  'no row': () => buildBoardDetailCard(boardLine('gap', 1, 0)),
  'largest: 60 rows': () => buildBoardDetailCard(boardLine('cluster', 1, 60)),
};
const boardDigestStates = {
  'two lines (hostile text)': () =>
    buildBoardDigestCard(hostile({ ...boardView, week: '2026-04-13' }, ['key'])),
  'nothing this week': () => buildBoardDigestCard({ ...boardView, lines: [], week: '2026-04-13' }),
  '日期异常 counted (hostile text)': () =>
    buildBoardDigestCard(hostile({ ...boardView, lines: dateAnomalyLines, week: '2026-04-13' }, ['key'])),
};

// ----- 发送失败 -----
const failed = (i: number, o: Partial<FailedRowView>): FailedRowView => ({
  id: `0b8f1c2e-4a5d-4e6f-8a9b-${String(i).padStart(12, '0')}`,
  kind: 'send',
  msgType: 'interactive',
  title: '采购审批',
  to: '张伟',
  at: '2026-12-06 21:30',
  reason: failureReason({ code: 230002, throttled: 0, targetFailed: false }),
  resendable: true,
  ...o,
});
const deliveryFailuresStates = {
  'a resendable send and a patch (hostile text)': () =>
    buildDeliveryFailuresCard(
      hostile(
        {
          days: 30,
          total: 3,
          rows: [failed(1, {}), failed(2, { kind: 'patch', title: null, resendable: false })],
          scopes: [{ scope: 'im:message.urgent', refusals: 2, lastSeen: '2026-12-06 21:32' }],
        },
        ['id', 'kind', 'msgType'],
      ),
    ),
  'everything delivered': () => buildDeliveryFailuresCard({ days: 30, total: 0, rows: [], scopes: [] }),
  'only urgents refused for a scope': () =>
    buildDeliveryFailuresCard({
      days: 30,
      total: 0,
      rows: [],
      scopes: [{ scope: 'im:message.urgent:write', refusals: 5, lastSeen: '2026-12-06 21:32' }],
    }),
  'every kind and type, every reason, refused cards, more than shown': () =>
    buildDeliveryFailuresCard({
      days: 30,
      total: 120,
      scopes: [],
      rows: [
        failed(1, { kind: 'reply', msgType: 'text', title: '您的申请已批准' }),
        failed(2, { kind: 'urgent', msgType: null, title: null, resendable: false }),
        failed(3, {
          msgType: 'file',
          title: null,
          reason: failureReason({ code: null, throttled: 0, targetFailed: false }),
        }),
        failed(4, {
          msgType: 'image',
          reason: failureReason({ code: 99991672, scope: 'im:message', throttled: 0, targetFailed: false }),
        }),
        failed(5, { reason: failureReason({ code: 99991672, throttled: 0, targetFailed: false }) }),
        failed(6, { reason: failureReason({ code: 230020, throttled: 3, targetFailed: false }) }),
        failed(7, { reason: failureReason({ code: 123, throttled: 0, targetFailed: false }) }),
        failed(8, {
          kind: 'patch',
          reason: failureReason({ code: 230099, throttled: 0, targetFailed: true }),
        }),
        failed(9, {
          reason: failureReason({ code: 230099, throttled: 0, targetFailed: false }),
          resendable: false,
          refused: { hash: 'ab'.repeat(6), code: 230099, notice: 'sent' },
        }),
        failed(10, { refused: { hash: 'cd'.repeat(6), code: 11310, notice: null }, resendable: false }),
        ...(['pending', 'failed'] as const).map((notice, i) =>
          failed(11 + i, { refused: { hash: 'ef'.repeat(6), code: 100290, notice }, resendable: false }),
        ),
      ],
    }),
  'largest: 50 resendable rows': () =>
    buildDeliveryFailuresCard({
      days: 30,
      total: 50,
      scopes: [],
      rows: range(50).map((i) => failed(i, { to: `群「${unitName(i)}项目工作群」` })),
    }),
};

// ----- 合同态势 -----
const counts = (b: number, t: number, w: number, f: number) => ({
  banned: b,
  termination: t,
  warned: w,
  fine: f,
});
const standingUnits = (n: number): UnitStanding[] =>
  range(n).map((unitId) => ({
    unitId,
    unitName: unitName(unitId),
    counts: unitId % 5 ? counts(unitId % 2, unitId % 3, unitId % 4, 3) : counts(0, 0, 0, 0),
  }));
const choices = (n: number) => range(n).map((id) => ({ id, name: unitName(id) }));
const standingStates = {
  'zone, two units (hostile text)': () =>
    buildStandingCard(
      hostile({ asOf: '2026-11-30', zoneWide: true, units: standingUnits(2), choices: choices(1) }, ['asOf']),
    ),
  'zone, one unit opened (hostile text)': () =>
    buildStandingCard(
      hostile(
        {
          asOf: '2026-11-30',
          zoneWide: true,
          units: standingUnits(2),
          choices: choices(1),
          unit: { id: 1, name: '资产' },
        },
        ['asOf'],
      ),
    ),
  'one unit opened that has no contract: no chart': () =>
    buildStandingCard({
      asOf: '2026-11-30',
      zoneWide: false,
      units: [],
      choices: choices(2),
      unit: { id: 5, name: unitName(5) },
    }),
  'a person of one unit: no other unit to open': () =>
    buildStandingCard({ asOf: '2026-11-30', zoneWide: false, units: standingUnits(1), choices: choices(1) }),
  'a person of one unit, that unit opened': () =>
    buildStandingCard({
      asOf: '2026-11-30',
      zoneWide: false,
      units: standingUnits(1),
      choices: choices(1),
      unit: { id: 1, name: unitName(1) },
    }),
  'no unit has a contract: no bar chart': () =>
    buildStandingCard({
      asOf: '2026-11-30',
      zoneWide: true,
      units: range(3).map((unitId) => ({ unitId, unitName: unitName(unitId), counts: counts(0, 0, 0, 0) })),
      choices: choices(3),
    }),
  'largest: 60 units, more choices than shown': () =>
    buildStandingCard({ asOf: '2026-11-30', zoneWide: true, units: standingUnits(60), choices: choices(60) }),
  'largest, one of 60 units opened': () =>
    buildStandingCard({
      asOf: '2026-11-30',
      zoneWide: false,
      units: standingUnits(60),
      choices: choices(60),
      unit: { id: 7, name: unitName(7) },
    }),
};

const verifyChecks = (failing: number) =>
  [
    `种子的 SHA-256 哈希与登记的种子哈希(${'ab'.repeat(32)})`,
    '确认范围时审计记录中的种子哈希与登记的种子哈希',
    '种子哈希在读取考核记录之前登记',
    '审计记录中的种子与登记的种子',
    '范围内考核记录条数(登记 120 条)与审计记录',
    '审计记录中的考核记录与抽取时范围内当前有效的考核记录',
    '重新抽取的 12 条样本与审计记录中的样本',
    '重新抽取的样本与系统中保存的样本',
  ].map((what, i) => ({ pass: i < 8 - failing, what, found: i < 8 - failing ? '一致' : '不一致' }));
const spotCheckVerifyStates = {
  'match (hostile text)': () =>
    buildSpotCheckVerifyCard(hostile({ id: 3, ok: true, checks: verifyChecks(0) }, ['found'])),
  'two checks differ': () => buildSpotCheckVerifyCard({ id: 3, ok: false, checks: verifyChecks(2) }),
  'not drawn yet': () =>
    buildSpotCheckVerifyCard({
      id: 3,
      ok: false,
      checks: [...verifyChecks(0).slice(0, 2), { pass: false, what: '抽取', found: '尚未抽取' }],
    }),
};
const auditFinding = (i: number) =>
  `purchase/${i}:锚定在第 5 条(以 2026-12-01 的锚点 #2 为准),但该链止于第 3 条:第 4–5 条被删除`;
const replayCounts: ReplayView['counts'] = [
  { label: '合同', checked: 3, agreed: 3 },
  { label: '评分', checked: 36, agreed: 35 },
  { label: '预警', checked: 4, agreed: 4 },
  { label: '禁投', checked: 1, agreed: 0 },
];
const replayFinding = (i: number) =>
  `禁投 某物业(资产经营公司保洁项目)${2027 + i} 年:审计记录有,禁投表中没有(vendor_bans 无此行;audit_log #${120 + i})`;
const replayStates = {
  'agreement (hostile text)': () =>
    buildReplayCard(
      hostile({
        ok: true,
        at: '2026-12-07 09:30',
        scope: '全园区',
        contracts: 3,
        counts: replayCounts.map((c) => ({ ...c, agreed: c.checked })),
        findings: [],
        notes: ['2 条早于 90 天的通知的发送记录已按保留期清理,未核对发送'],
      }),
    ),
  'nothing to replay': () =>
    buildReplayCard({
      ok: true,
      at: '2026-12-07 09:30',
      scope: '资产经营公司',
      contracts: 0,
      counts: [],
      findings: [],
      notes: [],
    }),
  'largest: 60 findings': () =>
    buildReplayCard({
      ok: false,
      at: '2026-12-07 09:30',
      scope: '资产经营公司、城市管理局',
      contracts: 3,
      counts: replayCounts,
      findings: range(60).map(replayFinding),
      notes: ['1 份合同没有签订或导入的审计记录(或记录中缺少合同期),未能复算:合同 HT-2026-0004'],
    }),
};
const auditVerifyStates = {
  'intact (hostile text)': () =>
    buildAuditVerifyCard(
      hostile({
        ok: true,
        at: '2026-12-07 09:30',
        chains: '审计链完好:3 条审计链,共 29 条记录',
        anchors: '锚点:data/audit-anchors.jsonl 中有 2 个,最新为 2026-12-01 的 #2(摘要 ab)',
        notes: ['锚点 #3–#3 已在数据库中、尚未写入文件(下次锚定时追加)'],
        findings: [],
      }),
    ),
  'no anchors yet': () =>
    buildAuditVerifyCard({
      ok: true,
      at: '2026-12-07 09:30',
      chains: '审计链完好:3 条审计链,共 29 条记录',
      notes: ['尚无锚点(data/audit-anchors.jsonl):仅按审计链自身的哈希核验'],
      findings: [],
    }),
  'largest: 60 findings': () =>
    buildAuditVerifyCard({
      ok: false,
      at: '2026-12-07 09:30',
      chains: '审计链发现问题:purchase/1 第 3 条(行 id=9)记录被篡改 — 重新计算的哈希与存储的哈希不符',
      anchors: '锚点:data/audit-anchors.jsonl 中有 2 个,最新为 2026-12-01 的 #2(摘要 ab)',
      notes: [],
      findings: range(60).map(auditFinding),
    }),
};

const surveyView: SurveyView = {
  roundId: 7,
  contractNo: 'HT-2027-0003',
  vendorName: '城东物业服务有限公司',
  categoryLabel: '保洁',
  periodLabel: '2027年2月',
  closesOn: '2027-02-24',
  dimensions: [
    { key: 'cleanliness', name: '环境整洁' },
    { key: 'timeliness', name: '清扫及时' },
    { key: 'attitude', name: '服务态度' },
    { key: 'response', name: '问题响应' },
  ],
};
const fiveDims = [...surveyView.dimensions, { key: 'quality', name: '服务质量' }];
const surveyAnswer = {
  ratings: { cleanliness: 5, timeliness: 4, attitude: 3, response: 1, quality: 2 },
  comment: '楼道周末无人清扫',
  revision: 1,
};
const SURVEY_KEEP = ['key', 'closesOn', 'contractNo'];

/** builder → state → the card. */
export const cardStates: Record<string, Record<string, () => unknown>> = {
  buildApprovalCard: approvalStates,
  auditAnchorCard: auditAnchorStates,
  buildBoardCard: boardStates,
  buildBoardDigestCard: boardDigestStates,
  buildBoardDetailCard: boardDetailStates,
  buildAuditVerifyCard: auditVerifyStates,
  buildReplayCard: replayStates,
  buildSpotCheckVerifyCard: spotCheckVerifyStates,
  buildBudgetCard: budgetStates,
  calendarMissingCard: { 'next year missing': () => calendarMissingCard(2027) },
  buildSigningCard: signingStates,
  buildDraftReviewCard: draftReviewStates,
  buildDraftResultCard: draftResultStates,
  buildContractCard: contractStates,
  buildContractListCard: contractListStates,
  buildNoticeCard: {
    'a role granted, with 我的角色': () =>
      buildNoticeCard({
        title: '角色变更',
        text: '马骏 已授予您的角色:财政部门(全区)',
        actions: [myRolesButton()],
      }),
    'an export that failed, orange, with 重新导出': () =>
      buildNoticeCard({
        title: '导出未完成',
        template: 'orange',
        text: `导出未完成:${'数据量超出上限,'.repeat(20)}`,
        actions: [exportMenuButton()],
      }),
  },
  buildListFilterCard: {
    'nothing chosen, one unit and one vendor (no unit or vendor select)': () =>
      buildListFilterCard('contract.list', {
        total: 3,
        filter: {},
        years: [2026],
        units: [{ id: 1, name: '资产经营公司' }],
        unitCount: 1,
        vendors: [{ id: 3, name: '昆山洁美物业服务有限公司' }],
        vendorCount: 1,
      }),
    'everything chosen, more units and vendors than offered': () =>
      buildListFilterCard('settlement.list', {
        total: 2000,
        filter: { status: 'running', year: 2026, unit: 2, vendor: 99, standing: 'termination', q: '保洁' },
        years: range(10).map((i) => 2027 - i),
        units: range(10).map((id) => ({ id, name: `苏州工业园区某某街道社区综合治理联动服务中心${id}` })),
        unitCount: 40,
        vendors: range(10).map((id) => ({ id, name: `苏州市某某物业管理服务有限公司第${id}分公司` })),
        vendorCount: 400,
      }),
    '专项督查, a year chosen that no contract was signed in': () =>
      buildListFilterCard('inspection.list', {
        total: 0,
        filter: { year: 2020 },
        years: [2026, 2025],
        units: [],
        unitCount: 0,
        vendors: [],
        vendorCount: 0,
      }),
  },
  buildContractNoticeCard: contractNoticeStates,
  buildDelegationCard: delegationStates,
  buildDelegationNoticeCard: {
    'two grants (hostile text)': () =>
      buildDelegationNoticeCard(
        hostile(
          {
            delegator: '王建国',
            from: '2027-03-01',
            to: '2027-03-10',
            grants: ['单位领导班子(资产)', '党工委管委会'],
          },
          ['from', 'to'],
        ),
      ),
  },
  buildDeliveryFailuresCard: deliveryFailuresStates,
  surveyCard: {
    'sent: four dimensions': () => surveyCard(surveyView),
    'chased: five dimensions': () => surveyCard({ ...surveyView, dimensions: fiveDims, chase: true }),
    'a quarter (hostile text)': () =>
      surveyCard(hostile({ ...surveyView, periodLabel: '2027年第1季度' }, SURVEY_KEEP)),
  },
  surveyAnsweredCard: {
    'first answer, no comment': () =>
      surveyAnsweredCard({ ...surveyView, answer: { ...surveyAnswer, comment: null } }),
    'changed, five dimensions, longest comment': () =>
      surveyAnsweredCard({
        ...surveyView,
        dimensions: fiveDims,
        answer: { ...surveyAnswer, comment: '意'.repeat(300), revision: 3 },
      }),
    'hostile text': () => surveyAnsweredCard(hostile({ ...surveyView, answer: surveyAnswer }, SURVEY_KEEP)),
  },
  buildExitItemCard: exitStates,
  openWorkCard: {
    'one item of every kind': () => openWorkCard(openWorkFixture),
    'nothing open': () => openWorkCard({ ...openWorkFixture, items: [] }),
    'hostile text': () => openWorkCard(hostile(openWorkFixture, ['kind', 'stageKind', 'role', 'signedOn'])),
  },
  importPreviewCard: {
    'a good file: adds and changes, 确认导入 / 取消': () =>
      importPreviewCard({
        pendingId: 12,
        kind: '供应商',
        fileName: '供应商名录.xlsx',
        adds: ['第 2 行:苏州洁美物业管理有限公司(91320594MA1MXXQ50X)'],
        changes: ['第 3 行:91320583MA1XP00019 联系人「王经理」改为「李经理」'],
        unchanged: 4,
        errors: [],
        notes: [],
      }),
    'a file with bad rows: every row named, nothing to confirm': () =>
      importPreviewCard({
        kind: '预算额度',
        fileName: '2027年预算.xlsx',
        adds: [],
        changes: [],
        unchanged: 0,
        errors: [
          { row: 3, message: '未知单位「nowhere」,请填写已导入的单位编码或单位名称' },
          { row: 7, message: '金额为空' },
        ],
        notes: [],
      }),
    'a long file: the lists capped and counted': () =>
      importPreviewCard({
        pendingId: 13,
        kind: '节假日安排',
        fileName: '2027节假日.xlsx',
        adds: Array.from(
          { length: 45 },
          (_, i) => `2027-01-${String((i % 28) + 1).padStart(2, '0')} 放假(元旦)`,
        ),
        changes: [],
        unchanged: 0,
        errors: [],
        notes: ['导入后 2027 年的节假日安排以本文件为准(整年替换)。'],
      }),
    'nothing new: already imported': () =>
      importPreviewCard({
        kind: '供应商',
        fileName: '供应商名录.xlsx',
        adds: [],
        changes: [],
        unchanged: 5,
        errors: [],
        notes: [],
      }),
  },
  importDoneCard: {
    imported: () =>
      importDoneCard({
        kind: '预算额度',
        fileName: '2027年预算.xlsx',
        status: 'applied',
        summary: '已登记 3 条预算额度',
      }),
    cancelled: () =>
      importDoneCard({
        kind: '预算额度',
        fileName: '2027年预算.xlsx',
        status: 'cancelled',
        summary: '已取消,未导入任何数据。',
      }),
    'the data moved since the preview': () =>
      importDoneCard({
        kind: '供应商',
        fileName: '供应商名录.xlsx',
        status: 'stale',
        summary: '自预览以来数据已发生变化,本文件未导入任何数据。请重新发送文件,按新的预览确认。',
      }),
  },
  importChooseCard: {
    'a header that fits two kinds': () =>
      importChooseCard({
        pendingId: 4,
        fileName: '名录.xlsx',
        kinds: [
          { key: 'vendors', label: '供应商' },
          { key: 'history_vendors', label: '供应商及禁投' },
        ],
      }),
  },
  importTemplatesCard: {
    'an admin: every kind': () =>
      importTemplatesCard({
        kinds: [
          { key: 'budget', label: '预算额度', headers: ['单位', '年度', '类别', '名称', '金额(元)'] },
          { key: 'calendar', label: '节假日安排', headers: ['日期', '类型', '名称'] },
          {
            key: 'vendors',
            label: '供应商',
            headers: ['供应商名称', '统一社会信用代码', '联系人', '联系电话'],
          },
        ],
      }),
    'a file the bot could not place': () =>
      importTemplatesCard({
        kinds: [{ key: 'budget', label: '预算额度', headers: ['单位', '年度', '类别', '名称', '金额(元)'] }],
        note: '无法识别该表格的类型:表头应与导入模板一致。请使用下方模板填写后重新发送。',
      }),
    'no role that imports': () => importTemplatesCard({ kinds: [] }),
  },
  buildExportMenuCard: {
    'a zone reader: the three ledgers': () =>
      buildExportMenuCard({
        choices: [
          { text: '2026年考核台账', value: { k: 'scores', year: 2026 } },
          { text: '2026年节约资金台账', value: { k: 'savings', year: 2026 } },
          { text: '整改事项', value: { k: 'rectifications' } },
        ],
      }),
    'nothing to export directly': () => buildExportMenuCard({ choices: [] }),
  },
  groupMenuCard: { 'the group menu': () => groupMenuCard() },
  groupBindingCard: groupBindingStates,
  groupReminderCard: groupReminderStates,
  buildInspectionListCard: inspectionListStates,
  buildInspectionFormCard: inspectionFormStates,
  buildMenuCard: menuStates,
  buildHelpCard: { help: () => buildHelpCard() },
  buildIntroCard: introStates,
  buildMyRequestsCard: myRequestsStates,
  buildRequestCard: requestCardStates,
  buildRequestReminderCard: requestReminderStates,
  buildAttachOfferCard: attachOfferStates,
  buildProcurementListCard: procurementListStates,
  buildProcurementFormCard: procurementFormStates,
  buildSplitWarningCard: splitWarningStates,
  buildFilingCard: filingStates,
  buildPhotoOfferCard: photoOfferStates,
  buildRectificationCard: { ...rectificationStates, ...dailyRectificationStates },
  buildDailyProblemFormCard: dailyProblemStates,
  buildRectificationReportCard: reportStates,
  buildRolesAdminCard: rolesAdminStates,
  buildSavingsCard: savingsStates,
  buildScoreFormCard: scoreFormStates,
  buildScorePreviewCard: scorePreviewStates,
  buildScoreRecordedCard: scoreRecordedStates,
  buildScoreListCard: scoreListStates,
  scoreReminderCard: scoreReminderStates,
  buildSettlementCard: settlementStates,
  buildSettlementListCard: settlementListStates,
  buildSettlementNoticeCard: settlementNoticeStates,
  buildSettlementAuditCard: settlementAuditStates,
  buildSpotCheckFormCard: spotCheckFormStates,
  buildSpotCheckCreatedCard: spotCheckCreatedStates,
  buildSpotCheckSamplesCard: spotCheckSamplesStates,
  buildSpotCheckListCard: spotCheckListStates,
  buildInspectionRecordsCard: inspectionRecordsStates,
  buildSampleFormCard: sampleFormStates,
  buildComparisonCard: comparisonStates,
  buildAssessorNoticeCard: assessorNoticeStates,
  buildStandingCard: standingStates,
  buildTerminationCard: terminationStates,
  buildThresholdNoticeCard: thresholdNoticeStates,
  buildTodoCard: todoStates,
  buildVendorListCard: vendorStates,
};

/** builder → every card state it can produce. */
export const states: Record<string, () => unknown[]> = Object.fromEntries(
  Object.entries(cardStates).map(([builder, byState]) => [
    builder,
    () => Object.values(byState).map((build) => build()),
  ]),
);
