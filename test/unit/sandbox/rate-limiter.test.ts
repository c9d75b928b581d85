import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LimitRule, SlidingWindowLimiter } from '../../../src/sandbox/rate-limiter';

const perSecond = (limit: number): LimitRule => ({ key: 'k', windows: [{ limit, ms: 1000 }] });

describe('SlidingWindowLimiter', () => {
  it('admits `limit` requests in any 1 s window and says when the window frees', () => {
    let now = 10_000;
    const limiter = new SlidingWindowLimiter(() => now);
    for (let i = 0; i < 5; i++) {
      expect(limiter.take([perSecond(5)])).toEqual({ ok: true });
      now += 100;
    }
    expect(limiter.take([perSecond(5)])).toEqual({ ok: false, resetSeconds: 1 });
    now = 11_000; // the first hit (t=10000) has aged out
    expect(limiter.take([perSecond(5)]).ok).toBe(true);
    expect(limiter.take([perSecond(5)]).ok).toBe(false);
  });

  it('reports whole seconds until a minute window frees', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(() => now);
    const rule: LimitRule = { key: 'm', windows: [{ limit: 2, ms: 60_000 }] };
    limiter.take([rule]);
    now = 10_500;
    limiter.take([rule]);
    expect(limiter.take([rule])).toEqual({ ok: false, resetSeconds: 50 });
  });

  it('a refused request counts toward no rule, not even the ones that had room', () => {
    const now = 0;
    const limiter = new SlidingWindowLimiter(() => now);
    const api: LimitRule = { key: 'api', windows: [{ limit: 2, ms: 1000 }] };
    const full: LimitRule = { key: 'user', windows: [{ limit: 0, ms: 1000 }] };
    expect(limiter.take([api, full]).ok).toBe(false);
    expect(limiter.take([api]).ok).toBe(true);
    expect(limiter.take([api]).ok).toBe(true);
  });

  it('never admits more than `limit` in any window, whatever the arrival times', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 80 }),
        fc.integer({ min: 1, max: 6 }),
        (gaps, limit) => {
          let now = 0;
          const limiter = new SlidingWindowLimiter(() => now);
          const admitted: number[] = [];
          for (const gap of gaps) {
            now += gap;
            if (limiter.take([perSecond(limit)]).ok) admitted.push(now);
          }
          return admitted.every((t) => admitted.filter((u) => u > t - 1000 && u <= t).length <= limit);
        },
      ),
    );
  });
});
