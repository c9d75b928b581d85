import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { dayNumber, fromDayNumber } from '../../../src/domain/business-date';
import {
  addWorkingDays,
  calendarCovers,
  holidayDataCovers,
  installCalendar,
  isWorkingDay,
  loadedCalendarYears,
  nthWorkingDayOfMonth,
  shanghaiDate,
  shanghaiMidnight,
  workingDaysBetween,
} from '../../../src/domain/calendar';

const range = (from: string, to: string) =>
  Array.from({ length: dayNumber(to) - dayNumber(from) + 1 }, (_, i) => fromDayNumber(dayNumber(from) + i));

describe('2026 National Day and Mid-Autumn, as chinese-days 1.5.7 has them', () => {
  it('1-7 October are off; Thursday 8 October is an ordinary working day', () => {
    for (const d of range('2026-10-01', '2026-10-07')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2026-10-08')).toBe(true);
    expect(isWorkingDay('2026-10-09')).toBe(true);
  });

  it('make-up working days: Sunday 20 September and Saturday 10 October', () => {
    expect(isWorkingDay('2026-09-20')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(isWorkingDay('2026-09-19')).toBe(false); // the Saturday before stays off
    expect(isWorkingDay('2026-10-11')).toBe(false); // the Sunday after stays off
  });

  it('Mid-Autumn: Friday 25 to Sunday 27 September are off', () => {
    for (const d of range('2026-09-25', '2026-09-27')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2026-09-28')).toBe(true);
  });

  it('counts across the holiday', () => {
    expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-30', 4)).toBe('2026-10-12');
    expect(workingDaysBetween('2026-09-30', '2026-10-07')).toBe(0);
    expect(workingDaysBetween('2026-09-30', '2026-10-10')).toBe(3);
    expect(nthWorkingDayOfMonth(2026, 10, 1)).toBe('2026-10-08');
    expect(nthWorkingDayOfMonth(2026, 10, 5)).toBe('2026-10-13');
  });

  it('October 2026 has 18 working days and no 19th', () => {
    expect(nthWorkingDayOfMonth(2026, 10, 18)).toBe('2026-10-30');
    expect(() => nthWorkingDayOfMonth(2026, 10, 19)).toThrow(RangeError);
  });
});

describe('2026 Spring Festival', () => {
  it('15-23 February are off; Saturdays 14 and 28 February are make-up working days', () => {
    for (const d of range('2026-02-15', '2026-02-23')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2026-02-14')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(isWorkingDay('2026-02-24')).toBe(true);
  });

  it('counts across the holiday', () => {
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    expect(workingDaysBetween('2026-02-14', '2026-02-24')).toBe(1);
    expect(workingDaysBetween('2026-02-24', '2026-02-14')).toBe(-1);
  });
});

describe('an ordinary week (9-15 March 2026)', () => {
  it('Monday to Friday work, the weekend is off', () => {
    expect(range('2026-03-09', '2026-03-15').map(isWorkingDay)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('counts plain weekdays', () => {
    expect(addWorkingDays('2026-03-13', 1)).toBe('2026-03-16');
    expect(addWorkingDays('2026-03-14', 1)).toBe('2026-03-16');
    expect(addWorkingDays('2026-03-09', 0)).toBe('2026-03-09');
    expect(workingDaysBetween('2026-03-08', '2026-03-15')).toBe(5);
    expect(workingDaysBetween('2026-03-09', '2026-03-09')).toBe(0);
    expect(nthWorkingDayOfMonth(2026, 3, 5)).toBe('2026-03-06');
  });
});

describe('Asia/Shanghai business dates', () => {
  it('maps instants to the Shanghai day', () => {
    expect(shanghaiDate(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-09-30');
    expect(shanghaiDate(new Date('2026-09-30T16:00:00.000Z'))).toBe('2026-10-01');
  });

  it('midnight in Shanghai is 16:00 UTC the day before', () => {
    expect(shanghaiMidnight('2026-10-01').toISOString()).toBe('2026-09-30T16:00:00.000Z');
  });

  it('refuses what is not a real date', () => {
    for (const bad of ['2026-02-30', '2026-9-1', '2026-13-01', '', 'today']) {
      expect(() => isWorkingDay(bad), bad).toThrow(RangeError);
    }
    expect(() => addWorkingDays('2026-03-09', -1)).toThrow(RangeError);
    expect(() => nthWorkingDayOfMonth(2026, 13, 1)).toThrow(RangeError);
  });

  it('does not depend on the process time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        expect(isWorkingDay('2026-10-01'), tz).toBe(false);
        expect(isWorkingDay('2026-10-10'), tz).toBe(true);
        expect(isWorkingDay('2026-10-11'), tz).toBe(false);
        expect(holidayDataCovers(2026), tz).toBe(true);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('knows which years the holiday data covers', () => {
    expect(holidayDataCovers(2004)).toBe(true);
    expect(holidayDataCovers(2026)).toBe(true);
    expect(holidayDataCovers(2040)).toBe(false);
  });
});

describe('properties', () => {
  const anyDate = fc
    .integer({ min: dayNumber('2004-01-01'), max: dayNumber('2027-12-31') })
    .map(fromDayNumber);

  it('addWorkingDays lands on a working day exactly n working days later', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 40 }), (d, n) => {
        const later = addWorkingDays(d, n);
        expect(isWorkingDay(later)).toBe(true);
        expect(workingDaysBetween(d, later)).toBe(n);
        expect(workingDaysBetween(later, d)).toBe(-n);
      }),
    );
  });

  it('a Shanghai midnight is on its own date', () => {
    fc.assert(fc.property(anyDate, (d) => shanghaiDate(shanghaiMidnight(d)) === d));
  });
});

describe('a loaded holiday notice (installCalendar)', () => {
  const day = (date: string, kind: 'holiday' | 'workday', name = '春节') => ({
    date,
    kind,
    name,
    year: 2027,
  });
  afterEach(() => installCalendar([]));

  it('2027 is not in the package: plain Monday to Friday until loaded', () => {
    expect(calendarCovers(2026)).toBe(true);
    expect(calendarCovers(2027)).toBe(false);
    expect(isWorkingDay('2027-02-08')).toBe(true); // Monday after Spring Festival 2027-02-06
    expect(addWorkingDays('2027-02-04', 1)).toBe('2027-02-05');
  });

  it('loaded days beat the package, and the rest of a loaded year is Monday to Friday', () => {
    installCalendar([
      ...['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'].map((d) =>
        day(d, 'holiday'),
      ),
      day('2027-02-20', 'workday', '调休'),
      // A loaded date of a year the package knows wins too: 2026-10-10 is a 调休 Saturday there.
      { date: '2026-10-10', kind: 'holiday', name: '测试', year: 2026 },
    ]);
    expect(calendarCovers(2027)).toBe(true);
    expect(isWorkingDay('2027-02-05')).toBe(false);
    expect(isWorkingDay('2027-02-20')).toBe(true); // Saturday worked
    expect(isWorkingDay('2027-02-21')).toBe(false); // Sunday
    expect(isWorkingDay('2027-03-01')).toBe(true);
    expect(addWorkingDays('2027-02-04', 1)).toBe('2027-02-15');
    expect(workingDaysBetween('2027-02-04', '2027-02-20')).toBe(6); // 15..19 and the 调休 Saturday
    expect(isWorkingDay('2026-10-10')).toBe(false);
    // 2026 was loaded (one day), so its other days follow the weekday rule, not the package.
    expect(isWorkingDay('2026-10-01')).toBe(true);
    expect(loadedCalendarYears()).toEqual([2026, 2027]);
  });

  it('a malformed date is refused, not silently ignored', () => {
    expect(() => installCalendar([day('2027-02-30', 'holiday')])).toThrow(RangeError);
  });
});
