/**
 * A card with its charts stays under Feishu's 30 KB at the largest data it can show, measured the way
 * the sandbox counts (UTF-8 bytes of the card's JSON, card-check.ts), and without fit.ts having to
 * drop anything: the charts and the numbers under them are all there.
 */
import { expect, it } from 'vitest';
import { buildContractCard, type ContractCardView } from '../../../../src/cards/contract';
import { buildSavingsCard } from '../../../../src/cards/savings';
import { buildStandingCard } from '../../../../src/cards/standing';
import { SAVING_CAUSES } from '../../../../src/domain/savings';
import { checkCard } from '../../../../src/sandbox/card-check';
import { MAX_BYTES } from '../../../../src/sandbox/card-rules';
import { savingsData, scoreData, unitsData } from './data';

const bytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card), 'utf8');
const charts = (card: unknown) => (JSON.stringify(card).match(/"tag":"chart"/g) ?? []).length;

function fits(name: string, card: unknown, expectedCharts: number) {
  const size = bytes(card);
  console.log(`${name}: ${size} bytes`);
  expect(checkCard(card)).toEqual([]);
  expect(size).toBeLessThan(MAX_BYTES);
  expect(charts(card)).toBe(expectedCharts);
  expect(JSON.stringify(card)).not.toContain('部分未显示');
  return JSON.stringify(card);
}

const contract: ContractCardView = {
  number: 'HT-2024-0001',
  unit: '园区第1号街道社区综合服务管理中心',
  service: '保洁服务 · 办公区及公共区域日常保洁',
  vendor: '某某物业管理有限公司(91350100MA00000001)',
  amountFen: 360_000_000n,
  startsOn: '2024-01-01',
  endsOn: '2026-12-31',
  payments: Array.from({ length: 12 }, (_, i) => ({
    label: `第${i + 1}期`,
    dueOn: '2026-12-31',
    amountFen: '30000000',
  })),
  targets: '保洁覆盖率100%,投诉处理及时率100%',
  rubric: [{ key: 'a', name: '日常保洁', maxDeductTenths: 100 }],
  clauses: {
    termination: { belowTenths: 800, consecutiveMonths: 2, cumulativeMonths: 3 },
    bidBan: { annualAverageBelowTenths: 850 },
    deduction: { bands: [{ minTenths: 900, deductBp: 0 }], annualCapFen: '1000000' },
    scoring: {
      dailyWeightBp: 5000,
      managementWeightBp: 5000,
      windowOpensDay: 1,
      dueWorkingDay: 5,
      remindBeforeDueWorkingDays: 1,
      escalateAfterDueWorkingDays: 2,
    },
  },
  policyVersion: 1,
  leader: '王建国',
  assessors: ['张伟', '李娜'],
  signed: '张伟 于 2023-12-20',
  status: '履行中',
};

it('contract card with 36 months of scores', () => {
  const text = fits('contract, 36 months', buildContractCard({ ...contract, scores: scoreData(36) }), 1);
  expect(text).toContain('80 清退线');
});

it('standing card with 50 units, zone-wide', () => {
  const units = unitsData(50);
  const card = buildStandingCard({
    asOf: '2026-11-30',
    zoneWide: true,
    units,
    choices: units.map((u) => ({ id: u.unitId, name: u.unitName })),
  });
  const text = fits('standing, 50 units', card, 1);
  // The numbers are under the chart as text too, for every unit.
  for (const u of units)
    expect(text).toContain(`**${u.unitName}**:正常 ${u.counts.fine} · 预警 ${u.counts.warned}`);
});

it('savings card with 12 months x causes x 50 units, zone-wide, with the finance form', () => {
  const rows = savingsData(50);
  const totals = rows
    .filter((r) => r.month === 1)
    .map((r) => ({
      unitId: r.unitId,
      unitName: r.unitName,
      cause: r.cause,
      totalFen: r.totalFen * 12n,
      count: 12,
    }));
  expect(totals).toHaveLength(50 * SAVING_CAUSES.length);
  const card = buildSavingsCard({
    year: 2026,
    zoneWide: true,
    totals,
    months: rows,
    canAdd: Array.from({ length: 50 }, (_, i) => ({
      id: i + 1,
      name: `园区第${i + 1}号街道社区综合服务管理中心`,
    })),
  });
  fits('savings, 12 x 4 x 50', card, 2);
});
