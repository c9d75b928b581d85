import { describe, expect, it } from 'vitest';
import { buildVendorListCard } from '../../../src/cards/vendor';
import { LIST_SEARCH_MAX } from '../../../src/domain/list-page';
import { VENDOR_PAGE_SIZE } from '../../../src/features/procurement/vendors';
import { checkCard } from '../../../src/sandbox/card-check';

/** The vendor register at 2,000 vendors: a page of 15, each with three bans, under 30 KB, unclipped. */
describe('供应商 at 2,000 vendors', () => {
  const vendor = (id: number) => ({
    id,
    name: `苏州市某某物业管理服务有限公司第${id}分公司(园区湖东片区保洁与绿化养护项目部)`,
    uscc: '91320583000000001X',
    contactName: '欧阳某某某',
    contactPhone: '0512-57671234转8888',
    bans: [2025, 2026, 2027].map((year) => ({
      year,
      unit: '苏州工业园区某某街道社区综合治理联动服务中心',
      category: 'cleaning' as const,
      reason: '年度平均分低于85分,依合同约定不得参与下一年度同类项目投标',
    })),
  });
  it.each([
    ['page 1', undefined, 2000],
    ['page 40', 1415, 1401],
  ])('%s stays under 30 KB with the search, the count and the pager', (_, newer, older) => {
    const card = buildVendorListCard({
      vendors: Array.from({ length: VENDOR_PAGE_SIZE }, (_, i) => vendor((newer ?? 2000) - i)),
      canAdd: true,
      page: {
        total: 2000,
        filter: { q: '搜'.repeat(LIST_SEARCH_MAX), banned: true },
        ...(newer ? { newer } : {}),
        older,
      },
    });
    const json = JSON.stringify(card);
    expect(Buffer.byteLength(json)).toBeLessThan(30 * 1024);
    expect(checkCard(card)).toEqual([]);
    expect(json).toContain(`符合条件的供应商共 2000 家,本页 ${VENDOR_PAGE_SIZE} 家`);
    expect(json).toContain('下一页');
    expect(json.includes('上一页')).toBe(newer !== undefined);
    expect(json).toContain('登记供应商');
    expect(json).not.toContain('内容较多');
    expect(json).not.toContain('…');
  });
});
