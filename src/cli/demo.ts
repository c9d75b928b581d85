import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { startApp } from '../app';
import { verifyAudit } from '../audit/verify';
import { loadConfig } from '../config';
import { createDb } from '../db/client';
import { ensureDatabase, runMigrations } from '../db/migrate';
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
const url = new URL(config.databaseUrl);
url.pathname = `/gps_demo_${Date.now().toString(36)}`;
await ensureDatabase(url.toString());
{
  const { db, sql } = createDb(url.toString(), { max: 1 });
  await runMigrations(db);
  await sql.end();
}
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
  const audit = await verifyAudit(app.db);
  console.log(
    `\n## 审计日志校验:${audit.ok ? `完整,共 ${audit.rows} 条` : `发现问题 ${JSON.stringify(audit)}`}`,
  );
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
  const admin = postgres(config.databaseUrl.replace(/\/[^/]*$/, '/postgres'), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${url.pathname.slice(1)}" with (force)`);
  await admin.end();
}
process.exit(failed ? 1 : 0);
