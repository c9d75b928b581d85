import { describe, expect, it } from 'vitest';
import { buildMyRequestsCard } from '../../../src/cards/my-requests';
import { type ApprovedRequestRow, buildProcurementListCard } from '../../../src/cards/procurement';
import { LIST_PAGE_SIZE, LIST_SEARCH_MAX } from '../../../src/domain/list-page';
import { UNIT_OPTIONS_MAX } from '../../../src/domain/request-list-filter';
import { checkCard } from '../../../src/sandbox/card-check';

/**
 * Lists at real size: 采购与合同 and 我的申请 over 2,000 requests are a page of 20 with the count,
 * the filter and 上一页 / 下一页, under Feishu's 30 KB by design (no clipping by fit.ts), with long
 * but real texts in every row.
 */
const UNIT = '苏州工业园区某某街道社区综合治理联动服务中心';
const DESCRIPTION = '园区公共区域日常保洁、垃圾分类收运及绿化养护一体化服务(含节假日保障)';
const VENDOR = '苏州市某某物业管理服务有限公司第二分公司';
const years = Array.from({ length: 10 }, (_, i) => 2026 - i);
const units = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, name: `${UNIT}${i + 1}` }));
const filter = { year: 2026, q: '搜'.repeat(LIST_SEARCH_MAX) };

function size(card: object) {
  const json = JSON.stringify(card);
  expect(Buffer.byteLength(json)).toBeLessThan(30 * 1024);
  expect(checkCard(card)).toEqual([]);
  expect(json).not.toContain('…');
  expect(json).not.toContain('内容较多');
  return json;
}

describe('采购与合同 and 我的申请 at 2,000 requests', () => {
  const approved = (id: number): ApprovedRequestRow => ({
    id,
    unit: UNIT,
    category: 'cleaning',
    description: DESCRIPTION,
    amountFen: 123_456_789_00n,
    mayRecord: true,
    state:
      id % 3 === 0
        ? { kind: 'none' }
        : id % 3 === 1
          ? { kind: 'recorded', procurementId: id, vendor: VENDOR }
          : {
              kind: 'contract',
              procurementId: id,
              vendor: VENDOR,
              contractId: id,
              contractNo: `HT-2026-${String(id).padStart(4, '0')}`,
              status: '履行中',
            },
  });
  it.each([
    ['page 1', undefined, 1981],
    ['page 40', 1220, 1201],
  ])('采购与合同 %s stays under 30 KB, shows the count and pages', (_, newer, older) => {
    const top = newer ?? 2000;
    const json = size(
      buildProcurementListCard(
        Array.from({ length: LIST_PAGE_SIZE }, (_, i) => approved(top - i)),
        {
          total: 2000,
          filter: { ...filter, status: 'to_sign', unit: 7 },
          ...(newer ? { newer } : {}),
          older,
          years,
          units,
        },
      ),
    );
    expect(json).toContain('符合条件的申请共 2000 条,本页 20 条。');
    expect(json).toContain(`"a":"procurement.list","after":${older},"status":"to_sign","year":2026,"unit":7`);
    expect(json.includes(`"a":"procurement.list","before":${newer}`)).toBe(newer !== undefined);
    expect(json.includes('上一页')).toBe(newer !== undefined);
    // The unit filter offers the first units only (the rest are found by name in the search).
    expect(json.match(new RegExp(`"content":"${UNIT}\\d+"`, 'g'))).toHaveLength(UNIT_OPTIONS_MAX);
  });

  const decided = [
    { stage: '分管领导审核', outcome: '同意', by: '王建国', note: '' },
    {
      stage: '单位领导班子集体决策',
      outcome: '同意',
      by: '李秀英',
      note: '会议 2026-03-02,纪要 〔2026〕第12号',
    },
    { stage: '党工委管委会会议', outcome: '同意', by: '周国平', note: '会议 2026-03-09,纪要 〔2026〕第31号' },
  ];
  it.each([
    ['page 1', undefined, 1981],
    ['page 40', 1220, 1201],
  ])('我的申请 %s stays under 30 KB, shows the count and pages', (_, newer, older) => {
    const top = newer ?? 2000;
    const json = size(
      buildMyRequestsCard({
        requests: Array.from({ length: LIST_PAGE_SIZE }, (_, i) => ({
          id: top - i,
          amount: '123,456,789.00元',
          line: `2026年 保洁 ${UNIT}年度保洁专项`,
          description: DESCRIPTION,
          status: '审批中',
          current: { stage: '财政部门审核', approvers: ['张三丰', '李四光', '王五常', '赵六安'] },
          decided,
        })),
        page: {
          total: 2000,
          filter: { ...filter, status: 'pending' },
          ...(newer ? { newer } : {}),
          older,
          years,
        },
      }),
    );
    expect(json).toContain('符合条件的申请共 2000 条,本页 20 条。');
    expect(json).toContain(`"a":"purchase.mine","after":${older},"status":"pending","year":2026`);
    expect(json.includes('上一页')).toBe(newer !== undefined);
  });
});
