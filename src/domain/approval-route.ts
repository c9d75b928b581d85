/** Rule 4 (三重一大): which bodies must approve a purchase, by its amount. */

/** `withdrawn`: the filer took it back (撤回) before any stage was decided; it commits no budget. */
export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';
export type StageKind = 'unit_leadership' | 'zone_committee';
/** `withdrawn`: the stage was pending when its request was withdrawn; it can no longer be decided. */
export type StageStatus = 'waiting' | 'pending' | 'approved' | 'rejected' | 'withdrawn';

export interface ApprovalRoutePolicy {
  /** From this amount up (inclusive) the zone committee must approve too. Default 20,000,000 fen. */
  committeeThresholdFen: bigint;
}

/**
 * The approval stages of a purchase, in the order they run. Every purchase needs the unit
 * leadership's collective decision; an amount **at or above** the committee threshold then also needs
 * the zone committee, so exactly 200,000.00 CNY goes to the committee ("20万元及以上").
 * The threshold comes from the policy version the request was filed under, never a constant.
 */
export function approvalRoute(amountFen: bigint, policy: ApprovalRoutePolicy): StageKind[] {
  // A non-positive amount can only come from a bug upstream (parseAmount refuses it); routing it
  // to the smaller route silently would hide that bug.
  if (amountFen <= 0n) throw new RangeError(`approvalRoute: amount must be positive, got ${amountFen}`);
  return amountFen >= policy.committeeThresholdFen
    ? ['unit_leadership', 'zone_committee']
    : ['unit_leadership'];
}

/** The stages as cards and messages name them. */
export const STAGE_LABELS: Record<StageKind, string> = {
  unit_leadership: '单位领导班子集体决策',
  zone_committee: '党工委管委会审批',
};

/** The Chinese name of one stage, as cards show it. */
export function stageLabel(stage: StageKind): string {
  return STAGE_LABELS[stage];
}

/** A route in words: `单位领导班子集体决策 → 党工委管委会审批`. */
export function routeLabel(stages: readonly StageKind[]): string {
  return stages.map(stageLabel).join(' → ');
}
