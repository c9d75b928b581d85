/**
 * The date the demo's story happens on. Its script names the dates of its year (a contract from
 * 2026-09, meetings in November 2026, last year's contract of 2025), so the demo runs on its own
 * clock from this moment, whatever day it is played: the transcript is the same every day.
 * DEMO_NOW overrides it.
 */
export const DEMO_STORY_NOW = '2026-12-07T09:00:00+08:00';

/**
 * Where the story's clock starts: the purchases are filed in August 2026 and each later scene moves
 * the clock on to the day it happens (approved at meetings after the filing, awarded after the
 * approval, signed before the term starts, each month scored in its window), then to the story's
 * date. A story that typed those dates on one day would be the back-dating DOMAIN.md's "The order of
 * dates" refuses.
 */
export const DEMO_STORY_START = '2026-08-03T09:00:00+08:00';

/** Moves the story's clock (the app's and the sandbox's) to `at`, an ISO time. */
export type StoryClock = (at: string) => void;
