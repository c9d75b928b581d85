import * as lark from '@larksuiteoapi/node-sdk';
import type { FeishuAppConfig } from '../feishu/client';
import { sdkLogger } from '../feishu/client';
import type { Logger } from '../log';
import type { Metrics } from '../metrics/metrics';
import type { Dispatcher } from './dispatcher';
import { dispatchCounted } from './webhook';

/** Event types this bot subscribes to; card callbacks arrive over the long connection as events too. */
export const SUBSCRIBED = [
  'im.message.receive_v1',
  'application.bot.menu_v6',
  'im.chat.member.bot.added_v1',
  'card.action.trigger',
  // The directory (通讯录) keeps units and people current: features/org/directory.ts.
  'contact.user.created_v3',
  'contact.user.updated_v3',
  'contact.user.deleted_v3',
  'contact.department.created_v3',
  'contact.department.updated_v3',
  'contact.department.deleted_v3',
] as const;

/**
 * The long-connection transport: only outbound access is needed, which suits an intranet. Feeds the
 * same dispatcher as the webhook; the handler's answer goes back in the frame's ack.
 */
export async function startLongConnection(
  cfg: FeishuAppConfig,
  dispatcher: Dispatcher,
  logger: Logger,
  readyTimeoutMs = 15_000,
  metrics?: Metrics,
) {
  const log = logger.child({ transport: 'ws' });
  const handles = Object.fromEntries(
    SUBSCRIBED.map((type) => [type, (data: unknown) => dispatchCounted(dispatcher, data, log, metrics)]),
  );
  const eventDispatcher = new lark.EventDispatcher({ logger: sdkLogger(log) }).register(handles as never);
  let onReady!: () => void;
  let onError!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    onError = reject;
  });
  const client = new lark.WSClient({
    appId: cfg.appId,
    appSecret: cfg.appSecret,
    domain: cfg.domain,
    logger: sdkLogger(log),
    onReady: () => onReady(),
    onError: (e) => {
      log.error({ err: e.message }, 'long connection failed');
      onError(e);
    },
  });
  // start() resolves before the socket is up: wait for onReady.
  await client.start({ eventDispatcher });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    ready,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('long connection not ready in time')), readyTimeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  log.info('long connection ready');
  return { close: () => client.close({ force: true }) };
}
