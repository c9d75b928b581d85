/**
 * Rule 10 across the year boundary: December is scored in January and scores are corrected later,
 * so a year already judged is judged again whenever one of its scores arrives or changes. Pure: the
 * ban the scores now give (`bidBanFor`) and the ban already recorded come in as arguments.
 */
import type { BidBan } from './annual-average';

/** The ban recorded for the contract's vendor, project and next year, if any. */
export type RecordedBan = { lifted: boolean };

export type Rejudgement = { kind: 'ban'; ban: BidBan } | { kind: 'lift' } | { kind: 'none' };

/** Whether the year counts as judged: a ban for it is recorded, or the year-end job has judged it. */
export function yearJudged(recorded: RecordedBan | null, yearEndRan: boolean): boolean {
  return recorded !== null || yearEndRan;
}

/**
 * What a fresh judgement of a judged year changes: a ban where the average is now below the bar and
 * no live ban exists (a lifted one is re-added); a lift where a live ban exists and the average now
 * reaches the bar (or no score is left); otherwise nothing.
 */
export function rejudge(now: BidBan | null, recorded: RecordedBan | null): Rejudgement {
  if (now && (!recorded || recorded.lifted)) return { kind: 'ban', ban: now };
  if (!now && recorded && !recorded.lifted) return { kind: 'lift' };
  return { kind: 'none' };
}
