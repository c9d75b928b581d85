import { describe, expect, it } from 'vitest';
import { fillValue } from '../../../src/cli/chat-input';
import type { Control } from '../../../src/sandbox/card-text';

const people = [
  { openId: 'ou_a', name: '王建国' },
  { openId: 'ou_b', name: '李秀英' },
];
// The values are numbers that differ from the positions: the confusion the issue describes.
const select: Control = {
  n: 1,
  kind: 'select',
  label: '预算额度',
  options: [
    { text: '保洁', value: '1' },
    { text: '绿化养护', value: '3' },
    { text: '保安', value: '2' },
  ],
};

describe('fillValue: what N=... puts into a card field', () => {
  it('picks options by their position only, never by value', () => {
    expect(fillValue(select, '3', people)).toEqual({ ok: true, value: '2', shown: '保安' });
    expect(fillValue(select, '2', people)).toEqual({ ok: true, value: '3', shown: '绿化养护' });
    expect(fillValue(select, '4', people)).toMatchObject({ ok: false });
    expect(fillValue(select, '保洁', people)).toMatchObject({ ok: false });
    expect(fillValue(select, '1,2', people)).toMatchObject({ ok: false });
  });

  it('takes several positions for a multi-select', () => {
    const multi: Control = { ...select, kind: 'multi_select', multiple: true };
    expect(fillValue(multi, '1,3', people)).toEqual({ ok: true, value: ['1', '2'], shown: '保洁、保安' });
  });

  it('takes people by position when listed, else by name', () => {
    const listed: Control = {
      n: 2,
      kind: 'person',
      label: '分管班子成员',
      options: [
        { text: '王建国', value: 'ou_a' },
        { text: '李秀英', value: 'ou_b' },
      ],
    };
    expect(fillValue(listed, '2', people)).toEqual({ ok: true, value: 'ou_b', shown: '李秀英' });
    const open: Control = { n: 3, kind: 'person', label: '考核人', multiple: true };
    expect(fillValue(open, '王建国、李秀英', people)).toEqual({
      ok: true,
      value: ['ou_a', 'ou_b'],
      shown: '王建国、李秀英',
    });
    expect(fillValue(open, '张三', people)).toMatchObject({ ok: false });
  });

  it('splits a text box at | into lines: the payment schedule', () => {
    const schedule: Control = { n: 4, kind: 'input', label: '付款计划', multiline: true };
    const got = fillValue(schedule, '第一季度,2027-03-31,4.5万|第二季度,2027-06-30,4.5万', people);
    expect(got).toMatchObject({ ok: true, value: '第一季度,2027-03-31,4.5万\n第二季度,2027-06-30,4.5万' });
  });

  it('takes a date as YYYY-MM-DD and says the format otherwise', () => {
    const date: Control = { n: 5, kind: 'date', label: '会议日期' };
    expect(fillValue(date, '2026-12-01', people)).toMatchObject({ ok: true, value: '2026-12-01' });
    const bad = fillValue(date, '2026年12月1日', people);
    expect(bad).toMatchObject({ ok: false });
    expect(bad.ok ? '' : bad.error).toContain('YYYY-MM-DD');
  });
});
