/**
 * Rule 4's re-approval: an awarded price above the approved amount is approved again, by the stages
 * the new amount needs, appended to the request's stages. Every route starts with the unit
 * leadership, so a round is the run of stages from a unit-leadership stage to the next one; every
 * round after the first (seq 1) is a re-approval. Pure: the stage rows come in as arguments.
 */
import type { StageKind, StageStatus } from './approval-route';

export type RoundStage = { seq: number; kind: StageKind; status: StageStatus };

/** The seq of the first stage of the round that `seq` belongs to. */
export function roundStartOf(stages: readonly { seq: number; kind: StageKind }[], seq: number): number {
  let start = 1;
  for (const s of stages) if (s.kind === 'unit_leadership' && s.seq <= seq && s.seq > start) start = s.seq;
  return start;
}

/** Whether the stage `seq` belongs to a re-approval round (any round after the first). */
export const isReapprovalStage = (stages: readonly { seq: number; kind: StageKind }[], seq: number) =>
  roundStartOf(stages, seq) > 1;

/** The stages of the round that `seq` belongs to, in order. */
export function roundOf<T extends { seq: number; kind: StageKind }>(stages: readonly T[], seq: number): T[] {
  const start = roundStartOf(stages, seq);
  const sorted = [...stages].sort((a, b) => a.seq - b.seq);
  const next =
    sorted.find((s) => s.kind === 'unit_leadership' && s.seq > start)?.seq ?? Number.POSITIVE_INFINITY;
  return sorted.filter((s) => s.seq >= start && s.seq < next);
}

/**
 * Whether a re-approval round is still under way: the last round is a re-approval, none of its
 * stages rejected and its last stage not yet approved. While it is, nothing else may be recorded.
 */
export function reapprovalPending(stages: readonly RoundStage[]): boolean {
  if (stages.length === 0) return false;
  const last = Math.max(...stages.map((s) => s.seq));
  if (!isReapprovalStage(stages, last)) return false;
  const round = roundOf(stages, last);
  return !round.some((s) => s.status === 'rejected') && round.at(-1)!.status !== 'approved';
}
