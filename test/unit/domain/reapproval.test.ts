import { describe, expect, it } from 'vitest';
import type { BidBan } from '../../../src/domain/annual-average';
import {
  isReapprovalStage,
  type RoundStage,
  reapprovalPending,
  roundOf,
} from '../../../src/domain/reapproval';
import { rejudge, yearJudged } from '../../../src/domain/rejudge';

const st = (seq: number, kind: RoundStage['kind'], status: RoundStage['status']): RoundStage => ({
  seq,
  kind,
  status,
});

describe('re-approval rounds (rule 4)', () => {
  const first = [st(1, 'unit_leadership', 'approved'), st(2, 'zone_committee', 'approved')];
  it('the first round is not a re-approval; a round after it is', () => {
    expect(isReapprovalStage(first, 2)).toBe(false);
    const again = [...first, st(3, 'unit_leadership', 'approved'), st(4, 'zone_committee', 'pending')];
    expect(isReapprovalStage(again, 3)).toBe(true);
    expect(roundOf(again, 4).map((s) => s.seq)).toEqual([3, 4]);
    expect(roundOf(again, 2).map((s) => s.seq)).toEqual([1, 2]);
  });
  it('a round is pending until its last stage approves or any stage rejects', () => {
    expect(reapprovalPending(first)).toBe(false);
    expect(reapprovalPending([...first, st(3, 'unit_leadership', 'pending')])).toBe(true);
    expect(
      reapprovalPending([...first, st(3, 'unit_leadership', 'approved'), st(4, 'zone_committee', 'waiting')]),
    ).toBe(true);
    expect(
      reapprovalPending([...first, st(3, 'unit_leadership', 'rejected'), st(4, 'zone_committee', 'waiting')]),
    ).toBe(false);
    expect(reapprovalPending([...first, st(3, 'unit_leadership', 'approved')])).toBe(false);
    // A first round under way is not a re-approval.
    expect(reapprovalPending([st(1, 'unit_leadership', 'pending')])).toBe(false);
  });
});

describe('re-judging a year (rule 10)', () => {
  const ban: BidBan = { year: 2026, averageTenths: { num: 10190, den: 12 }, display: '84.9' };
  it('a year is judged once the year-end job has judged it, or when a ban for it is recorded', () => {
    expect(yearJudged(null, false)).toBe(false);
    expect(yearJudged(null, true)).toBe(true);
    expect(yearJudged({ lifted: true }, false)).toBe(true);
  });
  it('bans where none is live, lifts a live one when the bar is reached, else nothing', () => {
    expect(rejudge(ban, null)).toEqual({ kind: 'ban', ban });
    expect(rejudge(ban, { lifted: true })).toEqual({ kind: 'ban', ban });
    expect(rejudge(ban, { lifted: false })).toEqual({ kind: 'none' });
    expect(rejudge(null, { lifted: false })).toEqual({ kind: 'lift' });
    expect(rejudge(null, { lifted: true })).toEqual({ kind: 'none' });
    expect(rejudge(null, null)).toEqual({ kind: 'none' });
  });
});
