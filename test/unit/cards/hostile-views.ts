import { buildApprovalCard } from '../../../src/cards/approval';
import { auditAnchorCard } from '../../../src/cards/audit-anchor';
import { buildBoardCard, buildBoardDigestCard } from '../../../src/cards/board';
import { buildBoardDetailCard } from '../../../src/cards/board-detail';
import { buildAuditVerifyCard } from '../../../src/cards/board-verify';
import { buildBudgetCard } from '../../../src/cards/budget';
import { calendarMissingCard } from '../../../src/cards/calendar';
import { buildContractCard, buildSigningCard } from '../../../src/cards/contract';
import { buildContractListCard, buildContractNoticeCard } from '../../../src/cards/contract-list';
import { buildDailyProblemFormCard } from '../../../src/cards/daily-problem';
import { buildDelegationCard, buildDelegationNoticeCard } from '../../../src/cards/delegation';
import { buildDeliveryFailuresCard } from '../../../src/cards/delivery-failures';
import { buildExitItemCard } from '../../../src/cards/exit';
import { buildExportMenuCard } from '../../../src/cards/export-menu';
import { groupMenuCard } from '../../../src/cards/group';
import { groupBindingCard } from '../../../src/cards/group-binding';
import { groupReminderCard } from '../../../src/cards/group-reminder';
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
import { buildMyRequestsCard } from '../../../src/cards/my-requests';
import type { OpenWorkView } from '../../../src/cards/open-work';
import { openWorkCard } from '../../../src/cards/open-work';
import {
  buildProcurementFormCard,
  buildProcurementListCard,
  buildSplitWarningCard,
} from '../../../src/cards/procurement';
import { buildFilingCard } from '../../../src/cards/purchase-form';
import { filingSummary } from '../../../src/cards/purchase-summary';
import { buildPhotoOfferCard, buildRectificationCard } from '../../../src/cards/rectification';
import { buildRectificationReportCard } from '../../../src/cards/rectification-report';
import { buildReplayCard } from '../../../src/cards/replay';
import { buildAttachOfferCard, buildRequestCard, buildRequestReminderCard } from '../../../src/cards/request';
import { buildRolesAdminCard } from '../../../src/cards/roles-admin';
import { buildSavingsCard } from '../../../src/cards/savings';
import { buildScoreFormCard, buildScorePreviewCard, buildScoreRecordedCard } from '../../../src/cards/score';
import { buildScoreListCard } from '../../../src/cards/score-list';
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
import { buildStandingCard } from '../../../src/cards/standing';
import { surveyAnsweredCard, surveyCard } from '../../../src/cards/survey';
import { buildTerminationCard, buildThresholdNoticeCard } from '../../../src/cards/termination';
import { buildTodoCard } from '../../../src/cards/todo';
import { buildVendorListCard } from '../../../src/cards/vendor';
import { buildNoticeCard, myRolesButton } from '../../../src/cards/ways-on';
import type { ContractClauseValues } from '../../../src/domain/contract';
import type { DraftStatus } from '../../../src/domain/legal-review';
import type { SettlementAudit } from '../../../src/domain/settlement-audit';
import type { SettlementRow } from '../../../src/domain/settlement-rows';

/** What a hostile user could type: a mention of everyone, tags, and every kind of markdown. */
export const HOSTILE = [
  '<at id=all></at>**粗体**[链接](http://x.y)<font color=red>红</font>',
  '# 标题',
  '- 项 `代码` ~~删~~ *斜* __下__',
  '> 引用',
  '1. 序号',
  '---',
  '<person id=ou_x></person>:OK: &lt;b&gt; | 表 |',
].join('\n');

/**
 * `view` with HOSTILE in every string, however deeply nested (names inside arrays too), except the
 * fields named in `keep`: enums, months and amounts the builder looks up or parses, not shows.
 */
/**
 * A page of the contract-based lists (cards/list-pager) at its fullest: a typed search, a unit, a
 * vendor and a standing chosen, the units and vendors offered with hostile names.
 */
function hostileListPage() {
  return {
    total: 2000,
    filter: { ...hostile({ q: '保洁' }), unit: 1, vendor: 5, standing: 'warned' as const },
    newer: 2,
    older: 1,
    years: [2026],
    ...hostile({
      units: [
        { id: 1, name: '资产' },
        { id: 2, name: '城管' },
      ],
      vendors: [
        { id: 3, name: '某物业' },
        { id: 4, name: '某保安' },
      ],
    }),
    unitCount: 2,
    vendorCount: 60,
  };
}

export function hostile<T>(view: T, keep: string[] = [], key = '', depth = 0): T {
  if (typeof view === 'string')
    return (keep.includes(key) ? view : (typedOverride.text ?? (inflate.on ? LONG : HOSTILE))) as T;
  if (Array.isArray(view)) {
    // Inflated (card-size test): the outer list 200 entries long, nested lists 10.
    const items =
      inflate.on && view.length
        ? Array.from({ length: depth ? 10 : 200 }, (_, i) => view[i % view.length])
        : view;
    return items.map((x) => hostile(x, keep, key, depth + 1)) as T;
  }
  if (view && typeof view === 'object')
    return Object.fromEntries(Object.entries(view).map(([k, v]) => [k, hostile(v, keep, k, depth)])) as T;
  return view;
}

/** A person who left with one item of every kind (the open-work card's fixture, shared with its states). */
export const openWorkFixture: OpenWorkView = {
  person: '张伟',
  unit: '资产经营公司',
  leftOn: '2026-12-07',
  items: [
    { kind: 'stage', stageId: 3, requestId: 7, title: '办公楼保洁', stageKind: 'unit_leadership' },
    { kind: 'assessor', contractId: 2, signedOn: '2026-01-05', vendorName: '某物业' },
    {
      kind: 'rectification',
      itemId: 5,
      contractId: 2,
      signedOn: '2026-01-05',
      title: '楼道垃圾未清运',
      dueOn: '2026-12-20',
    },
    { kind: 'delegation', delegationId: 1, other: '王建国', asDelegator: false, toDate: '2026-12-31' },
    { kind: 'role', role: 'assessor', scope: '资产经营公司' },
  ],
};

