import { describe, expect, it } from 'vitest';
import { checkTerm, lastDayWithin } from '../../../src/domain/term';

const limits = { maxTermYears: 3, warnAboveTermYears: 1 };

describe('contract term', () => {
  it('3 years from 2027-01-01 ends on 2029-12-31; one day more is refused', () => {
    expect(checkTerm('2027-01-01', '2029-12-31', limits)).toEqual({
      ok: true,
      longerThanWarn: true,
      months: 36,
    });
    expect(checkTerm('2027-01-01', '2030-01-01', limits)).toEqual({
      ok: false,
      error: '服务期限超过政策上限3年:自 2027-01-01 起最晚只能到 2029-12-31',
    });
  });

  it('exactly one year is not warned about; one day more is', () => {
    expect(checkTerm('2027-01-01', '2027-12-31', limits)).toMatchObject({ ok: true, longerThanWarn: false });
    expect(checkTerm('2027-01-01', '2028-01-01', limits)).toMatchObject({ ok: true, longerThanWarn: true });
    expect(checkTerm('2027-03-15', '2028-03-14', limits)).toMatchObject({ ok: true, longerThanWarn: false });
  });

  it('a one-day term is allowed; ending before the start is not', () => {
    expect(checkTerm('2027-05-01', '2027-05-01', limits)).toMatchObject({ ok: true, months: 1 });
    expect(checkTerm('2027-05-02', '2027-05-01', limits)).toEqual({
      ok: false,
      error: '服务开始日期(2027-05-02)不能晚于结束日期(2027-05-01)',
    });
  });

  it('a leap day start steps to the end of February', () => {
    expect(lastDayWithin('2028-02-29', 1)).toBe('2029-02-28');
    expect(lastDayWithin('2028-02-29', 4)).toBe('2032-02-28');
    expect(lastDayWithin('2027-03-01', 1)).toBe('2028-02-29');
  });

  it('missing or impossible dates are refused by name', () => {
    expect(checkTerm('', '2027-12-31', limits)).toEqual({ ok: false, error: '请选择服务开始日期' });
    expect(checkTerm('2027-01-01', '', limits)).toEqual({ ok: false, error: '请选择服务结束日期' });
    expect(checkTerm('2027-02-29', '2027-12-31', limits)).toEqual({
      ok: false,
      error: '服务开始日期无效:2027-02-29',
    });
  });

  it('uses the limits it is given, not constants', () => {
    expect(checkTerm('2027-01-01', '2031-12-31', { maxTermYears: 5, warnAboveTermYears: 2 })).toMatchObject({
      ok: true,
      longerThanWarn: true,
    });
    expect(checkTerm('2027-01-01', '2028-12-31', { maxTermYears: 5, warnAboveTermYears: 2 })).toMatchObject({
      ok: true,
      longerThanWarn: false,
    });
  });
});
