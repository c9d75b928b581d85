import type { Logger } from '../log';
import type { Dispatcher } from './dispatcher';
import { dispatchWithDeadline } from './inbound';
import { decryptBody, verifyRequest } from './verify';

export interface WebhookOptions {
  dispatcher: Dispatcher;
  logger: Logger;
  encryptKey?: string;
  verificationToken?: string;
  now?: () => number;
  deadlineMs?: number;
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
      const answer = await dispatchWithDeadline(opts.dispatcher, body, opts.logger, opts.deadlineMs);
      return { status: 200, body: answer };
    } catch (err) {
      opts.logger.warn({ err: String(err) }, 'webhook request unreadable');
      return { status: 400, body: { code: 400, msg: 'unreadable request' } };
    }
  };
}
