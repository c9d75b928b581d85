import { Queue, QueueEvents } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import type { Db } from '../src/db/client';
import { loadPolicy } from '../src/db/policy';
import {
  budgetLines,
  contractAssessors,
  contracts,
  people,
  procurements,
  purchaseRequests,
  roleGrants,
  units,
  vendors,
} from '../src/db/schema';
import { clausesFromPolicy, rubricTemplate } from '../src/domain/clauses';
import type { ReminderCounts } from '../src/features/scoring/reminders';
import { makeUscc } from '../test/helpers/contract';
import { REDIS_URL } from '../test/helpers/redis';
import { startBenchStack } from './processes';
import { benchLine } from './stats';

const ASSESSORS = 1000;
const BUDGET = 16; // RELAY_RATE_PER_SEC, the default
const AT = '2026-09-28T09:00:00+08:00'; // September's window is open (09-25 was 中秋节): 1,000 「已开放」
const assessorId = (i: number) => `ou_month_end_${String(i).padStart(4, '0')}`;

/** 1,000 assessors, each of one active contract signed under the current policy, inserted in bulk. */
export async function seed(db: Db) {
  const policy = await loadPolicy(db);
  const [leader] = await db.select().from(people).where(eq(people.name, '王建国'));
  const [unit] = await db.insert(units).values({ code: 'month_end', name: '月末基准单位' }).returning();
  const [line] = await db
    .insert(budgetLines)
    .values({
      unitId: unit!.id,
      fiscalYear: 2026,
      category: 'cleaning',
      amountFen: 10n ** 13n,
      createdBy: 'bench',
    })
    .returning();
  const [vendor] = await db
    .insert(vendors)
    .values({
      name: '基准物业服务有限公司',
      uscc: makeUscc(424242),
      contactName: '孙经理',
      createdBy: 'bench',
    })
    .returning();
  const n = Array.from({ length: ASSESSORS }, (_, i) => i);
  const staff = await db
    .insert(people)
    .values(n.map((i) => ({ openId: assessorId(i), name: `考核员${i}`, unitId: unit!.id })))
    .returning();
  await db
    .insert(roleGrants)
    .values(
      staff.map((p) => ({ personId: p.id, role: 'assessor' as const, unitId: unit!.id, grantedBy: 'bench' })),
    );
  const amountFen = 12_000_000n;
  const requests = await db
    .insert(purchaseRequests)
    .values(
      staff.map((p, i) => ({
        unitId: unit!.id,
        budgetLineId: line!.id,
        category: 'cleaning' as const,
        description: `基准保洁服务${i}`,
        whyOutsource: '基准测试',
        suppliersAsked: 3,
        priceLowFen: amountFen,
        priceHighFen: amountFen,
        amountFen,
        method: 'open_tender' as const,
        filerId: p.id,
        leaderId: leader!.id,
        departmentId: leader!.id,
        policyVersion: policy.version,
        status: 'approved' as const,
        decidedAt: new Date(),
      })),
    )
    .returning({ id: purchaseRequests.id });
  const procs = await db
    .insert(procurements)
    .values(
      requests.map((r, i) => ({
        requestId: r.id,
        method: 'open_tender' as const,
        platform: '苏州市公共资源交易平台',
        referenceNo: `ME-${i}`,
        bidders: 3,
        awardDate: '2026-08-20',
        vendorId: vendor!.id,
        awardedFen: amountFen,
        policyVersion: policy.version,
        recordedBy: leader!.id,
      })),
    )
    .returning({ id: procurements.id, requestId: procurements.requestId });
  const [clauses, rubric] = [clausesFromPolicy(policy), rubricTemplate(policy, 'cleaning')];
  const signed = await db
    .insert(contracts)
    .values(
      procs.map((p) => ({
        procurementId: p.id,
        requestId: p.requestId,
        unitId: unit!.id,
        vendorId: vendor!.id,
        category: 'cleaning' as const,
        amountFen,
        startsOn: '2026-09-01',
        endsOn: '2027-08-31',
        paymentSchedule: [],
        targets: '保洁覆盖率100%',
        rubric,
        clauses,
        policyVersion: policy.version,
        leaderId: leader!.id,
        signedOn: '2026-08-25',
        signedBy: leader!.id,
      })),
    )
    .returning({ id: contracts.id });
  await db
    .insert(contractAssessors)
    .values(signed.map((c, i) => ({ contractId: c.id, personId: staff[i]!.id })));
  return staff;
}

/**
 * Month end: the scoring reminder sweep for 1,000 assessors (one contract each) on a day their window
 * is open, run as the `score.reminders` job in the worker process. Time from the sweep's start to the
 * last delivery, against the floor the relay's budget sets (1,000 / RELAY_RATE_PER_SEC seconds).
 */
export async function benchMonthEnd() {
  const s = await startBenchStack(BUDGET);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const sweeps = new Queue('sweeps', { connection: redis, prefix: s.prefix });
  const events = new QueueEvents('sweeps', { connection: { url: REDIS_URL }, prefix: s.prefix });
  await events.waitUntilReady();
  await sweeps.removeJobScheduler('score-reminders'); // the daily schedule would sweep today's date
  const staff = await seed(s.db);
  for (const p of staff) s.sb.addUser({ openId: p.openId, name: p.name });
  s.sb.reset();

  const queuedAt = Date.now();
  const job = await sweeps.add('score.reminders', { at: AT });
  const result = (await job.waitUntilFinished(events, 120_000)) as ReminderCounts;
  const inboxes = () => staff.map((p) => s.sb.inbox(p.openId));
  await s.sb.waitFor(() => inboxes().every((m) => m.length >= 1), 600_000);
  await new Promise((r) => setTimeout(r, 2000)); // would-be duplicates have time to land
  const done = (await sweeps.getJob(job.id!))!;
  const startedAt = done.processedOn!;
  const all = inboxes();
  const last = Math.max(...all.flat().map((m) => m.createdAt));
  const elapsedS = (last - startedAt) / 1000;
  const floorS = ASSESSORS / BUDGET;
  const stats = s.sb.stats();
  await sweeps.close();
  await events.close();
  await redis.quit();
  await s.stop();
  return benchLine('month_end', {
    assessors: ASSESSORS,
    reminded: result.open,
    budget_per_s: BUDGET,
    pickup_ms: startedAt - queuedAt,
    sweep_s: (done.finishedOn! - startedAt) / 1000,
    elapsed_s: elapsedS,
    floor_s: floorS,
    ratio: elapsedS / floorS,
    delivered: all.filter((m) => m.length > 0).length,
    rate_limited_429: stats.rateLimited,
    duplicates: all.reduce((n, m) => n + Math.max(0, m.length - 1), 0),
  });
}
