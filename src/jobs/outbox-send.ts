import { Worker } from 'bullmq';
import { z } from 'zod';
import {
  getOutboxRowWithTarget,
  markFailed,
  markSent,
  noteAttempt,
  type OutboxRow,
  type TargetRow,
} from '../db/sql/outbox';
import type { RelayResult } from '../metrics/metrics';
import { type Delivery, deliver } from '../outbox/deliver';
import { blockedKey } from '../outbox/redis-keys';
import { OUTBOX_SEND_JOB } from '../outbox/relay';
import { defineJob } from './types';

/** The Feishu message id a reply, patch or urgent acts on; undefined while its target is unsent. */
function resolveTarget(row: OutboxRow, target: TargetRow | undefined): string | null | undefined | Error {
  if (row.kind === 'send') return null;
  if (row.targetMessageId) return row.targetMessageId;
  if (!row.targetOutboxId || !target) return new Error('target message does not exist');
  if (target.status === 'failed') return new Error(`target message failed: ${target.lastError}`);
  return target.messageId ?? undefined;
}

/** The relay-sends label of a delivery's outcome: a transient failure or a stale token is retried. */
function relayResult(kind: Delivery['kind']): RelayResult {
  if (kind === 'ok') return 'sent';
  if (kind === 'rate_limited' || kind === 'permanent') return kind;
  return 'retried';
}

/** One outbox row to Feishu; queued by the relay (`createOutboxEnqueuer`), job id = row id. */
export const outboxSend = defineJob({
  name: OUTBOX_SEND_JOB,
  queue: 'outbox',
  payload: z.object({ outboxId: z.uuid() }),
  async process({ outboxId }, deps, job) {
    const log = deps.logger.child({ job_id: job.id, outbox_id: outboxId });
    // The row and the state of the message it acts on (one statement), and whether another job saw
    // a 429 a moment ago, asked together.
    const [found, blockedMs] = await Promise.all([
      getOutboxRowWithTarget(deps.db, outboxId),
      deps.redis.pttl(blockedKey(deps.prefix)),
    ]);
    if (found?.row.status !== 'pending') return 'already-done';
    const { row } = found;
    const target = resolveTarget(row, found.target);
    if (target instanceof Error) {
      // Failed for good without a send (its target never arrived): as permanent as a refused send.
      deps.metrics?.relaySends.inc({ result: 'permanent' });
      await markFailed(deps.db, row.id, target.message);
      log.error({ reason: target.message }, 'outbox row failed');
      return 'failed';
    }
    if (target === undefined) throw new Error('target message not sent yet');

    // Another job saw a 429 a moment ago: wait with the queue rather than add to the refusals.
    if (blockedMs > 0) {
      await deps.queues.outbox.rateLimit(blockedMs);
      throw Worker.RateLimitError();
    }
    let result = await deliver(row, target, deps.feishu);
    if (result.kind === 'token_invalid') {
      deps.feishu.tokens.clear();
      result = await deliver(row, target, deps.feishu);
    }
    // One count per row tried: a token refreshed and retried at once counts by its second outcome.
    deps.metrics?.relaySends.inc({ result: relayResult(result.kind) });
    switch (result.kind) {
      case 'ok':
        await markSent(deps.db, row.id, result.messageId ?? null, result.chatId ?? null);
        return 'sent';
      case 'rate_limited':
        log.warn({ reset_ms: result.resetMs }, 'feishu rate limit: pausing the relay');
        await deps.redis.set(blockedKey(deps.prefix), '1', 'PX', result.resetMs);
        await deps.queues.outbox.rateLimit(result.resetMs);
        throw Worker.RateLimitError();
      case 'permanent':
        await markFailed(deps.db, row.id, `${result.code} ${result.msg}`);
        log.error({ code: result.code, msg: result.msg }, 'outbox row failed permanently');
        return 'failed';
      default: {
        const reason = result.kind === 'transient' ? result.reason : 'token still invalid after refresh';
        await noteAttempt(deps.db, row.id, reason);
        throw new Error(reason);
      }
    }
  },
});
