import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { startApp } from '../app';
import { trailLines, verifyTrail } from '../audit/trail';
import { loadConfig } from '../config';
import { prepareDatabase } from '../db/setup';
import { anchorAuditTrail } from '../features/audit/anchor';
import { createLogger } from '../log';
import { bootSandbox } from '../sandbox-boot';
import { playContracts } from './demo-contracts';
import { playLoopClosing } from './demo-loop';
import { playDemo, playPurchases } from './demo-script';
import { playYear } from './demo-year';

/**
 * Plays the scripted conversation against a throwaway database and queue prefix, with its own
 * sandbox, and prints the transcript. Needs only PostgreSQL and Redis.
 */
const config = loadConfig();
const logger = createLogger(process.env.LOG_LEVEL ?? 'silent');
const name = `/gps_demo_${Date.now().toString(36)}`;
const url = new URL(config.databaseUrl);
url.pathname = name;
const ownerUrl = new URL(config.databaseOwnerUrl);
ownerUrl.pathname = name;
await prepareDatabase(ownerUrl.toString(), url.toString());
const boot = await bootSandbox(0, logger);
const prefix = `demo-${randomBytes(3).toString('hex')}`;
const app = await startApp({
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
});
let failed = false;
try {
  await boot.seed(app.db);
  boot.sandbox.setEventUrl(`http://127.0.0.1:${app.port}/feishu/events`);
  console.log('# 演示:政府购买服务监管助手(沙箱)');
  await playDemo(boot.sandbox, (l) => console.log(l));
  await playPurchases(boot.sandbox, (l) => console.log(l));
  await playContracts(boot.sandbox, (l) => console.log(l));
  const deps = { db: app.db, enqueueOutbox: app.enqueueOutbox };
  const contractId = await playYear(boot.sandbox, (l) => console.log(l), deps);
  await playLoopClosing(boot.sandbox, (l) => console.log(l), { ...deps, contractId });
  // The day's anchor (the 01:30 job), then everything audit:verify checks, against it.
  const file = join(tmpdir(), `gps-demo-anchors-${prefix}.jsonl`);
  try {
    const anchor = await anchorAuditTrail(app.db, app, { now: new Date(), file });
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
  await app.stop();
  await boot.sandbox.close();
  ownerUrl.pathname = '/postgres';
  const admin = postgres(ownerUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${url.pathname.slice(1)}" with (force)`);
  await admin.end();
}
process.exit(failed ? 1 : 0);