/** Set by the typed-text property test: every typed string of every fixture is this text. */
export const typedOverride: { text?: string } = {};

/** Set by the card-size test: every typed string 1,000 characters, every list long. */
export const inflate = { on: false };
const LONG = [...HOSTILE.repeat(10)].slice(0, 1000).join('');

export const clauses: ContractClauseValues = {
  termination: { belowTenths: 800, consecutiveMonths: 2, cumulativeMonths: 3 },
  bidBan: { annualAverageBelowTenths: 850 },
  deduction: {
    bands: [
      { minTenths: 900, deductBp: 0 },
      { minTenths: 0, deductBp: 1000 },
    ],
    annualCapFen: '20000000',
  },
  scoring: {
    dailyWeightBp: 6000,
    managementWeightBp: 4000,
    windowOpensDay: 25,
    dueWorkingDay: 5,
    remindBeforeDueWorkingDays: 2,
    escalateAfterDueWorkingDays: 2,
  },
};
export const rubric = [{ key: 'quality', name: '服务质量', maxDeductTenths: 400 }];
export const period = { label: '全款', dueOn: '2027-12-31', amountFen: '18000000' };

/** A contract draft sent to legal (法务审核), decided unless pending, with a comment on each kind. */
export const draftView = (status: DraftStatus, lateReason = '') => ({
  draftId: 3,
  requestId: 7,
  version: 2,
  unit: '资产经营公司',
  service: '保洁 · 园区公共区域日常保洁',
  vendor: '昆山洁美物业服务有限公司(91320583000000001X)',
  filer: '张伟',
  submittedOn: '2026-12-07',
  amountFen: 18_000_000n,
  startsOn: '2027-01-01',
  endsOn: '2027-12-31',
  periods: [period],
  targets: '公共区域每日清扫两次',
  lateReason,
  rubric,
  clauses,
  policyVersion: 3,
  status,
  ...(status === 'pending'
    ? {}
    : {
        decided: {
          by: '冯蕾',
          on: '2026-12-08',
          comments: {
            rubric: { quality: '扣分标准请细化' },
            clauses: { termination: '写明书面通知期限' },
            general: '绩效目标请量化',
          },
          counselOpinion: '同意签订',
        },
      }),
});
/** The fields a draft view keeps as they are (keys, amounts, dates the card parses or names by). */
export const CONTRACT_DRAFT_KEEP = ['key', 'annualCapFen', 'amountFen', 'status'];
export const head = {
  id: 3,
  signedOn: '2026-12-20',
  category: 'cleaning' as const,
  vendorName: '某物业',
  startsOn: '2027-01-01',
  lastDay: '2027-12-31',
  rubric,
  weights: { dailyWeightBp: 6000, managementWeightBp: 4000 },
};
export const deductions = [{ item: 'quality', tenths: 20, note: '未清扫' }];
export const band = { index: 0, minTenths: 900, deductBp: 0, label: '90分及以上:不扣减' };
export const row: SettlementRow = {
  label: '第1期',
  dueOn: '2027-06-30',
  year: 2027,
  months: ['2027-01'],
  unscored: ['2027-02'],
  amountFen: 9_000_000n,
  scoreDisplay: '88.0',
  bandIndex: 1,
  deductBp: 1000,
  rawFen: 900_000n,
  deductionFen: 900_000n,
  payableFen: 8_100_000n,
  capRoomFen: 20_000_000n,
  confirmed: { id: 1, by: '孙丽', on: '2027-07-01' },
  afterEnd: { endedOn: '2027-05-31', scheduledFen: 9_000_000n },
};
export const sums = { amountFen: 9_000_000n, deductionFen: 900_000n, payableFen: 8_100_000n, count: 1 };
export const stood = {
  spotCheckId: 1,
  month: '2027-01',
  assessorTenths: 905,
  checkerTenths: 850,
  gapTenths: 55,
};
export const item = {
  id: 1,
  inspectionId: 1,
  inspectedOn: '2027-02-01',
  finding: '消防通道堆物',
  dueOn: '2027-02-10',
  status: 'open' as const,
  severity: 'major',
};
export const settlementAuditFixture: SettlementAudit = {
  period: '第1期',
  rows: [row],
  months: ['2027-01'],
  all: sums,
  confirmed: sums,
  ledgerDeductionFen: 1n,
  stood: [stood],
  adjustments: [{ period: '第1期', assessorFen: 0n, checkerFen: 900_000n, differenceFen: 900_000n }],
  openItems: [item],
  risks: [
    { kind: 'unscored_paid', rows: [{ period: '第1期', month: '2027-01' }] },
    {
      kind: 'late_signing',
      afterEnd: true,
      signedOn: '2027-03-02',
      startsOn: '2027-01-01',
      endsOn: '2027-02-28',
      reason: '原合同遗失,补录',
      signer: '张伟',
    },
    {
      kind: 'late_scores',
      rows: [{ month: '2027-01', enteredOn: '2027-03-02', by: '张伟', dueOn: '2027-02-05' }],
    },
    { kind: 'clustered', bar: 800, rows: [{ month: '2027-01', tenths: 801 }] },
    { kind: 'gap_above_tolerance', rows: [stood] },
    { kind: 'overdue_finding', rows: [{ ...item, daysOverdue: 3 }] },
    { kind: 'split_warning', rows: [{ category: 'cleaning', year: 2027, totalFen: 1n }] },
    {
      kind: 'single_source_share',
      shareBp: 5000,
      year: 2027,
      totalFen: 2n,
      rows: [{ requestId: 1, vendor: '某物业', awardedFen: 1n, reason: '唯一' }],
    },
    {
      kind: 'awarded_above_approved',
      rows: [{ requestId: 1, approvedFen: 1n, awardedFen: 2n, reapprovalRef: '复批1号' }],
    },
    { kind: 'ledger_mismatch', rows: [{ period: '第1期', deductionFen: 2n, ledgerFen: 1n }] },
  ],
};
export const approval = {
  requestId: 1,
  stageId: 2,
  stageLabel: '单位领导班子集体决策',
  unit: '资产经营公司',
  lineLabel: '2026年 保洁,额度 300,000.00元',
  amountYuan: '180,000.00元',
  amountWan: '18万元',
  remainingAfter: '120,000.00元',
  category: '保洁',
  description: '办公楼保洁',
  why: '无专职保洁人员',
  market: '询价 3 家,报价 170,000.00元 ~ 190,000.00元',
  method: '公开招标',
  people: '经办人 张伟;分管领导 王建国',
  route: '单位领导班子集体决策',
  history: ['单位领导班子集体决策:同意(王建国)'],
  needsMeeting: true,
};
export const termination = {
  caseId: 1,
  contractNo: 'HT-2026-0001',
  vendorName: '某物业',
  unitName: '资产经营公司',
  category: '保洁',
  term: '2026-01-01 至 2026-12-31',
  rule: '连续2个月考核得分低于80分',
  months: '2026年1月 75.0分',
  clause: '月度得分低于80分,采购人可解除合同',
  latestEnd: '2026-12-31',
};
export const decision = { by: '王建国', on: '2026-03-01', endsOn: '2026-03-31', reason: '整改中' };
export const contractRow = {
  id: 1,
  number: 'HT-2026-0001',
  unit: '资产',
  vendor: '某物业',
  amountFen: 1n,
  term: '一年',
  status: '履行中',
};
export const draft = {
  line: '9',
  category: 'other',
  category_other: '会务',
  description: '会务服务',
  why: '临时需要',
  suppliers: '3',
  price_low: '1万',
  price_high: '2万',
  amount: '1.5万',
  method: 'open_tender',
  leader: 'ou_a',
  department: 'ou_b',
  assessors: ['ou_c'],
};
export const refs = {
  committeeThresholdFen: 20_000_000n,
  lineOptions: [{ value: '9', text: '资产 · 会务' }],
  people: ['ou_a', 'ou_b', 'ou_c'].map((openId) => ({ openId, name: '张伟' })),
};
export const DRAFT_KEEP = [
  'line',
  'category',
  'method',
  'leader',
  'department',
  'assessors',
  'openId',
  'value',
];

