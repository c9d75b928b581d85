import { describe, expect, it } from 'vitest';
import { reminderText, scoreReminderCard } from '../../../src/cards/score-reminder';
import { actionValue } from '../../../src/cards/values';
import { checkCard } from '../../../src/sandbox/card-check';

const base = {
  contractId: 7,
  contractNo: 'HT-2026-0007',
  month: '2026-12',
  vendorName: '昆山洁美物业服务有限公司',
  categoryLabel: '保洁',
  due: '2027-01-07',
};

describe('the scoring reminder card', () => {
  for (const kind of ['open', 'remind', 'overdue', 'escalate'] as const) {
    it(`${kind}: a valid Card JSON 2.0 card whose button opens the month's score card`, () => {
      const c = scoreReminderCard({
        ...base,
        kind,
        assessorNames: ['张伟', '李秀英'],
        overdueWorkingDays: 2,
      });
      expect(checkCard(c)).toEqual([]);
      const button = c.body.elements.find((e) => e.tag === 'button') as { behaviors: { value: unknown }[] };
      const value = button.behaviors[0]!.value;
      expect(value).toEqual({ a: 'score.form', contract: 7, month: '2026-12' });
      expect(actionValue.safeParse(value).success).toBe(true);
    });
  }

  it('reads as a sentence with the month and the due date (with its year when it is the next one)', () => {
    expect(reminderText({ ...base, kind: 'open' })).toBe('2026年12月考核已开放,请于2027年1月7日前完成评分。');
    expect(
      reminderText({ ...base, kind: 'escalate', assessorNames: ['张伟', '李秀英'], overdueWorkingDays: 3 }),
    ).toBe(
      '2026年12月考核已超过截止日(2027年1月7日)3 个工作日仍未评分,考核人:张伟、李秀英。请督促完成评分。',
    );
  });
});
