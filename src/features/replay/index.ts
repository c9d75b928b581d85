/**
 * The inspector's replay (复算): rules 8 to 15 recomputed from the audit trail and
 * the policy versions alone (trail.ts, recompute.ts), compared with what the tables hold and what the
 * outbox sent (state.ts, compare.ts). Read-only. It shares no code with the engine that produced the
 * state beyond the pure rules of domain/ (test/unit/architecture.test.ts holds it to that).
 */
import type { DbOrTx } from '../../db/client';
import { type AreaCount, compare } from './compare';
import { recompute } from './recompute';
import { loadState } from './state';
import { loadTrail } from './trail';

export type ReplayResult = {
  ok: boolean;
  counts: AreaCount[];
  findings: string[];
  notes: string[];
  /** How many contracts were replayed. */
  contracts: number;
};

/** Days a sent outbox row is kept (the retention job's default, OUTBOX_RETENTION_DAYS). */
export const DEFAULT_RETENTION_DAYS = 90;

/**
 * Replays the units given (null: the zone). Run it in one read-only transaction (repeatable read)
 * so the trail and the state are one snapshot.
 */
export async function replay(
  db: DbOrTx,
  opts: { units: number[] | null; now: Date; retentionDays?: number },
): Promise<ReplayResult> {
  const [trail, state] = await Promise.all([loadTrail(db, opts.units), loadState(db, opts.units)]);
  const r = recompute(trail);
  const c = compare(r, state, { now: opts.now, retentionDays: opts.retentionDays ?? DEFAULT_RETENTION_DAYS });
  const findings = [...r.findings, ...c.findings];
  return {
    ok: findings.length === 0,
    counts: c.counts,
    findings,
    notes: c.notes,
    contracts: r.contracts.size,
  };
}
