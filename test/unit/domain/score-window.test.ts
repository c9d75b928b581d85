import { describe, expect, it } from 'vitest';
import { holidayDataCovers, isWorkingDay } from '../../../src/domain/calendar';
import {
  atOrBeyond,
  dateLabel,
  dueDate,
  kindDue,
  monthLabel,
  reminderSchedule,
  type ScoringClauses,
  windowOpens,
  workingDaysBefore,
} from '../../../src/domain/score-window';

/** Policy v2's scoring clauses: open on the 25th, due the 5th working day, remind 2 before, escalate 2 after. */
const v2: ScoringClauses = {
  dailyWeightBp: 6000,
  managementWeightBp: 4000,
  windowOpensDay: 25,
  dueWorkingDay: 5,
  remindBeforeDueWorkingDays: 2,
  escalateAfterDueWorkingDays: 2,
};

describe('the window opens on day windowOpensDay of the month itself', () => {
  it('the 25th, also when it is a weekend: 2026-04-25 is a Saturday', () => {
    expect(isWorkingDay('2026-04-25')).toBe(false);
    expect(windowOpens('2026-04', v2)).toBe('2026-04-25');
    expect(kindDue('2026-04', '2026-04-24', v2)).toBeNull();
    expect(kindDue('2026-04', '2026-04-25', v2)).toBe('open');
  });

  it('also on a holiday: 2026-09-25 is 中秋节', () => {
    expect(isWorkingDay('2026-09-25')).toBe(false);
    expect(kindDue('2026-09', '2026-09-25', v2)).toBe('open');
  });

  it('is clamped to the last day of a short month', () => {
    const on31 = { ...v2, windowOpensDay: 31 };
    expect(windowOpens('2026-02', on31)).toBe('2026-02-28');
    expect(windowOpens('2024-02', on31)).toBe('2024-02-29'); // leap year
    expect(windowOpens('2026-04', on31)).toBe('2026-04-30');
    expect(windowOpens('2026-12', on31)).toBe('2026-12-31');
    expect(windowOpens('2026-02', { windowOpensDay: 1 })).toBe('2026-02-01');
  });
});

describe('the due date is the dueWorkingDay-th working day of the following month', () => {
  it('across National Day 2026: 1-7 October off, Saturday 10-10 a make-up day → 2026-10-13', () => {
    // Working days of October 2026: 10-08, 10-09, 10-10 (调休), 10-12, 10-13.
    expect(dueDate('2026-09', v2)).toBe('2026-10-13');
    expect(reminderSchedule('2026-09', v2)).toEqual({
      open: '2026-09-25',
      remind: '2026-10-10', // 2 working days before: 10-12, 10-10 (the Saturday make-up day)
      due: '2026-10-13',
      overdue: '2026-10-14',
      escalate: '2026-10-15',
    });
  });

  it('across Spring Festival 2025: 1-28..2-04 off, Saturday 2-08 a make-up day → 2025-02-10', () => {
    expect(dueDate('2025-01', v2)).toBe('2025-02-10');
  });

  it('across Spring Festival 2026 (2-15..2-23 off, Saturdays 2-14 and 2-28 make-up days)', () => {
    // Working days of February 2026: 2..6, 9..13, 14 (调休), then 24.
    expect(dueDate('2026-01', v2)).toBe('2026-02-06');
    expect(dueDate('2026-01', { dueWorkingDay: 12 })).toBe('2026-02-24');
    const tenth = reminderSchedule('2026-01', { ...v2, dueWorkingDay: 10 });
    expect(tenth.due).toBe('2026-02-13');
    expect(tenth.overdue).toBe('2026-02-14');
    expect(tenth.escalate).toBe('2026-02-24'); // 2-14 is the 1st working day after, 2-24 the 2nd
    expect(kindDue('2026-01', '2026-02-23', { ...v2, dueWorkingDay: 10 })).toBe('overdue');
    expect(kindDue('2026-01', '2026-02-24', { ...v2, dueWorkingDay: 10 })).toBe('escalate');
  });

  it('over the year boundary: December is due in January of the next year', () => {
    // 2026-01-01..03 off (元旦), Sunday 01-04 a make-up day: 01-04, 05, 06, 07, 08.
    expect(reminderSchedule('2025-12', v2)).toEqual({
      open: '2025-12-25',
      remind: '2026-01-06',
      due: '2026-01-08',
      overdue: '2026-01-09',
      escalate: '2026-01-12',
    });
    // No holiday data for 2027 yet: Monday to Friday, so Friday 2027-01-01 counts as a working day.
    expect(holidayDataCovers(2027)).toBe(false);
    expect(dueDate('2026-12', v2)).toBe('2027-01-07');
    expect(kindDue('2026-12', '2026-12-31', v2)).toBe('open');
    expect(kindDue('2026-12', '2027-01-08', v2)).toBe('overdue');
  });
});

describe('the kind due on a date is the most advanced one reached', () => {
  it('progresses open → remind → overdue → escalate and stays there', () => {
    const days: [string, string | null][] = [
      ['2026-09-24', null],
      ['2026-09-25', 'open'],
      ['2026-10-09', 'open'],
      ['2026-10-10', 'remind'],
      ['2026-10-13', 'remind'], // the due date itself is not overdue
      ['2026-10-14', 'overdue'],
      ['2026-10-15', 'escalate'],
      ['2027-03-01', 'escalate'],
    ];
    for (const [day, kind] of days) expect(kindDue('2026-09', day, v2), day).toBe(kind);
  });

  it('0 working days: remind on the due date, escalate the day after it (never before overdue)', () => {
    const s = { ...v2, remindBeforeDueWorkingDays: 0, escalateAfterDueWorkingDays: 0 };
    const r = reminderSchedule('2026-09', s);
    expect(r.remind).toBe('2026-10-13');
    expect(r.escalate).toBe('2026-10-14');
    expect(kindDue('2026-09', '2026-10-14', s)).toBe('escalate');
  });

  it('a reminder never comes before the window opens', () => {
    const s = { ...v2, windowOpensDay: 31, dueWorkingDay: 1, remindBeforeDueWorkingDays: 10 };
    expect(reminderSchedule('2026-03', s).remind).toBe('2026-03-31');
  });

  it('rejects a malformed date', () => {
    expect(() => kindDue('2026-09', '2026-9-25', v2)).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('workingDaysBefore counts back over weekends and holidays', () => {
    expect(workingDaysBefore('2026-10-08', 1)).toBe('2026-09-30');
    expect(workingDaysBefore('2026-10-13', 0)).toBe('2026-10-13');
    expect(workingDaysBefore('2026-10-12', 2)).toBe('2026-10-09');
  });

  it('kinds are ordered and labels read as Chinese dates', () => {
    expect(atOrBeyond('overdue', 'remind')).toBe(true);
    expect(atOrBeyond('open', 'remind')).toBe(false);
    expect(atOrBeyond('escalate', 'escalate')).toBe(true);
    expect(monthLabel('2026-09')).toBe('2026年9月');
    expect(dateLabel('2026-10-13', 2026)).toBe('10月13日');
    expect(dateLabel('2027-01-07', 2026)).toBe('2027年1月7日');
  });
});
