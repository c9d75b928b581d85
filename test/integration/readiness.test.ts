import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BACKLOG_LIMIT, createReadiness } from '../../src/bot/readiness';
import { calendarCovers } from '../../src/domain/calendar';
import { OutboxWriter } from '../../src/outbox/write';
import { createTestDb, type TestDb } from '../helpers/db';
import { REDIS_URL } from '../helpers/redis';

let tdb: TestDb;
let redis: Redis;
let deadRedis: Redis;
beforeAll(async () => {
  tdb = await createTestDb();
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  // Nothing listens on port 1: every command fails, as while Redis is down.
  deadRedis = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, retryStrategy: () => 1000 });
  deadRedis.on('error', () => {});
});
afterAll(async () => {
  await redis.quit();
  deadRedis.disconnect();
  await tdb.drop();
});

const june = () => new Date('2026-06-01T04:00:00Z');

it('names database and Redis; Redis down is reported but not critical', async () => {
  const up = await createReadiness({ db: tdb.db, redis, now: june })();
  expect(up.database).toEqual({ ok: true, critical: true });
  expect(up.redis).toEqual({ ok: true, critical: false });
  const down = await createReadiness({ db: tdb.db, redis: deadRedis, now: june })();
  expect(down.redis).toEqual({ ok: false, critical: false });
  expect(down.database?.ok).toBe(true);
});

it('asks for next year’s holidays from 1 November (Shanghai date)', async () => {
  const inJune = await createReadiness({ db: tdb.db, redis, now: june })();
  expect(inJune.calendar_next_year).toMatchObject({ ok: true, year: 2027 });
  // 31 October 16:00 UTC is already 1 November in Shanghai.
  const nov = await createReadiness({ db: tdb.db, redis, now: () => new Date('2026-10-31T16:00:00Z') })();
  expect(nov.calendar_next_year).toMatchObject({ ok: calendarCovers(2027), year: 2027 });
  const oct = await createReadiness({ db: tdb.db, redis, now: () => new Date('2026-10-31T15:00:00Z') })();
  expect(oct.calendar_next_year).toMatchObject({ ok: true, year: 2027 });
  // 2026's holidays are in the installed package: covered all through November 2025.
  const nov2025 = await createReadiness({ db: tdb.db, redis, now: () => new Date('2025-11-20T04:00:00Z') })();
  expect(nov2025.calendar_next_year).toMatchObject({ ok: true, year: 2026 });
});

it('counts rows pending for more than 5 minutes and fails the backlog above the limit', async () => {
  const writeRows = (n: number) =>
    tdb.db.transaction(async (tx) => {
      const out = new OutboxWriter(tx);
      for (let i = 0; i < n; i++) await out.send({ type: 'open_id', id: 'ou_x' }, { text: `${i}` });
      return out.ids;
    });
  await writeRows(3); // fresh: not a backlog yet
  const old = await writeRows(BACKLOG_LIMIT);
  await tdb.db.execute(
    sql`update outbox set created_at = now() - interval '6 minutes' where id = any(${`{${old.join(',')}}`}::uuid[])`,
  );
  const ready = createReadiness({ db: tdb.db, redis, now: june });
  expect((await ready()).outbox_backlog).toMatchObject({ ok: true, pending_older_than_5m: BACKLOG_LIMIT });
  const more = await writeRows(1);
  await tdb.db.execute(
    sql`update outbox set created_at = now() - interval '6 minutes' where id = ${more[0]}`,
  );
  expect((await ready()).outbox_backlog).toMatchObject({
    ok: false,
    critical: false,
    pending_older_than_5m: BACKLOG_LIMIT + 1,
  });
});
