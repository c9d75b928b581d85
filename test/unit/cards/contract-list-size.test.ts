import { describe, expect, it } from 'vitest';
import { buildContractListCard } from '../../../src/cards/contract-list';
import { buildInspectionListCard } from '../../../src/cards/inspection';
import { buildListFilterCard } from '../../../src/cards/list-pager';
import { buildSettlementListCard } from '../../../src/cards/settlement';
import { INSPECTION_PAGE_SIZE, LIST_PAGE_SIZE, LIST_SEARCH_MAX } from '../../../src/domain/list-page';
import { checkCard } from '../../../src/sandbox/card-check';

/**
 * Lists at real size: the contract list of a unit with 2,000 contracts is a page of 20 with the
 * count, the filter and 上一页 / 下一页, under Feishu's 30 KB by design (no clipping by fit.ts).
 */
describe('合同管理, 结算审核 and 专项督查 at 2,000 contracts', () => {
  const row = (id: number) => ({
    id,
    number: `HT-2026-${String(id).padStart(4, '0')}`,
    unit: '苏州工业园区某某街道社区综合治理联动服务中心',
    vendor: '苏州市某某物业管理服务有限公司第二分公司',
    amountFen: 123_456_789_00n,
    term: '2026-01-01 至 2028-12-31',
    status: '履行中',
  });
  // The filter at its fullest: every part set, 10 units and 10 vendors offered with long names.
  const choices = (what: string) =>
    Array.from({ length: 10 }, (_, i) => ({
      id: i + 1,
      name: `苏州市某某${what}管理服务有限公司第${i + 1}分公司`,
    }));
  const fullest = {
    filter: {
      status: 'running' as const,
      year: 2026,
      unit: 7,
      vendor: 9,
      standing: 'warned' as const,
      q: '搜'.repeat(LIST_SEARCH_MAX),
    },
    years: Array.from({ length: 10 }, (_, i) => 2026 - i),
    units: choices('街道'),
    vendors: choices('物业'),
    unitCount: 60,
    vendorCount: 400,
  };
  it.each([
    ['page 1', undefined, 2000],
    ['page 40', 1201, 1180],
  ])('%s stays under 30 KB, shows the count and pages', (_, newer, older) => {
    const card = buildContractListCard({
      awaiting: Array.from({ length: 30 }, (_, i) => ({
        requestId: i + 1,
        unit: '资产经营公司',
        description: '园区公共区域日常保洁及垃圾分类收运服务',
        vendor: '昆山洁美物业服务有限公司',
        awardedFen: 18_000_000n,
      })),
      contracts: Array.from({ length: 2000 }, (_, i) => row(2000 - i)).slice(0, LIST_PAGE_SIZE),
      page: {
        total: 2000,
        ...fullest,
        ...(newer ? { newer } : {}),
        older,
      },
    });
    const json = JSON.stringify(card);
    expect(Buffer.byteLength(json)).toBeLessThan(30 * 1024);
    expect(checkCard(card)).toEqual([]);
    expect(json).toContain('符合条件的合同共 2000 份,本页 20 份。');
    expect(json).toContain('下一页');
    expect(json.includes('上一页')).toBe(newer !== undefined);
    expect(json).not.toContain('…');
    expect(json).not.toContain('内容较多');
    expect(json).toContain('仅显示前 5 条,共 30 条。');
    // The filter in words, and 筛选 opening the filter card with it.
    expect(json).toContain('筛选:履行中 · 预警 · 2026年签订 · 苏州市某某街道管理服务有限公司第7分公司');
    expect(json).toContain('"a":"contract.list","edit":true,"status":"running"');
  });

  it('结算审核: page 40 of 2,000 stays under 30 KB and pages', () => {
    const card = buildSettlementListCard({
      contracts: Array.from({ length: 2000 }, (_, i) => row(2000 - i)).slice(780, 780 + LIST_PAGE_SIZE),
      page: {
        total: 2000,
        ...fullest,
        newer: 1220,
        older: 1201,
      },
    });
    const json = JSON.stringify(card);
    expect(Buffer.byteLength(json)).toBeLessThan(30 * 1024);
    expect(checkCard(card)).toEqual([]);
    expect(json).toContain('符合条件的合同共 2000 份,本页 20 份。');
    expect(json).toContain('"a":"settlement.list","after":1201');
    expect(json).toContain('"a":"settlement.list","before":1220');
    expect(json).not.toContain('内容较多');
  });

  it('专项督查: a middle page of 2,000, both buttons on every row, stays under 30 KB and pages', () => {
    const card = buildInspectionListCard({
      contracts: Array.from({ length: INSPECTION_PAGE_SIZE }, (_, i) => ({
        ...row(1200 - i),
        canInspect: true,
      })),
      page: {
        total: 2000,
        ...fullest,
        newer: 1200,
        older: 1189,
      },
    });
    const json = JSON.stringify(card);
    expect(Buffer.byteLength(json)).toBeLessThan(30 * 1024);
    expect(checkCard(card)).toEqual([]);
    expect(json).toContain(`符合条件的合同共 2000 份,本页 ${INSPECTION_PAGE_SIZE} 份。`);
    expect(json).toContain('"a":"inspection.list","after":1189');
    expect(json).toContain('"a":"inspection.list","before":1200');
    expect(json).not.toContain('内容较多');
  });

  it.each([
    'contract.list',
    'settlement.list',
    'inspection.list',
  ] as const)('the filter card of %s at its fullest stays under 30 KB and offers every part', (action) => {
    const card = buildListFilterCard(action, { total: 2000, ...fullest });
    const json = JSON.stringify(card);
    expect(Buffer.byteLength(json)).toBeLessThan(30 * 1024);
    expect(checkCard(card)).toEqual([]);
    for (const field of ['list_status', 'list_year', 'list_unit', 'list_vendor', 'list_standing', 'list_q'])
      expect(json).toContain(`"name":"${field}"`);
    expect(json).toContain('共 60 个单位、400 家供应商');
    expect(json).not.toContain('内容较多');
  });
});
