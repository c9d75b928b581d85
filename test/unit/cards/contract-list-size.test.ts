import { describe, expect, it } from 'vitest';
import { buildContractListCard } from '../../../src/cards/contract-list';
import { buildInspectionListCard } from '../../../src/cards/inspection';
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
        filter: { status: 'running', year: 2026, q: '搜'.repeat(LIST_SEARCH_MAX) },
        ...(newer ? { newer } : {}),
        older,
        years: Array.from({ length: 10 }, (_, i) => 2026 - i),
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
  });

  it('结算审核: page 40 of 2,000 stays under 30 KB and pages', () => {
    const card = buildSettlementListCard({
      contracts: Array.from({ length: 2000 }, (_, i) => row(2000 - i)).slice(780, 780 + LIST_PAGE_SIZE),
      page: {
        total: 2000,
        filter: { status: 'running', year: 2026, q: '搜'.repeat(LIST_SEARCH_MAX) },
        newer: 1220,
        older: 1201,
        years: Array.from({ length: 10 }, (_, i) => 2026 - i),
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
        filter: { status: 'running', year: 2026, q: '搜'.repeat(LIST_SEARCH_MAX) },
        newer: 1200,
        older: 1189,
        years: Array.from({ length: 10 }, (_, i) => 2026 - i),
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
});
