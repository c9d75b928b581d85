import { forgetMirrored, mirroredSince } from '../../db/sql/approval-center';
import { checkExternalInstances } from '../../feishu/approval-center';
import { checkEntry } from './payload';
import { type MirrorDeps, reasonOf, type StopReason, sleep, stopFor } from './sync';

/**
 * The check page documents no maximum per call; 50 instances (each with its handful of tasks) keep
 * a request small, and the calls are spaced as the sync's are.
 */
const BATCH = 50;
const SPACING_MS = 50;

/**
 * Asks Feishu (`external_instances/check`) about every instance confirmed in the last `days` days,
 * with the update_time last sent for it and its tasks. Each one Feishu reports missing or older gets
 * mirrored_status null, so the next sync sends it again (REPLACE: harmless if it was fine after all).
 * An instance pushed again since it was read is left alone. Returns how many were checked and marked.
 */
export async function reconcileApprovalCenter(deps: MirrorDeps, opts: { days?: number } = {}) {
  const result = { checked: 0, drifted: 0, stopped: undefined as StopReason | undefined };
  if ((await deps.blockedMs()) > 0) return { ...result, stopped: 'blocked' as const };
  const since = new Date(deps.now().getTime() - (opts.days ?? 30) * 86_400_000);
  let afterId = 0;
  for (;;) {
    const rows = await mirroredSince(deps.db, { since, afterId, limit: BATCH });
    if (rows.length === 0) break;
    const r = await checkExternalInstances(deps.feishu, rows.map(checkEntry));
    if (r.outcome.kind !== 'ok') {
      deps.logger.warn({ reason: reasonOf(r.outcome) }, 'approval center check stopped');
      result.stopped = await stopFor(deps, r.outcome);
      break;
    }
    const diff = new Set(r.diff);
    const drifted = rows.filter((row) => diff.has(row.instanceId));
    result.drifted += await forgetMirrored(deps.db, drifted);
    result.checked += rows.length;
    afterId = rows.at(-1)!.stageId;
    if (rows.length < BATCH) break;
    await sleep(SPACING_MS);
  }
  if (result.drifted > 0)
    deps.logger.warn({ drifted: result.drifted }, 'approval center: instances found drifted, to be resent');
  return result;
}
