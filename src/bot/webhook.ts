import type { Logger } from '../log';
import type { Metrics } from '../metrics/metrics';
import type { Dispatcher } from './dispatcher';
import { ANSWER_DEADLINE_MS, dispatchWithDeadline } from './inbound';
import type { CallbackAnswer } from './types';
import { decryptBody, verifyRequest } from './verify';

export interface WebhookOptions {
  dispatcher: Dispatcher;
  logger: Logger;
  encryptKey?: string;
  verificationToken?: string;
  now?: () => number;
  deadlineMs?: number;
  metrics?: Metrics;
}

/**
 * `dispatchWithDeadline`, counting the answers given at the deadline rather than by the handler:
 * the deadline's timer is the only way an answer takes that long (both transports use this).
 */
export async function dispatchCounted(
  dispatcher: Dispatcher,
  raw: unknown,
  logger: Logger,
  metrics: Metrics | undefined,
  deadlineMs = ANSWER_DEADLINE_MS,
): Promise<CallbackAnswer> {
  const t0 = performance.now();
  const answer = await dispatchWithDeadline(dispatcher, raw, logger, deadlineMs);
  // Node may fire a timer up to a millisecond early (its clock is in whole milliseconds).
  if (metrics && performance.now() - t0 >= deadlineMs - 1) metrics.answersLate.inc();
  return answer;
}

export type WebhookReply = { status: number; body: object };

function refuse(logger: Logger, status: number, reason: string): WebhookReply {
  logger.warn({ reason }, 'webhook request refused');
  return { status, body: { code: status, msg: reason } };
}

/** Our own route for events and card callbacks: challenge, signature, freshness, decrypt, dispatch. */
export function createWebhookHandler(opts: WebhookOptions) {
  const now = opts.now ?? Date.now;
  return async function handle(
    headers: Record<string, string | string[] | undefined>,
    raw: string,
  ): Promise<WebhookReply> {
    try {
      let body: any = JSON.parse(raw);
      if (opts.encryptKey) {
        if (typeof body?.encrypt !== 'string') return refuse(opts.logger, 400, 'expected an encrypted body');
        body = decryptBody(body.encrypt, opts.encryptKey);
      }
      if (body?.type === 'url_verification') {
        if (opts.verificationToken && body.token !== opts.verificationToken) {
          return refuse(opts.logger, 401, 'bad verification token');
        }
        return { status: 200, body: { challenge: body.challenge } };
      }
      if (opts.encryptKey) {
        const verdict = verifyRequest(headers, raw, opts.encryptKey, now());
        if (!verdict.ok) return refuse(opts.logger, 401, verdict.reason);
      } else if (opts.verificationToken && body?.header?.token !== opts.verificationToken) {
        return refuse(opts.logger, 401, 'bad verification token');
      }
      const answer = await dispatchCounted(opts.dispatcher, body, opts.logger, opts.metrics, opts.deadlineMs);
      return { status: 200, body: answer };
    } catch (err) {
      opts.logger.warn({ err: String(err) }, 'webhook request unreadable');
      return { status: 400, body: { code: 400, msg: 'unreadable request' } };
    }
  };
}
