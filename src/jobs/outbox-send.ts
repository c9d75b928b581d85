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
import { RATE_LIMITED } from '../feishu/errors';
import type { RelayResult } from '../metrics/metrics';
import { type Delivery, deliver } from '../outbox/deliver';
import { blockedKey } from '../outbox/redis-keys';
import { OUTBOX_SEND_JOB } from '../outbox/relay';
import {
  isRefusedCard,
  lastThrottle,
  onCardRefused,
  onPermanent,
  onSent,
  onThrottled,
  waitForReceiver,
} from './outbox-refusals';
import { defineJob } from './types';

/** The Feishu message id a reply, patch or urgent acts on; undefined while its target is unsent. */
function resolveTarget(row: OutboxRow, target: TargetRow | undefined): string | null | undefined | Error {
  if (row.kind === 'send') return null;
  if (row.targetMessageId) return row.targetMessageId;
  if (!row.targetOutboxId || !target) return new Error('target message does not exist');
  if (target.status === 'failed') return new Error(`target message failed: ${target.lastError}`);
  return target.messageId ?? undefined;
}

/**
 * The relay-sends label of a delivery's outcome: a transient failure or a stale token is retried; a
 * frequency limit waits (rate_limited) until its last allowed refusal, which fails the row.
 */
function relayResult(d: Delivery, row: OutboxRow): RelayResult {
  if (d.kind === 'ok') return 'sent';
  if (d.kind === 'permanent') return 'permanent';
  if (d.kind === 'throttled' || (d.kind === 'rate_limited' && d.code !== RATE_LIMITED))
    return lastThrottle(row) ? 'permanent' : 'rate_limited';
  if (d.kind === 'rate_limited') return 'rate_limited';
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
    // Feishu refused this receiver (230020) a moment ago: this row waits too, alone.
    await waitForReceiver(deps, row, job);
    let result = await deliver(row, target, deps.feishu);
    if (result.kind === 'token_invalid') {
      deps.feishu.tokens.clear();
      result = await deliver(row, target, deps.feishu);
    }
    // One count per row tried: a token refreshed and retried at once counts by its second outcome.
    deps.metrics?.relaySends.inc({ result: relayResult(result, row) });
    switch (result.kind) {
      case 'ok':
        await markSent(deps.db, row.id, result.messageId ?? null, result.chatId ?? null);
        await onSent(deps, row);
        return 'sent';
      case 'throttled':
        return onThrottled(deps, row, job, { ...result, scope: 'receiver' }, log);
      case 'rate_limited':
        // 11232: the message system's own limit, paced like a 429 but bounded per row.
        if (result.code !== RATE_LIMITED)
          return onThrottled(deps, row, job, { ...result, msg: 'system rate limit', scope: 'app' }, log);
        log.warn({ reset_ms: result.resetMs }, 'feishu rate limit: pausing the relay');
        await deps.redis.set(blockedKey(deps.prefix), '1', 'PX', result.resetMs);
        await deps.queues.outbox.rateLimit(result.resetMs);
        throw Worker.RateLimitError();
      case 'permanent':
        if (isRefusedCard(row, result.code)) return onCardRefused(deps, row, result, log);
        return onPermanent(deps, row, result, log);
      default: {
        const reason = result.kind === 'transient' ? result.reason : 'token still invalid after refresh';
        await noteAttempt(deps.db, row.id, reason);
        throw new Error(reason);
      }
    }
  },
});
