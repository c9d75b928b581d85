import { describe, expect, it } from 'vitest';
import { assertNotBefore, dateOrderMessage, shortDate } from '../../../src/domain/date-order';
import { DomainError } from '../../../src/domain/errors';

const filed = { label: '申请提交日期', date: '2026-12-07' };

describe('the order of two dates', () => {
  it('names both dates, month and day only when they share a year', () => {
    expect(dateOrderMessage({ label: '会议日期', date: '2026-07-10' }, filed)).toBe(
      '会议日期 07-10 早于申请提交日期 12-07',
    );
  });

  it('gives the full dates when the years differ', () => {
    expect(
      dateOrderMessage(
        { label: '会议日期', date: '2025-12-31' },
        { label: '申请提交日期', date: '2026-01-01' },
      ),
    ).toBe('会议日期 2025-12-31 早于申请提交日期 2026-01-01');
  });

  it('allows the same day and any later day', () => {
    expect(dateOrderMessage({ label: '会议日期', date: '2026-12-07' }, filed)).toBeNull();
    expect(dateOrderMessage({ label: '会议日期', date: '2026-12-08' }, filed)).toBeNull();
    expect(dateOrderMessage({ label: '会议日期', date: '2027-01-01' }, filed)).toBeNull();
    expect(() => assertNotBefore({ label: '会议日期', date: '2026-12-07' }, filed)).not.toThrow();
  });

  it('refuses one day earlier with a DomainError coded date_order', () => {
    let caught: unknown;
    try {
      assertNotBefore(
        { label: '成交日期', date: '2026-12-06' },
        { label: '终审会议日期', date: '2026-12-07' },
      );
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: 'date_order', message: '成交日期 12-06 早于终审会议日期 12-07' });
  });

  it('shortDate shortens both or neither', () => {
    expect(shortDate('2026-08-01', '2026-12-07')).toEqual(['08-01', '12-07']);
    expect(shortDate('2026-08-01', '2027-01-05')).toEqual(['2026-08-01', '2027-01-05']);
  });

  it('a date that is not a real date is a programming error, not a silent pass', () => {
    expect(() => dateOrderMessage({ label: '会议日期', date: '2026-02-30' }, filed)).toThrow(RangeError);
  });
});