/** One or more cards per exported card builder, each built from hostile views; `typed: false` for none. */
export const KEEP_SCOPE = ['categories', 'fromMonth', 'toMonth', 'month'];
export const spotScope = {
  units: ['资产'],
  categories: ['cleaning' as const],
  fromMonth: '2027-01',
  toMonth: '2027-06',
  sampleSize: 5,
  sampleBp: null,
};
export const spotSample = {
  scoreId: 1,
  contractId: 2,
  contractNo: 'HT-2026-0002',
  unit: '资产',
  vendor: '某物业',
  month: '2027-01',
  assessorTenths: 850,
};
export const KEEP_SAMPLE = ['category', 'key', 'item', 'month'];
export const sampleHead = {
  checkId: 1,
  scoreId: 2,
  contractId: 3,
  signedOn: '2026-12-20',
  category: 'cleaning' as const,
  vendorName: '某物业',
  month: '2027-01',
  rubric,
};
export const scored = { deductions, dailyTenths: 980, managementTenths: 900, finalTenths: 950 };
export const comparison = {
  head: sampleHead,
  unit: '资产',
  assessor: scored,
  checker: { ...scored, finalTenths: 700 },
  checkerName: '郑毅',
  gapTenths: 250,
  toleranceTenths: 50,
  exceeds: true,
  stands: true,
  notes: '现场核查',
  evidence: '照片',
};

export const KEEP_DELEGATION = ['today', 'from', 'to', 'status', 'colleagues'];
export const delegationView = {
  today: '2027-03-01',
  maxDays: 90,
  mine: ['单位领导班子(资产)'],
  colleagues: ['ou_a', 'ou_b'],
  outgoing: [{ id: 1, delegate: '李秀英', from: '2027-03-01', to: '2027-03-10', status: 'active' as const }],
  incoming: [{ delegator: '王建国', from: '2027-03-05', to: '2027-03-20', status: 'upcoming' as const }],
  stages: [{ stageId: 4, delegator: '王建国', text: '审批 #3 资产 19.99万「保洁」' }],
};

/**
 * A survey card's view: the service's names and the recipient's comment are typed text; the
 * dimensions are policy data, at most 5 names of at most 20 characters (domain/policy), so the
 * card-size test's inflation does not apply to them.
 */
const surveyHostileView = () => ({
  ...hostile(
    {
      roundId: 7,
      contractNo: 'HT-2027-0003',
      vendorName: '某物业',
      categoryLabel: '保洁',
      periodLabel: '2027年2月',
      closesOn: '2027-02-24',
    },
    ['closesOn', 'contractNo', 'categoryLabel', 'periodLabel'],
  ),
  dimensions: Array.from({ length: 5 }, (_, i) => ({
    key: `d${i}`,
    name: [...HOSTILE].slice(0, 20).join(''),
  })),
});

/** 以往抽查 and 督查记录 rows (issue 25): hostile text in every name they show. */
const spotListRow = {
  id: 1,
  createdAt: '2026-12-07 10:05',
  createdBy: '郑毅',
  scope: spotScope,
  drawn: true,
  samples: 5,
  scored: 3,
  exceeds: 1,
};
const spotList = () =>
  hostile(
    {
      rows: [spotListRow, { ...spotListRow, id: 2, drawn: false, samples: 0, scored: 0, exceeds: 0 }],
      total: 2000,
    },
    KEEP_SCOPE,
  );
const inspectionRow = {
  id: 1,
  inspectedOn: '2026-11-02',
  contractId: 1,
  contractNo: 'HT-2026-0001',
  unit: '资产',
  vendor: '某物业',
  recordedBy: '何静',
  participants: ['何静', '郑毅'],
  findings: 2,
  open: 1,
  closed: 1,
};

