import { sql as dsql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb, pipelinedTransaction } from '../../src/db/client';
import { createLanes, isConnectionLost } from '../../src/db/lanes';
import { createTestDb, type TestDb } from '../helpers/db';

/**
 * Transactions on lanes (src/db/lanes.ts) when their connection is cut: each terminates only its
 * own backend, on this file's database. The bot-level test with a restarted server is
 * db-restart.test.ts; this one pins the cases one by one, in-process, where the crash of
 * postgres.js 3.4.9's reserve() would be an uncaught error failing the run.
 */

let tdb: TestDb;
let killer: postgres.Sql;
let app: ReturnType<typeof createDb>;

beforeAll(async () => {
  tdb = await createTestDb(2);
  await tdb.sql`create table lane_probe (id int primary key)`;
  killer = postgres(tdb.url, { max: 1, onnotice: () => {} });
  app = createDb(tdb.url, { max: 4 });
});

afterAll(async () => {
  await app.sql.end({ timeout: 1 });
  await killer.end({ timeout: 1 });
  await tdb.drop();
});

const rows = async () =>
  (await tdb.sql<{ id: number }[]>`select id from lane_probe order by id`).map((r) => r.id);
const terminate = (pid: number) => killer`select pg_terminate_backend(${pid})`;

it('a transaction whose connection is terminated while a statement runs fails as a lost connection and writes nothing', async () => {
  const err = await pipelinedTransaction(
    app.db,
    (s) => s<{ pid: number }[]>`select pg_backend_pid() as pid`,
    async (_tx, s, [row]) => {
      await s`insert into lane_probe values (1)`;
      const slow = s`select pg_sleep(5)`.execute();
      // The cut can reject `slow` before terminate() returns: handled from now on (awaited below), so
      // it is not an unhandled rejection in the meantime.
      slow.catch(() => {});
      await terminate(row!.pid);
      await slow;
    },
  ).catch((e: unknown) => e);
  expect(isConnectionLost(err)).toBe(true);
  expect(await rows()).toEqual([]);
}, 10_000);

it('a transaction cut between two statements is refused at its next one, without a write', async () => {
  const err = await pipelinedTransaction(
    app.db,
    (s) => s<{ pid: number }[]>`select pg_backend_pid() as pid`,
    async (_tx, s, [row]) => {
      await s`insert into lane_probe values (2)`;
      await terminate(row!.pid);
      await new Promise((r) => setTimeout(r, 200));
      // The cut arrived while nothing was in flight: postgres.js 3.4.9's reserve() wrote this to the
      // null socket of the closed connection (an uncaught TypeError); the lane refuses it.
      await s`insert into lane_probe values (3)`;
    },
  ).catch((e: unknown) => e);
  expect((err as { code?: string }).code).toBe('CONNECTION_CLOSED');
  expect(await rows()).toEqual([]);
}, 10_000);

it("drizzle's db.transaction is cut the same way; the next transactions reconnect and commit", async () => {
  const err = await app.db
    .transaction(async (tx) => {
      const [row] = await tx.execute<{ pid: number }>(dsql`select pg_backend_pid() as pid`);
      await tx.execute(dsql`insert into lane_probe values (4)`);
      await terminate(row!.pid);
      await new Promise((r) => setTimeout(r, 200));
      await tx.execute(dsql`insert into lane_probe values (5)`);
    })
    .catch((e: unknown) => e);
  expect(isConnectionLost(err)).toBe(true);
  // Each of the lanes, cut or not, serves a new transaction.
  await Promise.all(
    [6, 7, 8].map((id) =>
      app.db.transaction((tx) => tx.execute(dsql`insert into lane_probe values (${id})`)),
    ),
  );
  await pipelinedTransaction(
    app.db,
    (s) => s`select 1`,
    (_tx, s) => s`insert into lane_probe values (9)`,
  );
  expect(await rows()).toEqual([6, 7, 8, 9]);
}, 10_000);

it('outside the transactions it begins, a lane cannot write (what postgres.js replays after a reconnect)', async () => {
  const pool = postgres(tdb.url, { max: 1, onnotice: () => {} });
  const lanes = createLanes(tdb.url, 1, pool);
  try {
    const err = await lanes
      .using((s) => s.sql`insert into lane_probe values (10)`.then(() => undefined))
      .catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('25006'); // read_only_sql_transaction
    await lanes.using(async (s) => {
      await s.sql`begin read write`;
      await s.sql`insert into lane_probe values (10)`;
      await s.sql`commit`;
    });
    expect(await rows()).toContain(10);
  } finally {
    await lanes.end({ timeout: 1 });
    await pool.end({ timeout: 1 });
  }
}, 10_000);
