import { DelayedError, type Job, Worker } from 'bullmq';
import { clearMissingScopes, noteMissingScope } from '../db/sql/delivery-failures';
import { markFailed, noteThrottled, type OutboxRow } from '../db/sql/outbox';
import { failRefusedCard } from '../features/deliveries/card-refused';
import { isCardRefusal, missingScopeOf, SCOPE_MISSING } from '../feishu/errors';
import type { Logger } from '../log';
import { blockedKey, throttledKey } from '../outbox/redis-keys';
import { spacingKey } from '../outbox/rows';
import { THROTTLE_LIMIT, throttleWaitMs } from '../outbox/throttle';
import type { JobDeps } from './types';

/** A refusal by a frequency limit that is not ours to pace: 230020 (one receiver) or 11232 (all). */
export type Throttle = { code: number; msg: string; scope: 'receiver' | 'app'; resetMs?: number };

/** Whether this refusal is the one that ends the row's retries (the relay counts it as permanent). */
export const lastThrottle = (row: OutboxRow) => row.throttled + 1 >= THROTTLE_LIMIT;

/**
 * A receiver that Feishu refused a moment ago (230020) holds back its other rows too, without a
 * call: the job is put back until the receiver's wait ends. Other receivers are not held back.
 */
export async function waitForReceiver(deps: JobDeps, row: OutboxRow, job: Job): Promise<void> {
  const ms = await deps.redis.pttl(throttledKey(deps.prefix, spacingKey(row)));
  if (ms <= 0) return;
  await job.moveToDelayed(Date.now() + ms, job.token);
  throw new DelayedError();
}

/**
 * Counts the refusal on the row and waits: a receiver's limit delays this job alone (and, through
 * the receiver's key, its other rows); the system's limit pauses the relay as a 429 does. The
 * `THROTTLE_LIMIT`th refusal fails the row instead, with the code, so the 发送失败 card shows it.
 */
export async function onThrottled(
  deps: JobDeps,
  row: OutboxRow,
  job: Job,
  t: Throttle,
  log: Logger,
): Promise<'failed'> {
  const n = row.throttled + 1;
  const reason = `${t.code} ${t.msg}`;
  if (lastThrottle(row)) {
    await markFailed(deps.db, row.id, `${reason} (refused ${n} times)`, t.code);
    log.error({ code: t.code, refusals: n }, 'outbox row failed permanently: frequency limit held');
    return 'failed';
  }
  await noteThrottled(deps.db, row.id, reason);
  const waitMs = Math.max(throttleWaitMs(n), t.resetMs ?? 0);
  log.warn({ code: t.code, refusals: n, wait_ms: waitMs }, `feishu frequency limit (${t.scope}): waiting`);
  if (t.scope === 'app') {
    await deps.redis.set(blockedKey(deps.prefix), '1', 'PX', waitMs);
    await deps.queues.outbox.rateLimit(waitMs);
    throw Worker.RateLimitError();
  }
  await deps.redis.set(throttledKey(deps.prefix, spacingKey(row)), '1', 'PX', waitMs);
  await job.moveToDelayed(Date.now() + waitMs, job.token);
  throw new DelayedError();
}

/**
 * A refusal retrying cannot fix. An urgent refused for a missing scope (the message itself was
 * delivered: 加急 is a call of its own on a sent message) is logged once per scope, not per message.
 */
export async function onPermanent(
  deps: JobDeps,
  row: OutboxRow,
  r: { code: number; msg: string },
  log: Logger,
): Promise<'failed'> {
  await markFailed(deps.db, row.id, `${r.code} ${r.msg}`, r.code);
  const scope = r.code === SCOPE_MISSING && row.kind === 'urgent' ? missingScopeOf(r.msg) : undefined;
  if (scope) {
    if (await noteMissingScope(deps.db, scope, row.kind))
      log.error(
        { code: r.code, scope },
        `the app lacks the scope ${scope}: urgents are not sent (their messages are), until it is granted`,
      );
    return 'failed';
  }
  log.error({ code: r.code, msg: r.msg }, 'outbox row failed permanently');
  return 'failed';
}

/** Whether a permanent refusal of this row is a card refused as invalid (a text notice goes instead). */
export const isRefusedCard = (row: OutboxRow, code: number) =>
  row.msgType === 'interactive' && row.kind !== 'urgent' && isCardRefusal(code);

/**
 * A card Feishu refused as invalid (230099, 11310, 100290) is not dropped: the row fails with its
 * code and the card's hash (the 发送失败 card shows both), and in the same statement a text notice is
 * written for the same person or chat, once however often the job runs, then handed to the relay.
 * A refused notice fails like any text row: it is no card, so nothing follows it.
 */
export async function onCardRefused(
  deps: JobDeps,
  row: OutboxRow,
  r: { code: number; msg: string },
  log: Logger,
): Promise<'failed'> {
  const { noticeId, cardHash } = await failRefusedCard(deps.db, row, r);
  if (!noticeId) return 'failed';
  deps.metrics?.cardsRefused.inc({ code: String(r.code) });
  log.error(
    { code: r.code, msg: r.msg, card_hash: cardHash, notice_id: noticeId },
    'outbox row failed permanently: card refused as invalid, a text notice goes instead',
  );
  await deps.enqueueOutbox([noticeId]);
  return 'failed';
}

/** An urgent went through: a scope urgents lacked has been granted, and is no longer reported. */
export async function onSent(deps: JobDeps, row: OutboxRow): Promise<void> {
  if (row.kind === 'urgent') await clearMissingScopes(deps.db, 'urgent');
}
