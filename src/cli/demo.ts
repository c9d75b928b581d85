import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { type App, startApp } from '../app';
import { trailLines, verifyTrail } from '../audit/trail';
import { loadConfig } from '../config';
import { prepareDatabase } from '../db/setup';
import { anchorAuditTrail } from '../features/audit/anchor';
import { createLogger } from '../log';
import { bootSandbox } from '../sandbox-boot';
import { playContracts } from './demo-contracts';
import { DEMO_STORY_START } from './demo-date';
import { playLoopClosing } from './demo-loop';
import { playQuarter } from './demo-quarter';
import { playDemo, playPurchases } from './demo-script';
import { playYear } from './demo-year';
import { removePrefixKeys } from './redis-prefix';

/**
 * Plays the scripted conversation against a throwaway database and queue prefix, with its own
 * sandbox, and prints the transcript. Needs only PostgreSQL and Redis, and leaves nothing in
 * either: the database is dropped and every Redis key under its prefix (BullMQ's queues, job
 * schedulers and `meta` keys, the app's own) deleted when it ends, fails or is interrupted.
 * DEMO_PREFIX names the prefix, DEMO_NOW (an ISO time) where the demo's clock starts; by default
 * demo-<random> and the story's date (demo-date.ts), so the demo plays the same on any day.
 */
/** A clock that starts at `start` and runs on at the machine's pace; the scenes move it (`set`). */
function clockFrom(start: string) {
  let base = Date.parse(start);
  if (!Number.isFinite(base)) throw new Error(`DEMO_NOW is not a time: ${start}`);
  let since = performance.now();
  return {
    now: () => new Date(base + Math.floor(performance.now() - since)),
    set: (at: string) => {
      base = Date.parse(at);
      since = performance.now();
    },
  };
}

const config = loadConfig();
const logger = createLogger(process.env.LOG_LEVEL ?? 'silent');
const name = `/gps_demo_${Date.now().toString(36)}`;
const url = new URL(config.databaseUrl);
url.pathname = name;
const ownerUrl = new URL(config.databaseOwnerUrl);
ownerUrl.pathname = name;
const prefix = process.env.DEMO_PREFIX || `demo-${randomBytes(3).toString('hex')}`;
const clock = clockFrom(process.env.DEMO_NOW || DEMO_STORY_START);
const now = clock.now;
let boot: Awaited<ReturnType<typeof bootSandbox>> | undefined;
let app: App | undefined;

let cleaning: Promise<void> | undefined;
let interrupted: number | undefined;
/** Once, however the demo ends: the app and sandbox stopped, then the database and the keys removed. */
const cleanUp = () =>
  (cleaning ??= (async () => {
    const quietly = (p: Promise<unknown> | undefined) =>
      p?.catch((err: unknown) =>
        console.error(`清理时出错:${err instanceof Error ? err.message : String(err)}`),
      );
    await quietly(app?.stop());
    await quietly(boot?.sandbox.close());
    const adminUrl = new URL(ownerUrl);
    adminUrl.pathname = '/postgres';
    const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
    await quietly(admin.unsafe(`drop database if exists "${name.slice(1)}" with (force)`));
    await quietly(admin.end());
    // After the app stopped: nothing of the demo can write a key behind the deletion.
    const removed = await removePrefixKeys(config.redisUrl, prefix).catch((err: unknown) => {
      console.error(`清理 Redis 时出错:${err instanceof Error ? err.message : String(err)}`);
      return 0;
    });
    console.log(`\n(演示结束:已删除临时数据库,以及 Redis 中的 ${removed} 个临时键)`);
  })());
// Ctrl-C (or a stop) in the middle of the demo cleans up too.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    interrupted = code;
    void cleanUp().finally(() => process.exit(code));
  });
}

let failed = false;
try {
  await prepareDatabase(ownerUrl.toString(), url.toString());
  boot = await bootSandbox(0, logger, undefined, '127.0.0.1', now);
  app = await startApp({
    role: 'all',
    databaseUrl: url.toString(),
    databasePoolMax: config.databasePoolMax,
    redisUrl: config.redisUrl,
    queuePrefix: prefix,
    port: 0,
    host: '127.0.0.1',
    transport: 'webhook',
    feishu: boot.feishu,
    logger,
    workers: { relayRatePerSec: config.relayRatePerSec },
    now,
  });
  await boot.seed(app.db);
  boot.sandbox.setEventUrl(`http://127.0.0.1:${app.port}/feishu/events`);
  console.log('# 演示:政府购买服务监管助手(沙箱)');
  await playDemo(boot.sandbox, (l) => console.log(l));
  await playPurchases(boot.sandbox, (l) => console.log(l), clock.set);
  await playContracts(boot.sandbox, (l) => console.log(l), clock.set);
  const deps = { db: app.db, enqueueOutbox: app.enqueueOutbox };
  const contractId = await playYear(boot.sandbox, (l) => console.log(l), deps);
  await playLoopClosing(boot.sandbox, (l) => console.log(l), { ...deps, contractId, now });
  await playQuarter(boot.sandbox, (l) => console.log(l), { ...deps, now }, clock.set);
  // The day's anchor (the 01:30 job), then everything audit:verify checks, against it.
  const file = join(tmpdir(), `gps-demo-anchors-${prefix}.jsonl`);
  try {
    const anchor = await anchorAuditTrail(app.db, app, { now: now(), file });
    const trail = await verifyTrail(app.db, { file });
    const c = trail.chains;
    console.log(
      trail.ok && c.ok
        ? `\n## 审计日志校验:完整,共 ${c.rows} 条记录、${c.chains} 条审计链;第 ${anchor.n} 号锚点已发给纪检监察 ${anchor.recipients} 人并写入锚点文件`
        : `\n## 审计日志校验:发现问题\n${trailLines(trail, file).join('\n')}`,
    );
    if (!trail.ok) failed = true;
  } finally {
    await rm(file, { force: true });
  }
  const errors = boot.sandbox.errors();
  if (errors.length) {
    failed = true;
    console.log(`\n沙箱记录的错误:${JSON.stringify(errors, null, 2)}`);
  }
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await cleanUp();
}
process.exit(interrupted ?? (failed ? 1 : 0));
