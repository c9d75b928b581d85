import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEV_AUDIT_KEY } from '../../src/audit/key';
import { createLogger } from '../../src/log';
import { createOutboxEnqueuer } from '../../src/outbox/relay';
import { OutboxWriter } from '../../src/outbox/write';
import { newAppCredentials, type Sandbox, startSandbox } from '../../src/sandbox';
import { createTestDb, type TestDb } from '../helpers/db';
import { outboxDelivered } from '../helpers/outbox';
import { dropPrefix, REDIS_URL, testPrefix } from '../helpers/redis';
import { exited, spawnApp } from '../helpers/spawn-app';

const TOTAL = 1000;
const RECEIVERS = 100;
let sb: Sandbox;
let tdb: TestDb;
let redis: Redis;
const prefix = testPrefix();
const creds = newAppCredentials();

beforeAll(async () => {
  sb = await startSandbox({ ...creds, port: 0, logger: createLogger('silent') });
  for (let i = 0; i < RECEIVERS; i++)
    sb.addUser({ openId: `ou_r${String(i).padStart(3, '0')}`, name: `收件人${i}` });
  tdb = await createTestDb();
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
});

afterAll(async () => {
  await redis.quit();
  await sb.close();
  await tdb.drop();
  await dropPrefix(prefix);
});

function workerEnv() {
  return {
    DATABASE_URL: tdb.appUrl,
    DATABASE_OWNER_URL: tdb.url,
    AUDIT_KEY: DEV_AUDIT_KEY,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    FEISHU_APP_ID: creds.appId,
    FEISHU_APP_SECRET: creds.appSecret,
    FEISHU_DOMAIN: sb.url,
    PORT: '0',
    RELAY_RATE_PER_SEC: '16',
  };
}

it('1,000 queued messages survive a SIGKILLed relay: each seen exactly once, none left unsent', async () => {
  const ids = await tdb.db.transaction(async (tx) => {
    const out = new OutboxWriter(tx);
    for (let n = 0; n < TOTAL; n++) {
      const to = `ou_r${String(n % RECEIVERS).padStart(3, '0')}`;
      await out.send({ type: 'open_id', id: to }, { text: `第${n}条` });
    }
    return out.ids;
  });
  const queue = new Queue('outbox', { connection: redis, prefix });
  await createOutboxEnqueuer({ db: tdb.db, redis, prefix, queue })(ids);
  await queue.close();

  const first = await spawnApp(['--role', 'worker'], workerEnv());
  await sb.waitFor(() => sb.stats().messages >= TOTAL / 2, 60_000);
  first.kill('SIGKILL');
  await exited(first);
  const killedAt = sb.stats().messages;

  const second = await spawnApp(['--role', 'worker'], workerEnv());
  await outboxDelivered(sb, tdb.db, 120_000);
  second.kill('SIGTERM');
  await exited(second);

  // Every receiver sees each of its messages exactly once.
  const seen = new Map<string, number>();
  for (let i = 0; i < RECEIVERS; i++) {
    for (const m of sb.inbox(`ou_r${String(i).padStart(3, '0')}`)) {
      const text = (m.content as { text: string }).text;
      seen.set(text, (seen.get(text) ?? 0) + 1);
    }
  }
  expect(seen.size).toBe(TOTAL);
  expect([...seen.values()].every((c) => c === 1)).toBe(true);
  const stats = sb.stats();
  console.log(
    `outbox-crash: killed after ${killedAt} deliveries; 429s=${stats.rateLimited}; uuid dedups=${stats.uuidDeduplicated}`,
  );
  expect(stats.rateLimited).toBeLessThan(10);
}, 240_000);
