/**
 * The discipline-inspection board's own heuristics (纪检监察看板). These numbers are NOT in
 * the rule book: they are defaults chosen so the board points discipline inspection at patterns worth
 * a look, and can be tuned without touching any rule of DOMAIN.md. Pure: no I/O, no clock.
 */
import { addCalendarDays, type BusinessDate, dayNumber } from './business-date';
import { isWorkingDay } from './calendar';
import { addMonths, monthOfDate } from './months';

/** Every kind of line the board shows; a detail button carries one of these and the line's id. */
export const BOARD_LINE_KEYS = [
  'warning',
  'termination',
  'ban',
  'cluster',
  'gap',
  'split',
  'single_source',
  'overdue_score',
  'overdue_rect',
  'ban_recorded',
  'ban_lifted',
  'late_signing',
  'late_score',
  'unscored_paid',
  'review_overdue',
  'unreviewed',
  'satisfaction',
] as const;
export type BoardLineKey = (typeof BOARD_LINE_KEYS)[number];

/**
 * 评分扎堆: how many business months back (the current month included) an assessor's final scores
 * are looked at.
 */
export const CLUSTER_WINDOW_MONTHS = 12;
/** 评分扎堆: an assessor with fewer final scores than this in the window is never flagged. */
export const CLUSTER_MIN_SCORES = 6;
/**
 * 评分扎堆: the share (as a fraction num/den) of the assessor's scores that must sit just above a
 * line for the assessor to be flagged: at least half.
 */
export const CLUSTER_SHARE = { num: 1, den: 2 } as const;
/**
 * 评分扎堆: the bands just above the lines that matter (80: termination, 85: bidding ban), in tenths,
 * each [from, to): 80.0 up to but not including 81.0, 85.0 up to but not including 86.0.
 */
export const CLUSTER_BANDS_TENTHS: readonly (readonly [number, number])[] = [
  [800, 810],
  [850, 860],
];
/**
 * 日期异常: how many business months back (the current month included) the board lists 补签
 * contracts (by the day they were recorded), late scores (by the day they were entered) and paid
 * periods with a month then unscored (by the day they were confirmed). Older ones stay in each
 * contract's settlement audit; the board is for what is recent.
 */
export const DATE_ANOMALY_WINDOW_MONTHS = 12;

/** The first day the date-anomaly window covers, as of `today`. */
export function dateAnomalyWindowStart(today: BusinessDate): BusinessDate {
  return `${addMonths(monthOfDate(today), -(DATE_ANOMALY_WINDOW_MONTHS - 1))}-01`;
}

/** 单一来源占比: a unit whose single-source share of the year's awarded amount is above this (basis points) is flagged. */
export const SINGLE_SOURCE_SHARE_BP = 3000;

/** Whether a final score (exact tenths, as stored) sits in one of the cluster bands. */
export function inClusterBand(tenths: number): boolean {
  return CLUSTER_BANDS_TENTHS.some(([from, to]) => tenths >= from && tenths < to);
}

/** Whether `clustered` of `total` scores make a cluster: enough scores, and at least the share in bands. */
export function isClustered(total: number, clustered: number): boolean {
  return total >= CLUSTER_MIN_SCORES && clustered * CLUSTER_SHARE.den >= total * CLUSTER_SHARE.num;
}

/** Whether `partFen` of `totalFen` is above `bp` basis points (exactly the share is not above). */
export function shareAbove(partFen: bigint, totalFen: bigint, bp: number = SINGLE_SOURCE_SHARE_BP): boolean {
  return totalFen > 0n && partFen * 10000n > totalFen * BigInt(bp);
}

/** `partFen / totalFen` as a percentage with one decimal, rounded down, in integer arithmetic: `30.0%`. */
export function formatShare(partFen: bigint, totalFen: bigint): string {
  if (totalFen <= 0n) return '0.0%';
  const permille = (partFen * 1000n) / totalFen;
  return `${permille / 10n}.${permille % 10n}%`;
}

/** The Monday (YYYY-MM-DD) of the ISO week of `date`. */
export function isoWeekMonday(date: BusinessDate): BusinessDate {
  // Day 0 of dayNumber is 1970-01-01, a Thursday: (n + 3) mod 7 is 0 on Mondays.
  const dow = (((dayNumber(date) + 3) % 7) + 7) % 7;
  return addCalendarDays(date, -dow);
}

/** The first working day of the ISO week of `date`, or undefined when the whole week is off. */
export function firstWorkingDayOfWeek(date: BusinessDate): BusinessDate | undefined {
  const monday = isoWeekMonday(date);
  for (let i = 0; i < 7; i++) {
    const d = addCalendarDays(monday, i);
    if (isWorkingDay(d)) return d;
  }
  return undefined;
}
