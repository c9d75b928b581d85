/**
 * A contract's status from its dates (issue 22, point 3), against a reference written from the rule's
 * wording over day numbers: four predicates, one per status, of which exactly one must hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, dayNumber, fromDayNumber } from '../../../src/domain/business-date';
import {
  contractStatusOf,
  TERM_STATUS_LABELS,
  TERM_STATUSES,
  type TermStatus,
  termStatus,
} from '../../../src/domain/contract-status';

const FIRST = dayNumber('2020-01-01');
const LAST = dayNumber('2032-12-31');

type Case = { start: number; end: number; terminated: number | null; today: number };

/** A term of 1 day to 5 years, maybe terminated inside it, and a today around it (often on a boundary). */
const caseArb: fc.Arbitrary<Case> = fc
  .record({
    start: fc.integer({ min: FIRST, max: LAST }),
    length: fc.integer({ min: 0, max: 5 * 366 }),
    cut: fc.option(fc.integer({ min: 0, max: 5 * 366 }), { nil: null }),
    near: fc.constantFrom('start', 'end', 'cut', 'anywhere'),
    offset: fc.integer({ min: -2, max: 2 }),
    anywhere: fc.integer({ min: FIRST - 400, max: LAST + 2000 }),
  })
  .map(({ start, length, cut, near, offset, anywhere }) => {
    const end = start + length;
    const terminated = cut === null ? null : start + Math.min(cut, length);
    const anchor =
      near === 'start' ? start : near === 'end' ? end : near === 'cut' ? (terminated ?? end) : null;
    return { start, end, terminated, today: anchor === null ? anywhere : anchor + offset };
  });

/** What the dates say, one predicate per status. */
function says(c: Case): Record<TermStatus, boolean> {
  const terminated = c.terminated !== null && c.today >= c.terminated;
  return {
    terminated,
    not_started: !terminated && c.today < c.start,
    running: !terminated && c.start <= c.today && c.today <= c.end,
    expired: !terminated && c.today > c.end,
  };
}

const facts = (c: Case) => ({
  startsOn: fromDayNumber(c.start),
  endsOn: fromDayNumber(c.end),
  terminatedOn: c.terminated === null ? null : fromDayNumber(c.terminated),
});

describe('termStatus', () => {
  it('gives exactly one status, the one the dates say', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const expected = says(c);
        expect(TERM_STATUSES.filter((s) => expected[s])).toHaveLength(1);
        const got = termStatus(facts(c), fromDayNumber(c.today));
        expect(expected[got]).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a stored row the same way: a started termination counts from its date, kept or none never', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.constantFrom('active', 'terminating', 'terminated', 'ended') as fc.Arbitrary<
          'active' | 'terminating' | 'terminated' | 'ended'
        >,
        (c, status) => {
          const f = facts(c);
          const row = { status, startsOn: f.startsOn, endsOn: f.endsOn, endedOn: f.terminatedOn };
          const stopped = status === 'terminating' || status === 'terminated';
          // Starting termination always records its date; a dateless one is pinned by name below.
          fc.pre(!stopped || f.terminatedOn !== null);
          const expected = termStatus(
            { ...f, terminatedOn: stopped ? f.terminatedOn : null },
            fromDayNumber(c.today),
          );
          expect(contractStatusOf(row, fromDayNumber(c.today))).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a row marked terminated without a date counts as terminated', () => {
    const row = {
      status: 'terminated' as const,
      startsOn: '2027-01-01',
      endsOn: '2027-12-31',
      endedOn: null,
    };
    expect(contractStatusOf(row, '2026-12-07')).toBe('terminated');
  });

  it('the boundaries by name: start day and end day run, the day after the end has expired', () => {
    const t = { startsOn: '2027-01-01', endsOn: '2027-12-31', terminatedOn: null };
    const at = (d: string) => TERM_STATUS_LABELS[termStatus(t, d)];
    expect(at('2026-12-31')).toBe('未开始');
    expect(at('2027-01-01')).toBe('履行中');
    expect(at('2027-12-31')).toBe('履行中');
    expect(at('2028-01-01')).toBe('已到期');
    const cut = { ...t, terminatedOn: '2027-06-15' };
    expect(TERM_STATUS_LABELS[termStatus(cut, addCalendarDays('2027-06-15', -1))]).toBe('履行中');
    expect(TERM_STATUS_LABELS[termStatus(cut, '2027-06-15')]).toBe('已终止');
    expect(TERM_STATUS_LABELS[termStatus(cut, '2028-03-01')]).toBe('已终止');
  });

  it('the issue’s two contracts on 2026-12-07: one not started, one expired', () => {
    const today = '2026-12-07';
    expect(termStatus({ startsOn: '2027-01-01', endsOn: '2027-12-31', terminatedOn: null }, today)).toBe(
      'not_started',
    );
    expect(termStatus({ startsOn: '2026-08-01', endsOn: '2026-10-31', terminatedOn: null }, today)).toBe(
      'expired',
    );
  });
});
