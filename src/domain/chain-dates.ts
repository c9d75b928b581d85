/**
 * The dates already recorded along a purchase's chain that a newly typed date must not precede
 * (DOMAIN.md "The order of dates"): filing ≤ the unit leadership's meeting ≤ the committee's meeting,
 * final approval ≤ award. Pure: the stage rows come in as arguments; date-order.ts does the check.
 */
import type { StageKind, StageStatus } from './approval-route';
import type { NamedDate } from './date-order';
import { roundOf } from './reapproval';

export const FILED_LABEL = '申请提交日期';
export const AWARD_LABEL = '成交日期';
export const FINAL_APPROVAL_LABEL = '审批通过日期';

/** Each stage's meeting date as a message names it. */
export const MEETING_LABELS: Record<StageKind, string> = {
  unit_leadership: '领导班子会议日期',
  zone_committee: '管委会会议日期',
};

export type ChainStage = { seq: number; kind: StageKind; status: StageStatus; meetingDate: string | null };

/**
 * The dates the meeting of stage `seq` must not precede: the request's filing and the meeting of
 * every earlier stage of the same request that was approved at a meeting (earlier rounds included).
 * A re-approval round's stages add `awardDate`, the award date typed with the price they re-approve.
 */
export function meetingFloors(
  stages: readonly ChainStage[],
  seq: number,
  filedOn: string,
  awardDate?: string,
): NamedDate[] {
  const floors: NamedDate[] = [{ label: FILED_LABEL, date: filedOn }];
  for (const s of [...stages].sort((a, b) => a.seq - b.seq))
    if (s.seq < seq && s.status === 'approved' && s.meetingDate)
      floors.push({ label: MEETING_LABELS[s.kind], date: s.meetingDate });
  if (awardDate) floors.push({ label: AWARD_LABEL, date: awardDate });
  return floors;
}

/**
 * The approval the purchase was made under: the meeting of the last stage of the first round, when
 * it was approved. A later re-approval round is not it: it approves a price already awarded, so its
 * meetings follow the award (a rejected round leaves the first approval standing).
 */
export function finalApproval(stages: readonly ChainStage[]): NamedDate | undefined {
  if (!stages.length) return undefined;
  const first = roundOf(stages, 1);
  const last = first.at(-1);
  if (last?.status !== 'approved' || !last.meetingDate) return undefined;
  return { label: FINAL_APPROVAL_LABEL, date: last.meetingDate };
}
