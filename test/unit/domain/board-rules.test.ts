import { describe, expect, it } from 'vitest';
import {
  firstWorkingDayOfWeek,
  formatShare,
  inClusterBand,
  isClustered,
  isoWeekMonday,
  shareAbove,
} from '../../../src/domain/board-rules';

describe('the board heuristics', () => {
  it('cluster bands are [80.0, 81.0) and [85.0, 86.0) in exact tenths', () => {
    expect([799, 800, 809, 810, 849, 850, 859, 860].map(inClusterBand)).toEqual([
      false,
      true,
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
  });

  it('a cluster needs at least 6 scores, at least half of them in the bands', () => {
    expect(isClustered(5, 5)).toBe(false);
    expect(isClustered(6, 3)).toBe(true);
    expect(isClustered(6, 2)).toBe(false);
    expect(isClustered(7, 3)).toBe(false);
    expect(isClustered(8, 4)).toBe(true);
  });

  it('a share of exactly 30% is not above it; shown with integer arithmetic, rounded down', () => {
    expect(shareAbove(30n, 100n)).toBe(false);
    expect(shareAbove(300_001n, 1_000_000n)).toBe(true);
    expect(shareAbove(0n, 0n)).toBe(false);
    expect(formatShare(1n, 3n)).toBe('33.3%');
    expect(formatShare(2n, 3n)).toBe('66.6%');
    expect(formatShare(30n, 100n)).toBe('30.0%');
  });

  it('the ISO week starts on Monday; its first working day skips a Monday holiday', () => {
    expect(isoWeekMonday('2026-04-13')).toBe('2026-04-13');
    expect(isoWeekMonday('2026-04-19')).toBe('2026-04-13');
    expect(isoWeekMonday('2026-04-08')).toBe('2026-04-06');
    expect(firstWorkingDayOfWeek('2026-04-15')).toBe('2026-04-13');
    expect(firstWorkingDayOfWeek('2026-04-08')).toBe('2026-04-07'); // 清明: Monday 04-06 off
  });
});
