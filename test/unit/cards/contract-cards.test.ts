import { describe, expect, it } from 'vitest';
import { buildContractCard, buildSigningCard } from '../../../src/cards/contract';
import { buildContractListCard, buildContractNoticeCard } from '../../../src/cards/contract-list';
import { actionValue } from '../../../src/cards/values';
import type { ContractClauseValues } from '../../../src/domain/contract';

import { clauseLines, contractNumber, formatBp } from '../../../src/domain/contract-format';
import { checkCard } from '../../../src/sandbox/card-check';
import { walkButtons } from './walk';

const clauses: ContractClauseValues = {
  termination: { belowTenths: 800, consecutiveMonths: 2, cumulativeMonths: 3 },
  bidBan: { annualAverageBelowTenths: 850 },
  deduction: {
    bands: [
      { minTenths: 900, deductBp: 0 },
      { minTenths: 850, deductBp: 200 },
      { minTenths: 800, deductBp: 500 },
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
const rubric = [{ key: 'quality', name: '服务质量', maxDeductTenths: 400 }];
const typed = {
  amount: '18万',
  starts_on: '2027-01-01',
  ends_on: '2028-12-31',
  schedule: '',
  targets: '覆盖率100%',
};
const terms = {
  amountFen: 18_000_000n,
  startsOn: '2027-01-01',
  endsOn: '2028-12-31',
  periods: [{ label: '全款', dueOn: '2028-12-31', amountFen: '18000000' }],
  targets: '覆盖率100%',
  longTerm: true,
};
const signing = {
  requestId: 7,
  unit: '资产经营公司',
  service: '保洁 · 办公楼保洁',
  vendor: '某物业(91320583000000001X)',
  procurement: '公开招标 · 苏州市公共资源交易平台 SZ-1 · 2026-11-20 中标',
  awardedFen: 18_000_000n,
  policyVersion: 2,
  category: '保洁',
  rubric,
  clauses,
  maxTermYears: 3,
  typed,
};
const view = {
  number: 'HT-2026-0001',
  unit: '资产经营公司',
  service: '保洁 · 办公楼保洁',
  vendor: '某物业',
  amountFen: 18_000_000n,
  startsOn: '2027-01-01',
  endsOn: '2027-12-31',
  payments: terms.periods,
  targets: '覆盖率100%',
  rubric,
  clauses,
  policyVersion: 2,
  leader: '王建国',
  assessors: ['张伟'],
  signed: '张伟 于 2026-11-24',
  status: '履行中',
};
const cards = {
  form: buildSigningCard(signing),
  preview: buildSigningCard({ ...signing, preview: { terms, warning: '⚠ 服务期限超过1年' } }),
  contract: buildContractCard(view),
  signed: buildContractCard({ ...view, justSigned: { warning: '⚠ 服务期限超过1年' } }),
  list: buildContractListCard({
    awaiting: [{ requestId: 7, unit: '资产经营公司', description: '保洁', vendor: '某物业', awardedFen: 1n }],
    contracts: [
      {
        id: 1,
        number: 'HT-2026-0001',
        unit: '资产经营公司',
        vendor: '某物业',
        amountFen: 1n,
        term: 'x',
        status: '未开始',
      },
    ],
  }),
  notice: buildContractNoticeCard({
    id: 1,
    number: 'HT-2026-0001',
    unit: 'u',
    vendor: 'v',
    term: 't',
    leader: true,
    assessor: true,
  }),
};

describe('contract cards', () => {
  it.each(Object.entries(cards))('%s is a valid Card JSON 2.0 card whose buttons decode', (_n, card) => {
    expect(checkCard(card)).toEqual([]);
    for (const value of walkButtons(card)) expect(actionValue.safeParse(value).success).toBe(true);
  });

  it('offers 确认签订 only after a successful check, with the warning in its confirmation', () => {
    expect(JSON.stringify(cards.form)).not.toContain('确认签订');
    expect(JSON.stringify(cards.preview)).toContain('⚠ 服务期限超过1年。签订后合同条款不可修改');
    expect(JSON.stringify(cards.signed)).toContain('⚠ 服务期限超过1年');
  });
});

describe('clause formatting', () => {
  it('shows percentages and scores without floats', () => {
    expect([formatBp(0), formatBp(200), formatBp(250), formatBp(1234), formatBp(10000)]).toEqual([
      '0%',
      '2%',
      '2.5%',
      '12.34%',
      '100%',
    ]);
    expect(clauseLines(clauses)[2]).toBe(
      '- **阶梯扣款**:≥90.0分 不扣款;85.0–90.0分 扣 2%;80.0–85.0分 扣 5%;低于80.0分 扣 10%;年度扣款上限 200,000.00元',
    );
    expect(contractNumber({ id: 12, signedOn: '2027-01-05' })).toBe('HT-2027-0012');
  });
});
