/**
 * A clock for tests: it starts at a date the test chooses and runs at the machine's pace, so
 * timeouts and rate-limit windows behave while no test depends on the day it runs. The harness
 * hands the same clock to the app, its jobs and the sandbox.
 */
export interface TestClock {
  now(): Date;
  /** Moves the clock to `at` (an ISO time, e.g. `2027-01-05T09:00:00+08:00`); it runs on from there. */
  set(at: string | Date): void;
  advance(ms: number): void;
}

/**
 * The tests' date when TEST_NOW names none: an ordinary working Monday in the year's last month.
 * Every test process runs at it (pin-date.ts); a test that needs another date sets its own clock.
 */
export const DEFAULT_TEST_NOW = '2026-12-07T10:00:00+08:00';

/** A clock starting at `start` (default: the test process's own, pinned clock). */
export function testClock(start: string | Date = new Date()): TestClock {
  let base = 0;
  let since = 0;
  const set = (at: string | Date) => {
    const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
    if (!Number.isFinite(ms)) throw new Error(`testClock: not a time: ${String(at)}`);
    base = ms;
    since = performance.now();
  };
  set(start);
  return {
    now: () => new Date(base + Math.floor(performance.now() - since)),
    set,
    advance(ms: number) {
      base += ms;
    },
  };
}
