import { describe, expect, it } from 'vitest';
import {
  inspectionDateErrors,
  notAfterMessage,
  periodLastDay,
  rectificationDueError,
  scoreWindowError,
  serviceEnd,
  settlementDateError,
  terminationDateError,
} from '../../../src/domain/after-signing';

const term = { startsOn: '2026-08-01', endsOn: '2027-07-31', terminatedOn: null };
const terminated = { ...term, terminatedOn: '2026-11-15' };

describe('an inspection lies within the service and not after today', () => {
  it('before the term starts: both dates named', () => {
    expect(inspectionDateErrors('2026-07-10', '2026-12-07', term)).toEqual([
      '督查日期 07-10 早于合同服务开始日期 08-01',
    ]);
  });
  it('after today', () => {
    expect(inspectionDateErrors('2026-12-08', '2026-12-07', term)).toEqual(['督查日期 12-08 晚于今天 12-07']);
  });
  it('after the service ended by termination (the full dates across years)', () => {
    expect(inspectionDateErrors('2026-11-16', '2026-12-07', terminated)).toEqual([
      '督查日期 11-16 晚于合同终止日期 11-15',
    ]);
    expect(inspectionDateErrors('2027-08-01', '2027-09-01', term)).toEqual([
      '督查日期 08-01 晚于合同服务结束日期 07-31',
    ]);
  });
  it('the same day is allowed at each bound', () => {
    expect(inspectionDateErrors('2026-08-01', '2026-12-07', term)).toEqual([]);
    expect(inspectionDateErrors('2026-12-07', '2026-12-07', term)).toEqual([]);
    expect(inspectionDateErrors('2026-11-15', '2026-12-07', terminated)).toEqual([]);
    expect(inspectionDateErrors('2027-07-31', '2027-09-01', term)).toEqual([]);
  });
  it('a termination after the term’s end does not extend it', () => {
    expect(serviceEnd({ ...term, terminatedOn: '2027-09-01' })).toEqual({
      label: '合同服务结束日期',
      date: '2027-07-31',
    });
  });
});

describe('a rectification deadline is not before the inspection nor today', () => {
  it('names the inspection date first, then today', () => {
    expect(rectificationDueError('2026-11-30', '2026-12-01', '2026-12-07')).toBe(
      '整改期限 11-30 早于督查日期 12-01',
    );
    expect(rectificationDueError('2026-12-05', '2026-12-01', '2026-12-07')).toBe(
      '整改期限 12-05 早于今天 12-07',
    );
    expect(rectificationDueError('2026-12-07', '2026-12-07', '2026-12-07')).toBeNull();
  });
});

describe('a termination date lies from today within the term', () => {
  it('each refusal names both dates; the same day passes', () => {
    expect(terminationDateError('2026-12-06', '2026-12-07', term)).toBe('合同终止日期 12-06 早于今天 12-07');
    expect(terminationDateError('2026-07-31', '2026-07-01', term)).toBe(
      '合同终止日期 07-31 早于合同服务开始日期 08-01',
    );
    expect(terminationDateError('2027-08-01', '2026-12-07', term)).toBe(
      '合同终止日期 08-01 晚于合同约定的服务结束日期 07-31',
    );
    expect(terminationDateError('2026-12-07', '2026-12-07', term)).toBeNull();
    expect(terminationDateError('2027-07-31', '2026-12-07', term)).toBeNull();
  });
});

describe('a period is settled from the day after its last served day', () => {
  it('the last day of its last month, or the service’s end when sooner', () => {
    expect(periodLastDay(['2026-10', '2026-11', '2026-12'], term)).toBe('2026-12-31');
    expect(periodLastDay(['2026-10', '2026-11', '2026-12'], terminated)).toBe('2026-11-15');
    expect(periodLastDay(['2027-07'], { ...term, endsOn: '2027-07-20' })).toBe('2027-07-20');
    expect(periodLastDay([], term)).toBeNull();
  });
  it('refused on its last day, named with the day it becomes settleable; allowed the day after', () => {
    expect(settlementDateError('第四季度', '2026-12-31', '2026-12-31')).toBe(
      '结算确认日期(今天) 2026-12-31 早于「第四季度」可结算日期(服务期最后一日 2026-12-31 的次日) 2027-01-01,该期服务尚未期满,不能确认结算',
    );
    expect(settlementDateError('第三季度', '2026-09-30', '2026-09-01')).toContain(
      '09-01 早于「第三季度」可结算日期',
    );
    expect(settlementDateError('第四季度', '2026-12-31', '2027-01-01')).toBeNull();
  });
});

describe('a score is entered once the month’s window has opened', () => {
  it('names the day of entry and the opening day; the opening day itself passes', () => {
    expect(scoreWindowError('2026-12', '2026-12-25', '2026-12-07')).toBe(
      '2026-12 的考核窗口尚未开放:录入日期(今天) 12-07 早于考核窗口开放日期 12-25,届时再录入',
    );
    expect(scoreWindowError('2026-12', '2026-12-25', '2026-12-25')).toBeNull();
  });
});

describe('notAfterMessage', () => {
  it('the same day passes; a later one is named with both dates', () => {
    expect(
      notAfterMessage({ label: 'A', date: '2026-01-01' }, { label: 'B', date: '2026-01-01' }),
    ).toBeNull();
    expect(notAfterMessage({ label: 'A', date: '2027-01-01' }, { label: 'B', date: '2026-12-31' })).toBe(
      'A 2027-01-01 晚于B 2026-12-31',
    );
  });
});
