import { describe, expect, it } from 'vitest';
import {
  GROUP_REMINDER_MAX_ITEMS,
  type GroupReminderItem,
  groupReminderCard,
} from '../../../src/cards/group-reminder';
import { actionValue } from '../../../src/cards/values';
import { checkCard } from '../../../src/sandbox/card-check';
import { renderCardText } from '../../../src/sandbox/card-text';

const ZW = 'ou_c47e1f9a2b3c4d5e8f6a7b0c1d2e3f03';
const LXY = 'ou_8b2c4d6e0f1a4b3c9d7e5f6a7b8c9d02';
const item = (o: Partial<GroupReminderItem> = {}): GroupReminderItem => ({
  kind: 'open',
  contractId: 12,
  contractNo: 'HT-2026-0012',
  unitName: '资产经营公司',
  categoryLabel: '保洁',
  month: '2026-09',
  due: '2026-10-13',
  assessors: [
    { openId: ZW, name: '张伟', seen: true },
    { openId: LXY, name: '李秀英', seen: true },
  ],
  ...o,
});
const markdown = (c: ReturnType<typeof groupReminderCard>) =>
  c.body.elements.filter((e) => e.tag === 'markdown').map((e) => String(e.content));

describe('the project group reminder card', () => {
  it('names the contract, the month and the due date, and @mentions each assessor by open_id', () => {
    const c = groupReminderCard({ items: [item()] });
    expect(checkCard(c)).toEqual([]);
    expect(c.header.title.content).toBe('月度考核已开放');
    expect(c.header.subtitle?.content).toBe('合同 HT-2026-0012 · 资产经营公司 · 保洁');
    expect(markdown(c)).toEqual([
      `**合同 HT-2026-0012 · 资产经营公司 · 保洁**<br>2026年9月考核已开放,截止日为10月13日。<br>` +
        `尚未评分:<at id=${ZW}></at> <at id=${LXY}></at>,请尽快完成评分。`,
    ]);
    expect(renderCardText(c).text).toContain(`尚未评分:@${ZW} @${LXY}`);
    const button = c.body.elements.find((e) => e.tag === 'button') as { behaviors: { value: unknown }[] };
    expect(button.behaviors[0]!.value).toEqual({ a: 'score.form', contract: 12, month: '2026-09' });
    expect(actionValue.safeParse(button.behaviors[0]!.value).success).toBe(true);
  });

  it('mentions only an open_id this app has seen: an assessor no event came from is named as text', () => {
    const c = groupReminderCard({
      items: [
        item({
          assessors: [
            { openId: ZW, name: '张伟', seen: true },
            { openId: LXY, name: '李秀英', seen: false },
          ],
        }),
      ],
    });
    const [content] = markdown(c);
    expect(content).toContain(`尚未评分:<at id=${ZW}></at> 李秀英,`);
    expect(content).not.toContain(LXY);
  });

  it('puts only a well-formed open_id into an <at> tag; anything else shows the name as text', () => {
    const c = groupReminderCard({
      items: [
        item({
          assessors: [
            { openId: 'all', name: '所有人', seen: true },
            { openId: 'ou_ABC', name: '王*五', seen: true },
            { openId: 'ou_1></at><at id=all', name: '赵六', seen: true },
            { openId: 'ou_', name: '钱七', seen: true },
          ],
        }),
      ],
    });
    const [content] = markdown(c);
    expect(content).not.toContain('<at');
    expect(content).toContain('尚未评分:所有人 王&#42;五 赵六 钱七,');
    expect(renderCardText(c).text).not.toContain('@');
  });

  it('several rounds of a group: the most urgent look, each round with its own button', () => {
    const c = groupReminderCard({
      items: [
        item({
          contractId: 3,
          contractNo: 'HT-2026-0003',
          month: '2026-08',
          kind: 'overdue',
          due: '2026-09-08',
        }),
        item(),
      ],
    });
    expect(checkCard(c)).toEqual([]);
    expect(c.header.title.content).toBe('月度考核已逾期');
    expect(c.header.template).toBe('red');
    expect(c.header.subtitle?.content).toBe('2 份合同');
    expect(markdown(c)[0]).toContain('2026年8月考核已超过截止日(9月8日)。');
    const buttons = c.body.elements.filter((e) => e.tag === 'button') as { text: { content: string } }[];
    expect(buttons.map((b) => b.text.content)).toEqual([
      '去评分 · HT-2026-0003 2026年8月',
      '去评分 · HT-2026-0012 2026年9月',
    ]);
  });

  it('a due date in a year without holiday data says how it was counted', () => {
    const c = groupReminderCard({
      items: [item({ month: '2027-12', due: '2028-01-07', calendarCovers: false })],
    });
    expect(markdown(c)[0]).toContain(
      '2027年12月考核已开放,截止日为2028年1月7日。<br>(尚未导入该年节假日安排',
    );
  });

  it(`lists at most ${GROUP_REMINDER_MAX_ITEMS} rounds and counts the rest`, () => {
    const items = Array.from({ length: GROUP_REMINDER_MAX_ITEMS + 3 }, (_, i) => item({ contractId: i + 1 }));
    const c = groupReminderCard({ items });
    expect(checkCard(c)).toEqual([]);
    expect(c.body.elements.filter((e) => e.tag === 'button')).toHaveLength(GROUP_REMINDER_MAX_ITEMS);
    expect(markdown(c).at(-1)).toBe('另有 3 项未显示,请各考核人在「月度考核」中查看。');
  });
});
