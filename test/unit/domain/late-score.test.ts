import { afterEach, describe, expect, it } from 'vitest';
import { installCalendar } from '../../../src/domain/calendar';
import { lateLabel, lateNote, scoreLateness } from '../../../src/domain/late-score';
import { dueDate } from '../../../src/domain/score-window';

/** Due on the 5th working day of the following month. */
const s = { dueWorkingDay: 5 };

afterEach(() => installCalendar([]));

describe('逾期补录: a first entry after the due date is late', () => {
  it('2026-08 is due on the 5th working day of September (09-07); the due day itself is on time', () => {
    expect(dueDate('2026-08', s)).toBe('2026-09-07');
    expect(scoreLateness('2026-08', s, '2026-09-07')).toEqual({ dueOn: '2026-09-07', late: false });
    expect(scoreLateness('2026-08', s, '2026-08-25')).toEqual({ dueOn: '2026-09-07', late: false });
    expect(scoreLateness('2026-08', s, '2026-09-08')).toEqual({ dueOn: '2026-09-07', late: true });
    expect(scoreLateness('2026-08', s, '2026-12-07')).toEqual({ dueOn: '2026-09-07', late: true });
  });

  it('counts working days by the zone calendar an admin loaded', () => {
    // A declared holiday on 09-01 pushes the 5th working day to 09-08: 09-08 is then on time.
    installCalendar([{ date: '2026-09-01', kind: 'holiday', name: '测试', year: 2026 }]);
    expect(scoreLateness('2026-08', s, '2026-09-08')).toEqual({ dueOn: '2026-09-08', late: false });
    expect(scoreLateness('2026-08', s, '2026-09-09').late).toBe(true);
  });

  it('December is due in January of the next year', () => {
    const r = scoreLateness('2026-12', s, '2027-02-01');
    expect(r.dueOn.startsWith('2027-01-')).toBe(true);
    expect(r.late).toBe(true);
  });
});

describe('a correction keeps the flag and due date of the row it supersedes', () => {
  it('an on-time month corrected long after stays on time', () => {
    const first = scoreLateness('2026-08', s, '2026-09-01');
    expect(scoreLateness('2026-08', s, '2026-12-07', first)).toEqual({ dueOn: '2026-09-07', late: false });
  });

  it('a late month corrected stays late, whatever day the correction is made', () => {
    const first = scoreLateness('2026-08', s, '2026-10-01');
    expect(scoreLateness('2026-08', s, '2026-09-01', first)).toEqual({ dueOn: '2026-09-07', late: true });
  });

  it('a row from before due dates were stored: its flag kept, the due date from the clauses', () => {
    expect(scoreLateness('2026-08', s, '2026-12-07', { dueOn: null, late: false })).toEqual({
      dueOn: '2026-09-07',
      late: false,
    });
  });
});

describe('the label', () => {
  it('names the due date, with the year only when it differs from the month’s', () => {
    expect(lateLabel('2026-09-04', 2026)).toBe('逾期补录(应于 09-04 前)');
    expect(lateLabel('2027-01-08', 2026)).toBe('逾期补录(应于 2027-01-08 前)');
    expect(lateLabel(null)).toBe('逾期补录');
    expect(lateNote({ month: '2026-08', dueOn: '2026-09-07', late: true })).toBe('逾期补录(应于 09-07 前)');
    expect(lateNote({ month: '2026-08', dueOn: '2026-09-07', late: false })).toBe('');
  });
});
