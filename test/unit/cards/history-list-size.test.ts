import { describe, expect, it } from 'vitest';
import { buildInspectionFormCard } from '../../../src/cards/inspection';
import { buildInspectionRecordsCard, type InspectionRecordRow } from '../../../src/cards/inspection-records';
import { buildSpotCheckFormCard } from '../../../src/cards/spot-check';
import { buildSpotCheckListCard, type SpotCheckListRow } from '../../../src/cards/spot-check-list';
import { SERVICE_CATEGORIES } from '../../../src/domain/categories';
import { LIST_PAGE_SIZE } from '../../../src/domain/list-page';
import { checkCard } from '../../../src/sandbox/card-check';

/**
 * 以往抽查 and 督查记录 (issue 25) at real size: 2,000 spot checks or inspections are a page of 20
 * with the count and 上一页 / 下一页, under Feishu's 30 KB by design (no clipping by fit.ts), also
 * beside the forms they are shown under.
 */
const LONG_UNIT = '苏州工业园区某某街道社区综合治理联动服务中心';
const fits = (card: unknown) => {
  const json = JSON.stringify(card);
  expect(Buffer.byteLength(json)).toBeLessThan(30 * 1024);
  expect(checkCard(card)).toEqual([]);
  expect(json).not.toContain('内容较多');
  return json;
};

const check = (id: number): SpotCheckListRow => ({
  id,
  createdAt: '2026-12-07 10:05',
  createdBy: '欧阳某某某',
  scope: {
    units: Array.from({ length: 40 }, (_, i) => `${LONG_UNIT}${i}`),
    categories: [...SERVICE_CATEGORIES],
    fromMonth: '2026-01',
    toMonth: '2026-12',
    sampleSize: 200,
    sampleBp: null,
  },
  drawn: true,
  samples: 200,
  scored: 199,
  exceeds: 57,
});

const inspection = (id: number): InspectionRecordRow => ({
  id,
  inspectedOn: '2026-11-02',
  contractId: id,
  contractNo: `HT-2026-${String(id).padStart(4, '0')}`,
  unit: LONG_UNIT,
  vendor: '苏州市某某物业管理服务有限公司第二分公司',
  recordedBy: '欧阳某某某',
  participants: Array.from({ length: 30 }, (_, i) => `督查小组成员${i}`),
  findings: 12,
  open: 5,
  closed: 7,
});

describe('以往抽查 at 2,000 spot checks', () => {
  it('page 40 stays under 30 KB, shows the count and pages both ways', () => {
    const json = fits(
      buildSpotCheckListCard({
        rows: Array.from({ length: LIST_PAGE_SIZE }, (_, i) => check(1220 - i)),
        total: 2000,
        newer: 1220,
        older: 1201,
      }),
    );
    expect(json).toContain('您可查看的抽查共 2000 次,本页 20 次。');
    expect(json).toContain('"a":"spotcheck.list","after":1201');
    expect(json).toContain('"a":"spotcheck.list","before":1220');
    expect(json.match(/"a":"spotcheck.show"/g)).toHaveLength(LIST_PAGE_SIZE);
    expect(json).toContain('等 40 个单位');
  });

  it('the latest 10 under the 抽查 form, with 200 units to choose from, stay under 30 KB', () => {
    const json = fits(
      buildSpotCheckFormCard({
        units: Array.from({ length: 200 }, (_, i) => ({ id: i + 1, name: `${LONG_UNIT}${i}` })),
        zone: true,
        defaultBp: 1000,
        earlier: {
          rows: Array.from({ length: 10 }, (_, i) => check(2000 - i)),
          total: 2000,
          older: 1991,
        },
      }),
    );
    expect(json).toContain('您可查看的抽查共 2000 次,本页 10 次。');
    expect(json).toContain('"a":"spotcheck.list","after":1991');
    expect(json).not.toContain('上一页');
  });
});

describe('督查记录 at 2,000 inspections', () => {
  it('page 40 stays under 30 KB, shows the count and pages both ways', () => {
    const json = fits(
      buildInspectionRecordsCard({
        rows: Array.from({ length: LIST_PAGE_SIZE }, (_, i) => inspection(1220 - i)),
        total: 2000,
        newer: 1220,
        older: 1201,
      }),
    );
    expect(json).toContain('督查记录共 2000 次,本页 20 次。');
    expect(json).toContain('"a":"inspection.records","after":1201');
    expect(json).toContain('"a":"inspection.records","before":1220');
    expect(json).toContain('等 30 人');
  });

  it("one contract's page keeps the contract on its page buttons", () => {
    const json = fits(
      buildInspectionRecordsCard({
        contract: { id: 9, number: 'HT-2026-0009', canInspect: true },
        rows: Array.from({ length: LIST_PAGE_SIZE }, (_, i) => ({ ...inspection(1220 - i), contractId: 9 })),
        total: 2000,
        newer: 1220,
        older: 1201,
      }),
    );
    expect(json).toContain('"a":"inspection.records","after":1201,"contract":9');
    expect(json).toContain('"a":"inspection.records","before":1220,"contract":9');
  });

  it('the latest 5 above a 登记督查 form with 50 people in each picker stay under 30 KB', () => {
    const json = fits(
      buildInspectionFormCard({
        contractId: 9,
        number: 'HT-2026-0009',
        vendor: '苏州市某某物业管理服务有限公司第二分公司',
        today: '2026-11-30',
        service: { from: '2026-01-01', to: '2026-12-31' },
        peopleOpenIds: Array.from({ length: 50 }, (_, i) => `ou_${String(i).padStart(32, '0')}`),
        earlier: {
          contract: { id: 9, number: 'HT-2026-0009', canInspect: true },
          rows: Array.from({ length: 5 }, (_, i) => inspection(2000 - i)),
          total: 2000,
          older: 1996,
        },
      }),
    );
    expect(json).toContain('本合同以往督查');
    expect(json).toContain('共 2000 次,以下为最近 5 次');
    expect(json).toContain('"a":"inspection.records","contract":9');
  });
});