export const fixtures: Record<string, { typed?: false; cards: () => unknown[] }> = {
  buildDelegationCard: {
    cards: () => [
      buildDelegationCard(hostile(delegationView, KEEP_DELEGATION)),
      // A delegate holding no approving role: only what was delegated to them.
      buildDelegationCard(
        hostile({ ...delegationView, mine: [], colleagues: [], outgoing: [] }, KEEP_DELEGATION),
      ),
    ],
  },
  buildDelegationNoticeCard: {
    cards: () => [
      buildDelegationNoticeCard(
        hostile(
          { delegator: '王建国', from: '2027-03-01', to: '2027-03-10', grants: ['单位领导班子(资产)'] },
          ['from', 'to'],
        ),
      ),
    ],
  },
  buildApprovalCard: {
    cards: () => [
      buildApprovalCard(hostile(approval)),
      buildApprovalCard(hostile({ ...approval, outcome: { approved: false, text: '已驳回' } })),
    ],
  },
  buildBudgetCard: {
    cards: () => [
      buildBudgetCard(
        hostile(
          {
            year: 2026,
            units: [
              {
                id: 1,
                name: '资产',
                lines: [
                  {
                    id: 1,
                    unitId: 1,
                    fiscalYear: 2026,
                    category: 'cleaning' as const,
                    name: '保洁',
                    amountFen: 3n,
                    committedFen: 1n,
                    remainingFen: 2n,
                  },
                ],
              },
            ],
            canAdd: [{ id: 1, name: '资产' }],
            typed: { line_name: '保洁' },
          },
          ['category'],
        ),
      ),
    ],
  },
  buildNoticeCard: {
    cards: () => [
      buildNoticeCard({ ...hostile({ title: '角色变更', text: '已授予' }), actions: [myRolesButton()] }),
    ],
  },
  buildListFilterCard: {
    cards: () => [buildListFilterCard('contract.list', hostileListPage())],
  },
  buildContractListCard: {
    cards: () => [
      buildContractListCard(
        hostile({
          awaiting: [{ requestId: 1, unit: '资产', description: '保洁', vendor: '某物业', awardedFen: 1n }],
          contracts: [contractRow],
        }),
      ),
      // A page of the keyset list with a typed search (domain/list-page).
      buildContractListCard({
        ...hostile({ awaiting: [], contracts: [contractRow] }),
        page: hostileListPage(),
      }),
    ],
  },
  buildContractNoticeCard: {
    cards: () => [
      buildContractNoticeCard(
        hostile({
          id: 1,
          number: 'HT-1',
          unit: '资产',
          vendor: '某物业',
          term: '一年',
          leader: true,
          assessor: true,
        }),
      ),
    ],
  },
  buildSigningCard: {
    cards: () => [
      buildSigningCard(
        hostile(
          {
            requestId: 7,
            unit: '资产',
            service: '保洁',
            vendor: '某物业',
            procurement: '公开招标',
            awardedFen: 18_000_000n,
            policyVersion: 2,
            category: '保洁',
            rubric,
            clauses,
            maxTermYears: 3,
            typed: {
              amount: '18万',
              starts_on: '2027-01-01',
              ends_on: '2027-12-31',
              schedule: '',
              targets: '',
            },
            preview: {
              terms: {
                amountFen: 18_000_000n,
                startsOn: '2027-01-01',
                endsOn: '2027-12-31',
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
    ],
  },
  buildDraftReviewCard: {
    cards: () => [
      buildDraftReviewCard(hostile(draftView('pending'), CONTRACT_DRAFT_KEEP)),
      buildDraftReviewCard(hostile(draftView('returned'), CONTRACT_DRAFT_KEEP)),
    ],
  },
  buildDraftResultCard: {
    cards: () => [
      buildDraftResultCard(hostile(draftView('returned'), CONTRACT_DRAFT_KEEP)),
      buildDraftResultCard(hostile(draftView('approved'), CONTRACT_DRAFT_KEEP)),
    ],
  },
  buildContractCard: {
    cards: () => [
      buildContractCard(
        hostile(
          {
            number: 'HT-2026-0001',
            unit: '资产',
            service: '保洁',
            vendor: '某物业',
            amountFen: 1n,
            startsOn: '2027-01-01',
            endsOn: '2027-12-31',
            payments: [period],
            targets: '覆盖率100%',
            rubric,
            clauses,
            policyVersion: 2,
            leader: '王建国',
            assessors: ['张伟', '李秀英'],
            signed: '张伟 于 2026-11-24',
            status: '履行中',
            justSigned: { warning: '服务期限超过1年' },
          },
          ['key', 'annualCapFen', 'amountFen'],
        ),
      ),
    ],
  },
  openWorkCard: {
    cards: () => [openWorkCard(hostile(openWorkFixture, ['kind', 'stageKind', 'role', 'signedOn']))],
  },
  buildExitItemCard: {
    cards: () => {
      const item = {
        itemId: 1,
        title: '移交',
        contractNo: 'HT-1',
        vendorName: '某物业',
        endsOn: '2026-03-31',
        dueOn: '2026-04-07',
        owner: '张伟',
      };
      return [
        buildExitItemCard(hostile(item)),
        buildExitItemCard(
          hostile({ ...item, closed: { by: '张伟', on: '2026-04-01', evidence: '清单1号' } }),
        ),
      ];
    },
  },
  buildInspectionListCard: {
    cards: () => [
      buildInspectionListCard(
        hostile({
          contracts: [
            {
              id: 1,
              number: 'HT-1',
              unit: '资产',
              vendor: '某物业',
              term: '一年',
              status: '已到期',
              canInspect: true,
            },
          ],
        }),
      ),
      buildInspectionListCard({
        ...hostile({
          contracts: [
            {
              id: 1,
              number: 'HT-1',
              unit: '资产',
              vendor: '某物业',
              term: '一年',
              status: '已到期',
              canInspect: true,
            },
          ],
        }),
        page: hostileListPage(),
      }),
    ],
  },
  buildInspectionFormCard: {
    typed: false,
    cards: () => [
      buildInspectionFormCard(
        hostile(
          { contractId: 1, number: 'HT-1', vendor: '某物业', today: '2026-11-30', peopleOpenIds: ['ou_a'] },
          ['today', 'peopleOpenIds'],
        ),
      ),
    ],
  },
  buildRectificationCard: {
    cards: () =>
      (['open', 'submitted', 'closed'] as const).flatMap((status) =>
        (['owner', 'team'] as const).map((audience) =>
          buildRectificationCard(
            hostile(
              {
                itemId: 1,
                contractNo: 'HT-1',
                vendorName: '某物业',
                inspectedOn: '2026-11-30',
                finding: '消防通道堆物',
                severity: 'major' as const,
                owner: '张伟',
                dueOn: '2026-12-07',
                status,
                reopened: 1,
                evidence: '已清理',
                photos: ['ab'.repeat(32)],
                audience,
              },
              ['severity', 'status', 'audience'],
            ),
          ),
        ),
      ),
  },
  buildPhotoOfferCard: {
    cards: () => [
      buildPhotoOfferCard(
        hostile(
          {
            messageId: 'om_1',
            fileKey: 'img_v3_1',
            items: [{ itemId: 1, finding: '消防通道堆物', contractNo: 'HT-1', dueOn: '2026-12-07' }],
          },
          ['messageId', 'fileKey'],
        ),
      ),
    ],
  },
  buildDailyProblemFormCard: {
    cards: () => [
      buildDailyProblemFormCard(
        hostile(
          {
            contractId: 1,
            contract: { id: 1, signedOn: '2026-08-01', category: 'cleaning' as const, vendorName: '某物业' },
            month: '2026-11',
            rubricItem: 'staffing',
            rubricName: '人员在岗与着装',
            deductionTenths: 15,
            note: '早班缺岗1人',
            today: '2026-12-07',
            peopleOpenIds: ['ou_a'],
          },
          ['category', 'month', 'rubricItem', 'today', 'peopleOpenIds', 'signedOn'],
        ),
      ),
    ],
  },
  buildRectificationReportCard: {
    cards: () => [
      buildRectificationReportCard(
        hostile(
          {
            title: '合同 HT-1',
            today: '2026-11-30',
            rows: [
              {
                contractNo: 'HT-1',
                unit: '资产',
                vendor: '某物业',
                inspectedOn: '2026-11-30',
                finding: '消防通道堆物',
                severity: 'critical' as const,
                owner: '张伟',
                dueOn: '2026-12-07',
                status: 'open' as const,
                reopened: 0,
                overdueWorkingDays: 3,
                evidence: '已清理',
                photos: ['ab'.repeat(32)],
              },
            ],
          },
          ['severity', 'status'],
        ),
      ),
    ],
  },
  buildMenuCard: {
    cards: () => [
      buildMenuCard(hostile({ name: '张伟', roles: [{ role: 'filer' as const, scope: '资产' }] }, ['role'])),
      buildMenuCard(
        hostile(
          {
            name: '张伟',
            roles: [{ role: 'filer' as const, scope: '资产' }],
            note: '「抽查」:抽查仅限纪检监察和财政部门人员',
          },
          ['role'],
        ),
      ),
    ],
  },
  buildHelpCard: { typed: false, cards: () => [buildHelpCard()] },
  calendarMissingCard: { typed: false, cards: () => [calendarMissingCard(2027)] },
  groupMenuCard: { typed: false, cards: () => [groupMenuCard()] },
  importPreviewCard: {
    cards: () => [
      importPreviewCard(
        hostile({
          pendingId: 7,
          kind: '供应商',
          fileName: 'x.xlsx',
          adds: ['第 2 行:甲公司'],
          changes: ['第 3 行:名称「乙」改为「丙」'],
          unchanged: 1,
          errors: [],
          notes: ['说明'],
        }),
      ),
      importPreviewCard(
        hostile({
          kind: '预算额度',
          fileName: 'x.xlsx',
          adds: [],
          changes: [],
          unchanged: 0,
          errors: [{ row: 3, message: '未知单位「x」' }],
          notes: [],
        }),
      ),
    ],
  },
  importDoneCard: {
    cards: () => [
      importDoneCard(
        hostile({ kind: '供应商', fileName: 'x.xlsx', status: 'applied', summary: '已登记' }, ['status']),
      ),
    ],
  },
  importChooseCard: {
    cards: () => [
      importChooseCard(
        hostile({ pendingId: 3, fileName: 'x.xlsx', kinds: [{ key: 'vendors', label: '供应商' }] }, ['key']),
      ),
    ],
  },
  importTemplatesCard: {
    cards: () => [
      importTemplatesCard(
        hostile(
          { kinds: [{ key: 'budget', label: '预算额度', headers: ['单位', '年度'] }], note: '无法识别' },
          ['key'],
        ),
      ),
    ],
  },
  buildExportMenuCard: {
    typed: false,
    cards: () => [
      buildExportMenuCard({ choices: [{ text: '2026年考核台账', value: { k: 'scores', year: 2026 } }] }),
      buildExportMenuCard({ choices: [] }),
    ],
  },
  groupBindingCard: {
    cards: () => [
      groupBindingCard(
        hostile(
          {
            bindings: [
              { id: 1, kind: 'project' as const, label: '合同 HT-2026-0003 · 资产 · 保洁 项目工作群' },
            ],
            units: [{ value: '1', text: '资产经营公司' }],
            contracts: [{ value: '3', text: '合同 HT-2026-0003 · 资产 · 保洁' }],
          },
          ['kind', 'value'],
        ),
      ),
    ],
  },
  auditAnchorCard: {
    cards: () => {
      const view = {
        n: 3,
        date: '2026-12-01',
        takenAt: '2026-12-01 01:30',
        chains: 9,
        rows: 40,
        digest: 'ab'.repeat(32),
      };
      return [
        // Aggregate ids are text: an id could carry anything a user once typed.
        auditAnchorCard(
          hostile({ ...view, regressed: Array.from({ length: 12 }, (_, i) => `vendor/${i}`) }, [
            'digest',
            'date',
            'takenAt',
          ]),
        ),
      ];
    },
  },
  buildRequestCard: {
    cards: () => [
      buildRequestCard(
        hostile({
          id: 12,
          amount: '180,000.00元',
          line: '2026年 保洁',
          description: '保洁',
          status: '审批中',
          current: {
            stageId: 3,
            stage: '单位领导班子集体决策',
            holders: ['王建国'],
            since: '2026-12-01 09:30',
          },
          timeline: [{ at: '2026-12-01 09:30', who: '张伟', what: '提交采购申请' }],
          attachments: [{ name: '会议纪要.pdf', size: '1 KB', sha: '0123456789ab' }],
          mayWithdraw: true,
          remindedToday: '10:32',
          mayAttach: true,
        }),
      ),
    ],
  },
  buildRequestReminderCard: {
    cards: () => [
      buildRequestReminderCard(
        hostile({
          requestId: 12,
          stageId: 3,
          stage: '单位领导班子集体决策',
          filer: '张伟',
          amount: '1元',
          description: '保洁',
          since: '2026-12-01 09:30',
        }),
      ),
    ],
  },
  buildAttachOfferCard: {
    cards: () => [
      buildAttachOfferCard(
        hostile(
          {
            messageId: 'om_1',
            fileKey: 'img_v3_1',
            fileName: '会议纪要.png',
            requests: [{ id: 12, description: '保洁', amount: '1元', status: '审批中' }],
          },
          ['messageId', 'fileKey'],
        ),
      ),
    ],
  },
  buildMyRequestsCard: {
    cards: () => [
      buildMyRequestsCard(
        hostile({
          requests: [
            {
              id: 12,
              amount: '30,000.00元',
              line: '2026年 保洁 园区',
              description: '保洁',
              status: '审批中',
              current: { stage: '单位领导班子集体决策', approvers: ['王建国', '李秀英'] },
              decided: [{ stage: '单位领导班子集体决策', outcome: '同意', by: '王建国', note: '纪要' }],
            },
          ],
        }),
      ),
      // A page of the keyset list with a typed search (cards/request-list-pager).
      buildMyRequestsCard({
        ...hostile({
          requests: [
            {
              id: 12,
              amount: '1元',
              line: '2026年 保洁',
              description: '保洁',
              status: '审批中',
              decided: [],
            },
          ],
        }),
        page: { total: 2000, filter: hostile({ q: '保洁' }), newer: 2, older: 1, years: [2026] },
      }),
    ],
  },
  buildIntroCard: { cards: () => [buildIntroCard(HOSTILE)] },
  buildProcurementListCard: {
    cards: () => {
      const states = [
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
      const rows = states.map((state, i) => ({
        id: i + 1,
        unit: '资产',
        category: 'cleaning' as const,
        description: '保洁',
        amountFen: 1n,
        mayRecord: true,
        state,
      }));
      return [
        buildProcurementListCard(hostile(rows, ['category', 'kind'])),
        // A page of the keyset list: a typed search and the names of the units offered.
        buildProcurementListCard(hostile(rows, ['category', 'kind']), {
          total: 2000,
          filter: { ...hostile({ q: '保洁' }), unit: 1 },
          newer: 2,
          older: 1,
          years: [2026],
          units: hostile([
            { id: 1, name: '资产' },
            { id: 2, name: '物业' },
          ]),
        }),
      ];
    },
  },
  buildProcurementFormCard: {
    cards: () => [
      buildProcurementFormCard(
        hostile(
          {
            requestId: 1,
            unit: '资产',
            category: 'cleaning' as const,
            description: '保洁',
            amountFen: 1n,
            plannedMethod: 'unknown',
            thresholdFen: 1n,
            today: '2026-03-01',
            vendors: [{ id: 1, name: '某物业', uscc: '91320583000000001X' }],
          },
          ['category', 'today'],
        ),
      ),
    ],
  },
  buildSplitWarningCard: {
    cards: () => [
      buildSplitWarningCard(
        hostile(
          {
            unitName: '资产',
            category: 'cleaning' as const,
            year: 2026,
            thresholdFen: 1n,
            totalFen: 2n,
            items: [
              { requestId: 1, method: 'unknown', awardDate: '2026-03-01', awardedFen: 1n, vendor: '某物业' },
            ],
          },
          ['category'],
        ),
      ),
    ],
  },
  buildFilingCard: {
    cards: () => [
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
      buildFilingCard({
        draftId: 1,
        step: 5,
        data: draft,
        lines: refs.lineOptions,
        people: [],
        errors: hostile({ amount: '金额有误' }),
        summary: filingSummary(hostile(draft, DRAFT_KEEP), hostile(refs, DRAFT_KEEP)),
      }),
    ],
  },
  buildRolesAdminCard: {
    cards: () => [
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
    ],
  },
  buildSavingsCard: {
    cards: () => [
      buildSavingsCard(
        hostile(
          {
            year: 2026,
            zoneWide: true,
            totals: [
              { unitId: 1, unitName: '资产', cause: 'renegotiated_price' as const, totalFen: 1n, count: 1 },
            ],
            canAdd: [{ id: 1, name: '资产' }],
            typed: { evidence: '纪要' },
          },
          ['cause'],
        ),
      ),
    ],
  },
  buildScoreListCard: {
    cards: () => [
      buildScoreListCard(
        hostile(
          [
            {
              ...head,
              status: '履行中',
              open: ['2027-02'],
              scored: [{ month: '2027-01', finalTenths: 900 }],
            },
          ],
          ['category', 'open', 'month'],
        ),
      ),
    ],
  },
  // Hostile open_ids too: an id that is not `ou_` + [0-9a-z] is never put into an <at> tag (the name shows).
  groupReminderCard: {
    cards: () => [
      groupReminderCard(
        hostile(
          {
            items: (['open', 'overdue'] as const).map((kind, i) => ({
              kind,
              contractId: 7 + i,
              contractNo: 'HT-2026-0007',
              unitName: '资产',
              categoryLabel: '保洁',
              month: '2026-12',
              due: '2027-01-07',
              calendarCovers: false,
              assessors: [{ openId: 'ou_x', name: '张伟', seen: true }],
            })),
          },
          ['kind', 'month', 'due'],
        ),
      ),
    ],
  },
  scoreReminderCard: {
    cards: () =>
      (['open', 'escalate'] as const).map((kind) =>
        scoreReminderCard(
          hostile(
            {
              kind,
              contractId: 7,
              contractNo: 'HT-2026-0007',
              month: '2026-12',
              vendorName: '某物业',
              categoryLabel: '保洁',
              due: '2027-01-07',
              assessorNames: ['张伟'],
              overdueWorkingDays: 2,
              calendarCovers: false,
            },
            ['kind', 'month', 'due'],
          ),
        ),
      ),
  },
  surveyCard: {
    cards: () => [surveyCard(surveyHostileView()), surveyCard({ ...surveyHostileView(), chase: true })],
  },
  surveyAnsweredCard: {
    cards: () => [
      surveyAnsweredCard({
        ...surveyHostileView(),
        answer: hostile({ ratings: { d0: 5, d1: 2, d2: 1, d3: 4, d4: 3 }, comment: 'x', revision: 2 }),
      }),
    ],
  },
  buildScoreFormCard: {
    cards: () => [
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
    ],
  },
  buildScorePreviewCard: {
    cards: () => [
      buildScorePreviewCard(
        hostile(
          {
            contract: head,
            month: '2027-01',
            entry: {
              deductions,
              dailyTenths: 980,
              managementTenths: 900,
              finalTenths: 950,
              band,
              reason: '录错',
            },
            current: { id: 1, finalTenths: 900 },
          },
          ['category', 'key', 'item', 'month'],
        ),
      ),
    ],
  },
  buildScoreRecordedCard: {
    cards: () =>
      [undefined, { dailyTenths: 1, managementTenths: 2, finalTenths: 3 }].map((previous) =>
        buildScoreRecordedCard(
          hostile(
            {
              contract: head,
              month: '2027-01',
              score: { id: 1, dailyTenths: 980, managementTenths: 900, finalTenths: 950, deductions },
              band: '90分及以上',
              previous,
              reason: '录错',
            },
            ['category', 'key', 'item', 'month'],
          ),
        ),
      ),
  },
  buildSpotCheckFormCard: {
    typed: false,
    cards: () => [
      buildSpotCheckFormCard(hostile({ units: [{ id: 1, name: '资产' }], zone: true, defaultBp: 1000 })),
    ],
  },
  buildSpotCheckCreatedCard: {
    cards: () => [
      buildSpotCheckCreatedCard(hostile({ id: 1, scope: spotScope, seedHash: 'ab'.repeat(32) }, KEEP_SCOPE)),
    ],
  },
  buildSpotCheckSamplesCard: {
    cards: () => [
      buildSpotCheckSamplesCard(
        hostile(
          {
            id: 1,
            scope: spotScope,
            seed: 'cd'.repeat(32),
            seedHash: 'ab'.repeat(32),
            population: 40,
            total: 25,
            page: 0,
            pageSize: 20,
            samples: [
              { ...spotSample, checkerTenths: null, exceeds: null, stands: false },
              { ...spotSample, checkerTenths: 700, exceeds: true, stands: true },
            ],
          },
          KEEP_SCOPE,
        ),
      ),
    ],
  },
  buildSpotCheckListCard: {
    cards: () => [
      buildSpotCheckListCard({ ...spotList(), newer: 3, older: 2 }),
      // The first page, under the 抽查 form.
      buildSpotCheckFormCard({
        units: [{ id: 1, name: '资产' }],
        zone: true,
        defaultBp: 1000,
        earlier: spotList(),
      }),
    ],
  },
  buildInspectionRecordsCard: {
    cards: () => [
      buildInspectionRecordsCard({ ...hostile({ rows: [inspectionRow] }), total: 2000, newer: 3, older: 1 }),
      buildInspectionRecordsCard({
        ...hostile({ contract: { id: 1, number: 'HT-1', canInspect: true }, rows: [inspectionRow] }),
        total: 1,
      }),
      // A contract's latest inspections, above its 登记督查 form.
      buildInspectionFormCard({
        contractId: 1,
        number: 'HT-1',
        vendor: '某物业',
        today: '2026-11-30',
        peopleOpenIds: ['ou_a'],
        earlier: {
          ...hostile({ contract: { id: 1, number: 'HT-1', canInspect: true }, rows: [inspectionRow] }),
          total: 7,
        },
      }),
    ],
  },
  buildSampleFormCard: {
    cards: () => [buildSampleFormCard(hostile({ head: sampleHead, typed: { d_quality: '2' } }, KEEP_SAMPLE))],
  },
  buildComparisonCard: {
    cards: () =>
      (['checker', 'flag'] as const).map((audience) =>
        buildComparisonCard(hostile(comparison, KEEP_SAMPLE), audience),
      ),
  },
  buildAssessorNoticeCard: { cards: () => [buildAssessorNoticeCard(hostile(comparison, KEEP_SAMPLE))] },
  buildSettlementCard: {
    cards: () => [
      buildSettlementCard(
        hostile({
          contractId: 1,
          number: 'HT-1',
          unit: '资产',
          vendor: '某物业',
          amountFen: 1n,
          term: '一年',
          bands: clauses.deduction.bands,
          annualCapFen: 1n,
          rows: [row, { ...row, confirmed: null }],
          canConfirm: true,
        }),
      ),
      buildSettlementCard(
        hostile({
          contractId: 1,
          number: 'HT-1',
          unit: '资产',
          vendor: '某物业',
          amountFen: 1n,
          term: '一年',
          bands: clauses.deduction.bands,
          annualCapFen: 1n,
          rows: [{ ...row, confirmed: null, unscored: [] }],
          canConfirm: true,
          openItems: 2,
        }),
      ),
    ],
  },
  buildSettlementAuditCard: {
    cards: () => [
      buildSettlementAuditCard(
        hostile(
          {
            contractId: 1,
            number: 'HT-1',
            unit: '资产',
            vendor: '某物业',
            amountFen: 1n,
            term: '一年',
            periods: ['第1期'],
            audit: settlementAuditFixture,
          },
          ['kind', 'status', 'category'],
        ),
      ),
    ],
  },
  buildSettlementListCard: {
    cards: () => [
      buildSettlementListCard(hostile({ contracts: [contractRow] })),
      buildSettlementListCard({
        ...hostile({ contracts: [contractRow] }),
        page: hostileListPage(),
      }),
    ],
  },
  buildSettlementNoticeCard: {
    cards: () => [
      buildSettlementNoticeCard(hostile({ contractId: 1, number: 'HT-1', vendor: '某物业', row })),
    ],
  },
  buildTerminationCard: {
    cards: () =>
      (['pending', 'started', 'kept', 'withdrawn'] as const).map((status) =>
        buildTerminationCard(hostile({ ...termination, status, decision }, ['status'])),
      ),
  },
  buildThresholdNoticeCard: {
    cards: () => [
      buildThresholdNoticeCard(
        hostile({
          title: '考核预警',
          text: '某物业 连续',
          contractId: 1,
          contractNo: 'HT-1',
          vendorName: '某',
        }),
      ),
    ],
  },
  buildTodoCard: {
    cards: () => [
      buildTodoCard(
        hostile(
          [
            { kind: 'approval' as const, id: 1, text: '审批 #1' },
            { kind: 'draft' as const, id: 2, text: '采购草稿 #2' },
          ],
          ['kind'],
        ),
      ),
    ],
  },
  buildVendorListCard: {
    cards: () => [
      buildVendorListCard(
        hostile(
          {
            vendors: [
              {
                id: 1,
                name: '某物业',
                uscc: '91320583000000001X',
                contactName: '张伟',
                contactPhone: '0512-57671234',
                bans: [{ year: 2027, unit: '资产', category: 'cleaning' as const, reason: '月均低于85分' }],
              },
            ],
            canAdd: true,
            typed: { vendor_name: '某物业' },
          },
          ['category'],
        ),
      ),
      // A page of the register with a typed search.
      buildVendorListCard({
        vendors: [],
        canAdd: false,
        page: { total: 2000, filter: hostile({ q: '物业' }), newer: 2, older: 1 },
      }),
    ],
  },
  buildBoardCard: {
    cards: () => [buildBoardCard(hostile(boardView, ['key']))],
  },
  buildDeliveryFailuresCard: {
    cards: () => [
      buildDeliveryFailuresCard(
        hostile(
          {
            days: 30,
            total: 3,
            rows: [
              {
                id: '0b8f1c2e-4a5d-4e6f-8a9b-0c1d2e3f4a5b',
                kind: 'send' as const,
                msgType: 'interactive',
                title: '采购审批',
                to: '群「物业项目工作群」',
                at: '2026-12-06 21:30',
                reason: '机器人不在群内',
                resendable: true,
              },
              {
                id: '1b8f1c2e-4a5d-4e6f-8a9b-0c1d2e3f4a5b',
                kind: 'patch' as const,
                msgType: 'interactive',
                title: null,
                to: '张伟',
                at: '2026-12-06 21:31',
                reason: '卡片内容不合法',
                resendable: false,
              },
            ],
            scopes: [{ scope: 'im:message.urgent', refusals: 2, lastSeen: '2026-12-06 21:32' }],
          },
          ['id', 'kind', 'msgType'],
        ),
      ),
    ],
  },
  buildBoardDetailCard: {
    cards: () => [buildBoardDetailCard(hostile(boardView.lines[0]!, ['key']))],
  },
  buildBoardDigestCard: {
    cards: () => [buildBoardDigestCard(hostile({ ...boardView, week: '2026-04-13' }, ['key']))],
  },
  buildAuditVerifyCard: {
    cards: () => [
      buildAuditVerifyCard(
        hostile({
          ok: false,
          at: '2026-12-07 09:30',
          chains: '审计链',
          anchors: '锚点',
          notes: ['说明'],
          findings: ['问题'],
        }),
      ),
    ],
  },
  buildReplayCard: {
    cards: () => [
      buildReplayCard(
        hostile({
          ok: false,
          at: '2026-12-07 09:30',
          scope: '全园区',
          contracts: 1,
          counts: [{ label: '评分', checked: 2, agreed: 1 }],
          notes: ['说明'],
          findings: ['问题'],
        }),
      ),
    ],
  },
  buildSpotCheckVerifyCard: {
    cards: () => [
      buildSpotCheckVerifyCard(
        hostile({
          id: 1,
          ok: false,
          checks: [{ pass: false, what: '重新抽取的样本与系统中保存的样本', found: '不一致' }],
        }),
      ),
    ],
  },
  buildStandingCard: {
    cards: () => {
      const counts = { banned: 1, termination: 2, warned: 3, fine: 4 };
      const units = [
        { unitId: 1, unitName: '资产', counts },
        { unitId: 2, unitName: '环卫', counts },
      ];
      const choices = [{ id: 1, name: '资产' }];
      const base = { asOf: '2026-11-30', zoneWide: true, units, choices };
      return [
        buildStandingCard(hostile(base, ['asOf'])),
        buildStandingCard(hostile({ ...base, unit: { id: 1, name: '资产' } }, ['asOf'])),
      ];
    },
  },
};

export const boardView = {
  scopeLabel: '全园区',
  asOf: '2026-04-13',
  lines: [
    {
      key: 'warning' as const,
      id: 1,
      unitId: 1,
      text: '合同 HT-2026-0001',
      detailTitle: '预警明细',
      rows: ['2026-03:78.0 分'],
    },
    {
      key: 'cluster' as const,
      id: 2,
      unitId: 1,
      text: '考核人 张伟',
      detailTitle: '评分明细',
      rows: ['80.5 分'],
    },
  ],
};
