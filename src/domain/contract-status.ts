/**
 * A contract's status as the dates say (DOMAIN.md, "The order of dates"): exactly one of 未开始,
 * 履行中, 已到期, 已终止, from its term, its termination and today's business date. The caller passes
 * today: nothing here reads the clock, so every card, list and count asked on one day agrees.
 *
 * - 已终止 from the termination's effective day (the date the leader chose when starting termination,
 *   `contracts.ended_on`) onwards, whatever the term says;
 * - otherwise 未开始 before the first day of the term, 履行中 from its first to its last day (both
 *   inclusive), 已到期 from the day after its last.
 */
import type { ContractStatus } from './contract';

export const TERM_STATUSES = ['not_started', 'running', 'expired', 'terminated'] as const;
export type TermStatus = (typeof TERM_STATUSES)[number];

export const TERM_STATUS_LABELS: Record<TermStatus, string> = {
  not_started: '未开始',
  running: '履行中',
  expired: '已到期',
  terminated: '已终止',
};

export type TermStatusCounts = Record<TermStatus, number>;
export const noStatusCounts = (): TermStatusCounts => ({
  not_started: 0,
  running: 0,
  expired: 0,
  terminated: 0,
});

/** `未开始 1 · 履行中 3 · 已到期 2 · 已终止 0`. */
export const statusCountsLine = (c: TermStatusCounts) =>
  TERM_STATUSES.map((s) => `${TERM_STATUS_LABELS[s]} ${c[s]}`).join(' · ');

export type TermFacts = {
  startsOn: string;
  /** Last day of the term, inclusive. */
  endsOn: string;
  /** First day the contract counts as terminated, or null when it was never terminated. */
  terminatedOn: string | null;
};

/** The status on `today` (all `YYYY-MM-DD`, compared as strings: that order is the calendar's). */
export function termStatus(c: TermFacts, today: string): TermStatus {
  if (c.terminatedOn !== null && today >= c.terminatedOn) return 'terminated';
  if (today < c.startsOn) return 'not_started';
  if (today > c.endsOn) return 'expired';
  return 'running';
}

/**
 * When a stored contract row counts as terminated: a started termination (清退中, its exit items
 * still open, or 已清退) takes effect on the date recorded with it. A row marked terminated without
 * a date (none is written that way) counts as terminated on every day.
 */
export function terminationDay(c: { status: ContractStatus; endedOn: string | null }) {
  if (c.status !== 'terminating' && c.status !== 'terminated') return null;
  return c.endedOn ?? '0000-01-01';
}

/** The status of a stored contract row on `today`. */
export function contractStatusOf(
  c: { status: ContractStatus; startsOn: string; endsOn: string; endedOn: string | null },
  today: string,
): TermStatus {
  return termStatus({ startsOn: c.startsOn, endsOn: c.endsOn, terminatedOn: terminationDay(c) }, today);
}

/** Its Chinese label, as every card, list and export shows it. */
export const contractStatusLabel = (
  c: { status: ContractStatus; startsOn: string; endsOn: string; endedOn: string | null },
  today: string,
) => TERM_STATUS_LABELS[contractStatusOf(c, today)];
