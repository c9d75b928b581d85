import { describe, expect, it } from 'vitest';
import { groupContractLabel } from '../../../src/cards/group-reminder';
import { buildScoreRecordedCard, headOf } from '../../../src/cards/score';
import { cardStates } from './card-states';
import { head, scored } from './hostile-views';

/**
 * Issue 22, point 4: one name for each thing. A contract is its number (HT-2026-0002), never
 * `合同 #2`; a score, a rectification item and a vendor are shown by what people call them (the
 * contract and month, the finding, the vendor's name), never by a row id. No state of any card
 * builder (card-states.ts covers every exported builder) carries one of these bare ids.
 *
 * Kept on purpose: a purchase request's number (采购申请 #12, 申请 #12, 审批 #12: the number the bot
 * gives a request when it is filed, and the one staff quote), a spot check's (抽查 #3) and an audit
 * anchor's (锚点 #5): those numbers are the things' names.
 */
const BARE_IDS: [what: string, pattern: RegExp][] = [
  ['a contract by its row id', /合同\s*#\s*\d/],
  ['a score by its row id', /成绩\s*#/],
  ['a score by its row id', /考核记录\s*#/],
  ['a vendor by its row id', /供应商\s*#/],
  ['a vendor by its row id', /[(\uff08]#\d+[)\uff09]/],
  ['a rectification item by its row id', /整改\s*#\s*\d/],
];

const cases = Object.entries(cardStates).flatMap(([builder, byState]) =>
  Object.entries(byState).map(([state, build]) => [builder, state, build] as const),
);

describe('no card names a contract, score, item or vendor by its internal id', () => {
  it.each(cases)('%s: %s', (_builder, _state, build) => {
    const json = JSON.stringify(build());
    for (const [what, pattern] of BARE_IDS) expect(json, what).not.toMatch(pattern);
  });

  it('the check would see the labels the cards used to carry', () => {
    for (const old of [
      '合同 #2 · 保洁 · 某物业',
      '(保洁服务合同 #7)',
      '考核月份:**2027-01**(成绩 #5)',
      '(抽查 #1,考核记录 #2)',
      '**某物业**(#3)',
      '整改 #4:消防通道堆物',
      '供应商 #1',
    ])
      expect(
        BARE_IDS.some(([, p]) => p.test(old)),
        old,
      ).toBe(true);
    for (const kept of ['采购申请 #12', '申请 #12 · 某物业', '抽查 #3 · 范围已确认', '审批 #12 资产经营公司'])
      expect(
        BARE_IDS.some(([, p]) => p.test(kept)),
        kept,
      ).toBe(false);
  });

  it('a contract is named by its number, taken from its id and the year it was signed', () => {
    expect(headOf({ id: 2, signedOn: '2026-12-07', category: 'cleaning', vendorName: '某物业' })).toBe(
      '合同 HT-2026-0002 · 保洁 · 某物业',
    );
    expect(
      groupContractLabel({ contractNo: 'HT-2026-0012', unitName: '资产经营公司', categoryLabel: '保洁' }),
    ).toBe('合同 HT-2026-0012 · 资产经营公司 · 保洁');
    const recorded = JSON.stringify(
      buildScoreRecordedCard({
        contract: head,
        month: '2027-01',
        score: { id: 4321, ...scored },
        band: '90分及以上:不扣减',
      }),
    );
    expect(recorded).toContain('合同 HT-2026-0003');
    expect(recorded).not.toContain('4321');
  });
});
