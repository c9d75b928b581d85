import { type App, startApp } from '../../src/app';
import { createLogger } from '../../src/log';
import type { SandboxLimits } from '../../src/sandbox';
import { bootSandbox } from '../../src/sandbox-boot';
import { type TestClock, testClock } from './clock';
import { createTestDb } from './db';
import { dropPrefix, REDIS_URL, testPrefix } from './redis';

export interface HarnessOptions {
  transport?: 'webhook' | 'ws';
  role?: 'bot' | 'worker' | 'all';
  relayRatePerSec?: number;
  sandboxLimits?: Partial<SandboxLimits>;
  /**
   * The date the app, its jobs and the sandbox run at (an ISO time or a clock the test moves);
   * default the test process's pinned clock (TEST_NOW, pin-date.ts), never today.
   */
  now?: string | TestClock;
  /** The audit anchor file (AUDIT_ANCHOR_FILE) the jobs write and the board's 审计核验 reads. */
  audit?: { anchorFile: string };
}

/**
 * The whole bot in-process against a fresh database, a unique BullMQ prefix and its own sandbox,
 * seeded with the demo zone. Everything real but Feishu, which is the sandbox at its HTTP boundary.
 */
export async function startHarness(opts: HarnessOptions = {}) {
  // Logs are kept in memory so tests can assert on them (TEST_LOG=1 prints them too).
  const logs: string[] = [];
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'info', {
    write(line: string) {
      logs.push(line);
      if (process.env.TEST_LOG) process.stdout.write(line);
    },
  });
  const clock = typeof opts.now === 'object' ? opts.now : testClock(opts.now);
  const now = () => clock.now();
  const tdb = await createTestDb();
  const prefix = testPrefix();
  const boot = await bootSandbox(0, logger, opts.sandboxLimits, '127.0.0.1', now);
  const transport = opts.transport ?? 'webhook';
  const app: App = await startApp({
    role: opts.role ?? 'all',
    databaseUrl: tdb.appUrl,
    redisUrl: REDIS_URL,
    queuePrefix: prefix,
    port: 0,
    host: '127.0.0.1',
    transport,
    feishu: boot.feishu,
    logger,
    now,
    workers: { relayRatePerSec: opts.relayRatePerSec ?? 16, lockDurationMs: 5000 },
    ...(opts.audit ? { audit: opts.audit } : {}),
  });
  const org = await boot.seed(app.db);
  if (transport === 'webhook') boot.sandbox.setEventUrl(`http://127.0.0.1:${app.port}/feishu/events`);
  const person = (name: string) => {
    const p = org.people.find((x) => x.name === name);
    if (!p) throw new Error(`no demo person named ${name}`);
    return p.open_id;
  };
  return {
    sb: boot.sandbox,
    app,
    db: tdb.db,
    sql: tdb.sql,
    dbUrl: tdb.url,
    appUrl: tdb.appUrl,
    prefix,
    org,
    person,
    logs,
    /** The harness's clock: `now()` is the app's time; move it with `clock.set` / `clock.advance`. */
    clock,
    now,
    async stop() {
      await app.stop();
      await boot.sandbox.close();
      await tdb.drop();
      await dropPrefix(prefix);
    },
  };
}
export type Harness = Awaited<ReturnType<typeof startHarness>>;
