import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every test process runs at TEST_NOW (default a fixed date), never at today's date.
    setupFiles: ['test/helpers/pin-date.ts'],
    pool: 'forks',
    // Most files wait on Postgres, Redis, child processes and timers rather than the CPU: two at a
    // time on the 2-core machine (vitest's default is cores - 1, i.e. one) keeps .ci/run well under
    // its 15 minutes.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
