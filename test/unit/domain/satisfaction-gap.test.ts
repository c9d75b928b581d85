import { describe, expect, it } from 'vitest';
import { satisfactionGap } from '../../../src/domain/satisfaction-gap';

const counted = (count: number, dimensions: number, sum: number) => ({
  count,
  dimensions,
  sum,
  enough: true,
});

describe('满意度明显低于考核分 (the board’s question, exact)', () => {
  it('compares the months’ average final score with mean × 20, exactly at the gap listed', () => {
    // 5 answers × 4 dimensions, sum 48: mean 2.40, 48.0 points.
    const r = counted(5, 4, 48);
    expect(satisfactionGap([942, 942, 942], r, 15)).toEqual({
      averageTenths: 942,
      satisfactionTenths: 480,
      gapTenths: 462,
      listed: true,
    });
    expect(satisfactionGap([630], r, 15)?.listed).toBe(true); // 63.0 − 48.0 = 15.0: at the gap
    expect(satisfactionGap([629], r, 15)?.listed).toBe(false); // 14.9
  });

  it('decides on the exact fractions, not the rounded figures it shows', () => {
    // 1 answer × 3 dimensions, sum 10: 66.666… points (shown 66.7).
    const r = counted(1, 3, 10);
    expect(satisfactionGap([817], r, 15)).toMatchObject({ satisfactionTenths: 667, listed: true }); // 15.03…
    expect(satisfactionGap([816], r, 15)).toMatchObject({ gapTenths: 149, listed: false }); // 14.93…
    // An average of 81.65 (two months) against 66.666…: 14.98… is below 15, though 81.7 − 66.7 shows 15.0.
    expect(satisfactionGap([816, 817], r, 15)).toMatchObject({
      averageTenths: 817,
      satisfactionTenths: 667,
      listed: false,
    });
  });

  it('nothing to compare: no score yet, 样本不足, no answers', () => {
    expect(satisfactionGap([], counted(5, 4, 48), 15)).toBeUndefined();
    expect(satisfactionGap([900], { ...counted(4, 4, 40), enough: false }, 15)).toBeUndefined();
    expect(satisfactionGap([900], counted(0, 4, 0), 15)).toBeUndefined();
  });
});
