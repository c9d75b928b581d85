import { expect, it } from 'vitest';
import { DEFAULT_TEST_NOW, testClock } from '../../helpers/clock';

// The suite's clock (test/helpers/pin-date.ts, a vitest setup file): the test process runs at
// TEST_NOW (default DEFAULT_TEST_NOW), never at today's date, and time still passes.

const target = Date.parse(process.env.TEST_NOW || DEFAULT_TEST_NOW);

it('new Date() and Date.now() start at TEST_NOW, not at the wall clock, and run on', async () => {
  const a = Date.now();
  // The process started at most a few minutes ago (a loaded machine), never a day away.
  expect(a - target).toBeGreaterThanOrEqual(0);
  expect(a - target).toBeLessThan(10 * 60_000);
  // biome-ignore lint/complexity/useDateNow: new Date() itself is what is pinned here
  expect(Math.abs(new Date().getTime() - a)).toBeLessThan(1_000);
  await new Promise((r) => setTimeout(r, 30));
  expect(Date.now() - a).toBeGreaterThanOrEqual(25);
});

it('leaves explicit dates, instanceof, parsing and Date() as a function working', () => {
  expect(new Date(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
  expect(new Date('2027-01-05T09:30:00+08:00').getTime()).toBe(Date.UTC(2027, 0, 5, 1, 30));
  expect(new Date(2027, 0, 5) instanceof Date).toBe(true);
  expect(Date.parse('2026-12-07T02:00:00Z')).toBe(Date.UTC(2026, 11, 7, 2));
  expect(typeof Date()).toBe('string');
  expect(Date.parse(Date())).toBeGreaterThanOrEqual(target - 1_000);
  class Stamp extends Date {}
  expect(new Stamp(5).getTime()).toBe(5);
  expect(Math.abs(new Stamp().getTime() - Date.now())).toBeLessThan(1_000);
});

it('a test clock starts where the test says and can be moved', () => {
  const c = testClock('2027-01-26T10:00:00+08:00');
  expect(c.now().getTime() - Date.UTC(2027, 0, 26, 2)).toBeLessThan(1_000);
  c.set('2027-02-01T00:00:00+08:00');
  c.advance(60_000);
  expect(c.now().toISOString().slice(0, 16)).toBe('2027-01-31T16:01');
  expect(() => c.set('not a date')).toThrow(/not a time/);
});
