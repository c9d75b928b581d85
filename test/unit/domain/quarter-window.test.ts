import { describe, expect, it } from 'vitest';
import { scoreLateness } from '../../../src/domain/late-score';
import {
  quarterLabel,
  quarterLastMonth,
  quarterLongLabel,
  quarterMonths,
  quarterOf,
  quarterParts,
} from '../../../src/domain/quarters';
import {
  dueDate,
  isQuarterly,
  kindDue,
  reminderSchedule,
  type ScoringClauses,
  scoringMonth,
  windowOpens,
} from '../../../src/domain/score-window';

const monthly: ScoringClauses = {
  dailyWeightBp: 6000,
  managementWeightBp: 4000,
  windowOpensDay: 25,
  dueWorkingDay: 5,
  remindBeforeDueWorkingDays: 2,
  escalateAfterDueWorkingDays: 2,
};
const quarterly: ScoringClauses = { ...monthly, managementPeriod: 'quarter' };

describe('quarters of the year', () => {
  it('each month belongs to one quarter, and a quarter has three months in order', () => {
    expect(['2027-01', '2027-02', '2027-03'].map(quarterOf)).toEqual(['2027-Q1', '2027-Q1', '2027-Q1']);
    expect(quarterOf('2026-12')).toBe('2026-Q4');
    expect(quarterOf('2027-04')).toBe('2027-Q2');
    expect(quarterMonths('2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(quarterLastMonth('2027-Q3')).toBe('2027-09');
    for (let m = 1; m <= 12; m++) {
      const month = `2027-${String(m).padStart(2, '0')}`;
      expect(quarterMonths(quarterOf(month))).toContain(month);
    }
  });
  it('labels in Chinese, and a malformed quarter throws', () => {
    expect(quarterLabel('2027-Q1')).toBe('2027年第1季度');
    expect(quarterLongLabel('2027-Q2')).toBe('2027年第2季度(4–6月)');
    expect(() => quarterParts('2027-Q5')).toThrow(RangeError);
    expect(() => quarterParts('2027-1')).toThrow(RangeError);
  });
});

describe("a quarterly contract's months are scored in the quarter's window", () => {
  it('a monthly contract (or one signed before the choice: no key) is unchanged', () => {
    expect(isQuarterly(monthly)).toBe(false);
    expect(isQuarterly({ managementPeriod: 'month' })).toBe(false);
    expect(scoringMonth('2027-01', monthly)).toBe('2027-01');
    expect(windowOpens('2027-01', monthly)).toBe('2027-01-25');
    expect(dueDate('2027-01', { ...monthly, managementPeriod: 'month' })).toBe(dueDate('2027-01', monthly));
  });
  it("all three months open with the LAST month's window and are due on its due date", () => {
    for (const m of ['2027-01', '2027-02', '2027-03']) {
      expect(scoringMonth(m, quarterly)).toBe('2027-03');
      expect(windowOpens(m, quarterly)).toBe(windowOpens('2027-03', monthly));
      expect(windowOpens(m, quarterly)).toBe('2027-03-25');
      expect(dueDate(m, quarterly)).toBe(dueDate('2027-03', monthly));
      expect(reminderSchedule(m, quarterly)).toEqual(reminderSchedule('2027-03', monthly));
    }
  });
  it('the first month of a quarter is not open at its own month-end', () => {
    expect(kindDue('2027-01', '2027-01-26', monthly)).toBe('open');
    expect(kindDue('2027-01', '2027-01-26', quarterly)).toBeNull();
    expect(kindDue('2027-01', '2027-03-24', quarterly)).toBeNull();
    expect(kindDue('2027-01', '2027-03-25', quarterly)).toBe('open');
    const due = dueDate('2027-03', monthly);
    expect(kindDue('2027-02', due, quarterly)).toBe('remind');
  });
  it('the fourth quarter is due in January of the next year', () => {
    expect(dueDate('2026-10', quarterly)).toBe(dueDate('2026-12', monthly));
    expect(dueDate('2026-10', quarterly).slice(0, 7)).toBe('2027-01');
  });
  it('a month entered after the quarter is due is late; on the due date it is not', () => {
    const due = dueDate('2027-03', monthly);
    expect(scoreLateness('2027-01', quarterly, due)).toEqual({ dueOn: due, late: false });
    expect(scoreLateness('2027-01', quarterly, '2027-04-30')).toEqual({ dueOn: due, late: true });
    // Monthly: January's own due date has long passed by then.
    expect(scoreLateness('2027-01', monthly, due).late).toBe(true);
  });
});
