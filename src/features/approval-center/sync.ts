import { type Db, rawSql } from '../../db/client';
import {
  claimInstanceOn,
  forgetDefinition,
  mirrorStageOn,
  recordMirroredOn,
  recordMirrorFailureOn,
  stagesToMirror,
} from '../../db/sql/approval-center';
import { type ApprovalCenterOutcome, syncExternalInstance } from '../../feishu/approval-center';
import type { FeishuClient } from '../../feishu/client';
import type { Logger } from '../../log';
import { approvalView } from '../purchase/view';
import { ensureDefinition } from './definition';
import { instanceIdOf, instancePayload, wantedStatus } from './payload';

export interface MirrorDeps {
  db: Db;
  feishu: FeishuClient;
  logger: Logger;
  now(): Date;
  /**
   * The pause after a 429, shared by every worker as the relay's is (its own key: the approval
   * API's quota is not the IM API's): the milliseconds left of it, and starting one.
   */
  blockedMs(): Promise<number>;
  block(ms: number): Promise<void>;
}

/** Why a run stopped early; the rest is left for the next run. */
export type StopReason = 'blocked' | 'rate_limited' | 'transient' | 'no_definition';

/**
 * Per run: stages read 50 at a time, at most 200 pushed, one every 50 ms (20 per second, well
 * inside the documented 50 per second and 1,000 per minute of the API, with room for a second worker).
 */
const BATCH = 50;
const RUN_MAX = 200;
const SPACING_MS = 50;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function reasonOf(o: ApprovalCenterOutcome): string {
  switch (o.kind) {
    case 'ok':
      return 'ok';
    case 'rate_limited':
      return `rate limited for ${o.resetMs} ms`;
    case 'token_invalid':
      return 'tenant token still invalid after a refresh';
    case 'transient':
      return o.reason;
    default:
      return `${o.code} ${o.msg}`;
  }
}

/** What a stopping outcome means for the run: a 429 starts the shared pause. */
export async function stopFor(deps: MirrorDeps, o: ApprovalCenterOutcome): Promise<StopReason> {
  if (o.kind === 'rate_limited') {
    await deps.block(o.resetMs);
    return 'rate_limited';
  }
  return o.kind === 'unknown_definition' ? 'no_definition' : 'transient';
}

/**
 * One stage's instance, under its row lock (`claimInstanceOn`): read as it is now, pushed with
 * REPLACE when it differs from what Feishu confirmed, and the answer recorded. The update_time sent
 * is later than the last confirmed one, so `check` can tell a lost push from a kept one.
 */
async function mirrorStage(deps: MirrorDeps, approvalCode: string, stageId: number) {
  return deps.db.transaction(async (tx) => {
    const sql = rawSql(tx);
    const claim = await claimInstanceOn(sql, stageId, instanceIdOf(stageId));
    const stage = await mirrorStageOn(sql, stageId);
    const wanted = stage && wantedStatus(stage.status);
    if (!stage || !wanted || claim.mirroredStatus === wanted) return { kind: 'skipped' } as const;
    const view = await approvalView(tx, stageId);
    const at = Math.max(deps.now().getTime(), (claim.mirroredAt?.getTime() ?? 0) + 1);
    const payload = instancePayload(
      { approvalCode, appId: deps.feishu.sdk.appId, stageId, updateTime: at },
      stage,
      view,
    );
    const outcome = await syncExternalInstance(deps.feishu, payload);
    if (outcome.kind === 'ok') await recordMirroredOn(sql, stageId, wanted, new Date(at));
    // A 429 is no fault of the stage's: it is not counted as an attempt.
    else await recordMirrorFailureOn(sql, stageId, reasonOf(outcome), outcome.kind !== 'rate_limited');
    return outcome;
  });
}

/**
 * Mirrors into the approval center every opened stage whose status Feishu has not confirmed (new,
 * decided, or found drifted by the reconcile), in stage order. With `stageIds` (a fan-out's
 * decisions), only the stages of those requests: the decision and the stage it opened show within
 * seconds. A refused push (bad request) is recorded and the run goes on; a 429, a transient failure
 * or an unknown definition stops the run, the rest waiting for the next.
 */
export async function syncApprovalCenter(deps: MirrorDeps, opts: { stageIds?: number[] } = {}) {
  const result = { pushed: 0, skipped: 0, failed: 0, stopped: undefined as StopReason | undefined };
  if ((await deps.blockedMs()) > 0) return { ...result, stopped: 'blocked' as const };
  // Defined on the first run with something to mirror: a run with nothing to do calls nobody.
  let def: { approvalCode: string } | undefined;
  let afterId = 0;
  let left = RUN_MAX;
  while (left > 0 && !result.stopped) {
    const limit = Math.min(BATCH, left);
    const ids = await stagesToMirror(deps.db, { afterId, limit, requestsOf: opts.stageIds });
    if (ids.length > 0 && !def) {
      const found = await ensureDefinition(deps.db, deps.feishu);
      if ('outcome' in found) {
        deps.logger.warn({ reason: reasonOf(found.outcome) }, 'approval center: definition not created');
        result.stopped = await stopFor(deps, found.outcome);
        break;
      }
      def = found;
    }
    for (const stageId of ids) {
      const outcome = await mirrorStage(deps, def!.approvalCode, stageId);
      afterId = stageId;
      if (outcome.kind === 'skipped') {
        result.skipped += 1;
        continue;
      }
      left -= 1;
      if (outcome.kind === 'ok') result.pushed += 1;
      else if (outcome.kind === 'permanent') {
        result.failed += 1;
        deps.logger.error(
          { stage_id: stageId, reason: reasonOf(outcome) },
          'approval center refused a stage',
        );
      } else {
        result.failed += 1;
        deps.logger.warn({ stage_id: stageId, reason: reasonOf(outcome) }, 'approval center sync stopped');
        if (outcome.kind === 'unknown_definition') await forgetDefinition(deps.db, def!.approvalCode);
        result.stopped = await stopFor(deps, outcome);
        break;
      }
      await sleep(SPACING_MS);
    }
    if (ids.length < limit) break;
  }
  return result;
}
