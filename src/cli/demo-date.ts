/**
 * The date the demo's story happens on. Its script names the dates of its year (a contract from
 * 2026-09, meetings in November 2026, last year's contract of 2025), so the demo runs on its own
 * clock from this moment, whatever day it is played: the transcript is the same every day.
 * DEMO_NOW overrides it.
 */
export const DEMO_STORY_NOW = '2026-12-07T09:00:00+08:00';
