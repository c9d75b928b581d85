import type { Server } from 'node:http';
import { Redis } from 'ioredis';
import { createDispatcher } from './bot/dispatcher';
import { createHttpServer } from './bot/http';
import { startLongConnection } from './bot/long-connection';
import { createReadiness } from './bot/readiness';
import { createWebhookHandler } from './bot/webhook';
import { createDb } from './db/client';
import { auditWritableBy } from './db/app-role';
import { CALENDAR_RELOAD_MS, loadCalendar } from './features/calendar/import';
import {
  createFeishuClient,
  downloadImage,
  downloadMessageFile,
  type FeishuAppConfig,
  uploadImFile,
} from './feishu/client';
import { createFanoutEnqueuer } from './jobs/approval-fanout';
import { enqueueExports } from './jobs/export-build';
import { closeQueues, createQueues } from './jobs/queues';
import { startWorkers, type WorkerOptions } from './jobs/start-workers';
import type { Logger } from './log';
import { createMetrics } from './metrics/metrics';
import { redisKey } from './outbox/redis-keys';
import { createOutboxEnqueuer } from './outbox/relay';

export type Role = 'bot' | 'worker' | 'all';

export interface AppOptions {
  role: Role;
  databaseUrl: string;
  /** Pool size of this process (default 20, see DATABASE_POOL_MAX). */
  databasePoolMax?: number;
  redisUrl: string;
  /** Sentinels to ask for the master instead of REDIS_URL's host (its password and db still apply). */
  redisSentinel?: { sentinels: { host: string; port: number }[]; name: string };
  queuePrefix: string;
  port: number;
  host?: string;
  transport: 'webhook' | 'ws';
  /** `botOpenId`: FEISHU_BOT_OPEN_ID (bot/types.ts BotDeps). */
  feishu: FeishuAppConfig & { encryptKey?: string; verificationToken?: string; botOpenId?: string };
  logger: Logger;
  workers: WorkerOptions;
  /** Days kept by the retention job (EVENT_DEDUPE_DAYS, OUTBOX_RETENTION_DAYS). */
  retention?: { eventDedupeDays: number; outboxRetentionDays: number };
  /** The audit anchor file (AUDIT_ANCHOR_FILE). */
  audit?: { anchorFile: string };
  /**
   * The clock of the bot and the jobs (default: the system's). Tests pass one set to the date they
   * need, so no test depends on the day it runs.
   */
  now?: () => Date;
}

async function within<T>(ms: number, p: Promise<T>): Promise<T | undefined> {
  let t: NodeJS.Timeout | undefined;
  const r = await Promise.race([
    p,
    new Promise<undefined>((res) => {
      t = setTimeout(() => res(undefined), ms);
    }),
  ]);
  clearTimeout(t);
  return r;
}

/** Wires the bot (HTTP route and/or long connection) and the workers from explicit options. */
export async function startApp(o: AppOptions) {
  const log = o.logger;
  const { db, sql } = createDb(o.databaseUrl, { max: o.databasePoolMax ?? 20 });
  const redis = new Redis(o.redisUrl, {
    maxRetriesPerRequest: null,
    lazyConnect: false,
    ...(o.redisSentinel ?? {}),
  });
  const queues = createQueues(redis, o.queuePrefix);
  const feishu = createFeishuClient(o.feishu, log, 5_000);
  const enqueueOutbox = createOutboxEnqueuer({ db, redis, prefix: o.queuePrefix, queue: queues.outbox });
  const enqueueFanout = createFanoutEnqueuer(queues);
  // The holiday notices admins loaded (domain/calendar.ts): installed now, reread so a load made in
  // another process reaches this one within minutes.
  await loadCalendar(db);
  const calendarReload = setInterval(
    () => loadCalendar(db).catch((err) => log.warn({ err: String(err) }, 'calendar reload failed')),
    CALENDAR_RELOAD_MS,
  ).unref();
  // One clock for the bot and the jobs: below this line time comes in as an argument.
  const now = o.now ?? (() => new Date());
  // A role that may rewrite the audit trail makes it tamper-evident only: warned and in /readyz.
  const auditRole = await auditWritableBy(sql);
  if (auditRole.canRewrite) {
    log.warn({ role: auditRole.role }, 'the bot connects as a role that may update or delete audit rows');
  }
  const readiness = createReadiness({ db, redis, now, auditRole });
  // One registry per app (tests run several in one process); its gauges read the pools above on scrape.
  const metrics = createMetrics({
    db,
    redis,
    lastSuccessKey: redisKey(o.queuePrefix, 'metrics', 'last-success'),
    queues,
    now,
  });

  let server: Server | undefined;
  let ws: { close(): void } | undefined;
  if (o.role !== 'worker') {
    const dispatcher = createDispatcher({
      db,
      logger: log,
      enqueueOutbox,
      enqueueFanout,
      enqueueExports: async (ids) => void (await enqueueExports(queues, ids)),
      now,
      downloadImage: (messageId, fileKey) => downloadImage(feishu, messageId, fileKey),
      downloadFile: (messageId, fileKey, maxBytes) => downloadMessageFile(feishu, messageId, fileKey, maxBytes),
      uploadFile: (fileName, bytes) => uploadImFile(feishu, fileName, bytes),
      botOpenId: o.feishu.botOpenId,
      metrics,
      ...(o.audit ? { audit: o.audit } : {}),
    });
    const webhook = createWebhookHandler({
      dispatcher,
      logger: log,
      encryptKey: o.feishu.encryptKey,
      verificationToken: o.feishu.verificationToken,
      metrics,
      now: () => now().getTime(),
    });
    server = createHttpServer({ webhook, readiness, logger: log, metrics });
    await new Promise<void>((resolve) => server!.listen(o.port, o.host ?? '0.0.0.0', resolve));
    if (o.transport === 'ws') ws = await startLongConnection(o.feishu, dispatcher, log, undefined, metrics);
  } else {
    server = createHttpServer({
      webhook: async () => ({ status: 404, body: { code: 404, msg: 'worker only' } }),
      readiness,
      logger: log,
      metrics,
    });
    await new Promise<void>((resolve) => server!.listen(o.port, o.host ?? '0.0.0.0', resolve));
  }
  const workers =
    o.role !== 'bot'
      ? await startWorkers(
          {
            db,
            feishu,
            logger: log,
            redis,
            prefix: o.queuePrefix,
            queues,
            now,
            enqueueOutbox,
            enqueueFanout,
            retention: o.retention,
            audit: o.audit,
            metrics,
          },
          redis,
          o.workers,
        )
      : undefined;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  log.info({ role: o.role, port, transport: o.transport }, 'started');

  return {
    port,
    db,
    feishu,
    enqueueOutbox,
    enqueueFanout,
    metrics,
    /** Stops taking events, lets running handlers and jobs finish, closes pools. */
    async stop() {
      clearInterval(calendarReload);
      ws?.close();
      const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server?.closeIdleConnections();
      await within(3000, closed);
      await workers?.close();
      await closeQueues(queues);
      await redis.quit().catch(() => {});
      await sql.end({ timeout: 2 });
      log.info('stopped');
    },
  };
}
export type App = Awaited<ReturnType<typeof startApp>>;
