import { Queue, QueueEvents } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/client';
import { contracts } from '../../src/db/schema';
import { type ReminderCounts, sweepScoreReminders } from '../../src/features/scoring/reminders';
import { botCards, titleOf } from '../helpers/cards';
import { contractLabelRe, createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';
import { outboxDelivered } from '../helpers/outbox';
import { REDIS_URL } from '../helpers/redis';

let h: Harness;
let enqueued: string[] = [];
const deps = {
  async enqueueOutbox(ids: string[]) {
    enqueued.push(...ids);
    await h.app.enqueueOutbox(ids);
  },
};
const sweep = (on: Db, iso: string, batchSize?: number) =>
  sweepScoreReminders(on, new Date(iso), deps, { batchSize });
const counts = (c: Partial<ReminderCounts>): ReminderCounts => ({
  contracts: 1,
  open: 0,
  remind: 0,
  overdue: 0,
  escalate: 0,
  ...c,
});

/** Titles of the reminder cards a person holds for a contract. */
const titlesFor = (name: string, contractId: number) =>
  botCards(h.sb.inbox(h.person(name)))
    .filter((m) => contractLabelRe(contractId).test(JSON.stringify(m.content)))
    .map(titleOf);

const delivered = () => outboxDelivered(h.sb, h.db, 60_000);

beforeAll(async () => {
  h = await startHarness();
  const q = new Queue('sweeps', { connection: { url: REDIS_URL }, prefix: h.prefix });
  await q.removeJobScheduler('score-reminders'); // these tests set the clock themselves
  await q.close();
});
afterAll(() => h.stop());
afterEach(async () => {
  await h.db.update(contracts).set({ status: 'ended' }).where(eq(contracts.status, 'active'));
  enqueued = [];
});

it('run twice, from two connections at once, over pages, then by a restarted worker: each reminder claimed once', async () => {
  const made: number[] = [];
  for (let i = 0; i < 30; i++) {
    const { contract } = await createContract(h, {
      startsOn: '2026-09-01',
      endsOn: '2026-12-31',
      assessors: ['张伟', '李秀英'],
    });
    made.push(contract.id);
  }
  const w1 = createDb(h.dbUrl, { max: 4 });
  const w2 = createDb(h.dbUrl, { max: 4 });
  const day = '2026-10-15T09:00:00+08:00'; // September's escalation day: overdue to assessors, 督办 to the leader
  try {
    const results = await Promise.all([
      sweep(w1.db, day, 7),
      sweep(w2.db, day, 7),
      sweep(w1.db, day, 11),
      sweep(w2.db, day),
    ]);
    const sum = (k: keyof ReminderCounts) => results.reduce((n, r) => n + r[k], 0);
    expect([sum('open'), sum('remind'), sum('overdue'), sum('escalate')]).toEqual([0, 0, 60, 30]);
    expect(await sweep(w1.db, day)).toEqual(counts({ contracts: 30 })); // run again: nothing
    // A worker started afresh (a new pool, nothing in memory) finds nothing to do either.
    const restarted = createDb(h.dbUrl, { max: 2 });
    expect(await sweep(restarted.db, '2026-10-15T14:00:00+08:00')).toEqual(counts({ contracts: 30 }));
    await restarted.sql.end();
  } finally {
    await w1.sql.end();
    await w2.sql.end();
  }
  expect(new Set(enqueued).size).toBe(enqueued.length);
  expect(enqueued).toHaveLength(90);
  await delivered();
  for (const id of made) {
    expect(titlesFor('张伟', id)).toEqual(['月度考核已逾期']);
    expect(titlesFor('李秀英', id)).toEqual(['月度考核已逾期']);
    expect(titlesFor('王建国', id)).toEqual(['月度考核逾期督办']);
  }
}, 90_000);

it('runs as the score.reminders job on a real BullMQ worker, with the clock in its payload', async () => {
  const { contract: c } = await createContract(h, { startsOn: '2026-09-01', endsOn: '2026-12-31' });
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const events = new QueueEvents('sweeps', { connection: { url: REDIS_URL }, prefix: h.prefix });
  const sweeps = new Queue('sweeps', { connection, prefix: h.prefix });
  try {
    await events.waitUntilReady();
    const run = async (at: string) =>
      (await sweeps.add('score.reminders', { at })).waitUntilFinished(events, 15_000);
    expect(await run('2026-09-28T09:00:00+08:00')).toEqual(counts({ open: 1 }));
    expect(await run('2026-09-28T14:00:00+08:00')).toEqual(counts({}));
    await h.sb.waitFor(() => titlesFor('张伟', c.id).length === 1);
    expect(titlesFor('张伟', c.id)).toEqual(['月度考核已开放']);
    const bad = await sweeps.add('score.reminders', { at: 'yesterday' }, { attempts: 1 });
    await expect(bad.waitUntilFinished(events, 15_000)).rejects.toThrow();
  } finally {
    await sweeps.close();
    await events.close();
    await connection.quit();
  }
});
