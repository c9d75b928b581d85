import { describe, expect, it } from 'vitest';
import { parsePaymentSchedule, scheduleText } from '../../../src/domain/schedule';

const err = (text: string, total: bigint) => {
  const r = parsePaymentSchedule(text, total);
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
};

describe('parsePaymentSchedule', () => {
  it('reads one instalment per line, in fen, and must add up to the amount exactly', () => {
    const r = parsePaymentSchedule(
      '第一季度,2027-03-31,4.5万\n第二季度，2027-06-30，45,000.00元\n\n 第三季度 , 2027-09-30 , 45000\n第四季度,2027-12-31,45000.00',
      18_000_000n,
    );
    expect(r).toEqual({
      ok: true,
      periods: [
        { label: '第一季度', dueOn: '2027-03-31', amountFen: '4500000' },
        { label: '第二季度', dueOn: '2027-06-30', amountFen: '4500000' },
        { label: '第三季度', dueOn: '2027-09-30', amountFen: '4500000' },
        { label: '第四季度', dueOn: '2027-12-31', amountFen: '4500000' },
      ],
    });
  });

  it('written back as text it parses to the same schedule', () => {
    const r = parsePaymentSchedule('首付,2027-01-31,1,000.01\n尾款,2027-12-31,0.99', 100_100n);
    if (!r.ok) throw new Error(r.error);
    expect(parsePaymentSchedule(scheduleText(r.periods), 100_100n)).toEqual(r);
  });

  it('refuses a sum off by one fen either way, naming the gap', () => {
    expect(err('全款,2027-12-31,179999.99', 18_000_000n)).toBe(
      '付款计划合计 179,999.99元,与合同金额 180,000.00元 不一致(少 0.01元)',
    );
    expect(err('全款,2027-12-31,180000.01', 18_000_000n)).toContain('多 0.01元');
  });

  it.each([
    ['', '请填写付款计划'],
    ['第一期 2027-03-31 18万', '格式不对'],
    ['第一期,2027-03-31', '格式不对'],
    [',2027-03-31,18万', '缺少期次名称'],
    ['第一期,2027-02-30,18万', '真实日期'],
    ['第一期,2027/03/31,18万', '格式 YYYY-MM-DD'],
    ['第一期,2027-03-31,十八万', '金额有误'],
    ['第一期,2027-03-31,-18万', '金额必须大于0'],
    ['第一期,2027-03-31,0', '金额必须大于0'],
    ['第一期,2027-03-31,1.234', '两位小数'],
    ['第一期,2027-06-30,9万\n第二期,2027-03-31,9万', '早于上一期'],
    ['第一期,2027-03-31,9万\n第一期,2027-06-30,9万', '重复'],
  ])('refuses %j (%s)', (text, message) => {
    expect(err(text, 18_000_000n)).toContain(message);
  });

  it('names the line that is wrong', () => {
    expect(err('第一期,2027-03-31,9万\n第二期,2027-13-01,9万', 18_000_000n)).toContain('第2行');
  });

  it('reports every fault of every line at once, and the total once the amounts were read', () => {
    const text = [
      '第一期,2027-06-30,9万',
      '第二期,2027-03-31,9万', // before the line above
      '第二期,2027-02-30,1万', // a repeated name and no such day
      '第四期 2027-12-31 1万', // no commas
      '第五期,2027-12-31,十万', // an unreadable amount
    ].join('\n');
    expect(err(text, 18_000_000n).split(';')).toEqual([
      '付款计划第2行「第二期,2027-03-31,9万」付款日期早于上一期(2027-06-30),请按时间顺序填写',
      '付款计划第3行「第二期,2027-02-30,1万」期次名称与前面重复',
      '付款计划第3行「第二期,2027-02-30,1万」付款日期应为真实日期,格式 YYYY-MM-DD,如 2027-03-31',
      '付款计划第4行「第四期 2027-12-31 1万」格式不对',
      expect.stringMatching(/^付款计划第5行「第五期,2027-12-31,十万」金额有误:无法识别的金额格式/),
    ]);
    // Every amount read: the faults of the lines and the total's gap together.
    expect(err(',2027-03-31,9万\n第二期,2027-01-31,8万', 18_000_000n).split(';')).toEqual([
      '付款计划第1行「,2027-03-31,9万」缺少期次名称',
      '付款计划第2行「第二期,2027-01-31,8万」付款日期早于上一期(2027-03-31),请按时间顺序填写',
      '付款计划合计 170,000.00元,与合同金额 180,000.00元 不一致(少 10,000.00元)',
    ]);
  });

  it('caps the number of instalments', () => {
    const lines = Array.from({ length: 61 }, (_, i) => `第${i + 1}期,2027-01-01,1`).join('\n');
    expect(err(lines, 6100n)).toContain('最多60期');
  });
});
