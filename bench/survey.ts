import { Queue, QueueEvents } from 'bullmq';
import { inArray, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import type { Db } from '../src/db/client';
import { loadPolicy } from '../src/db/policy';
import { contracts, people, surveyRecipients } from '../src/db/schema';
import { clausesFromPolicy } from '../src/domain/clauses';
import type { SurveyRoundCounts } from '../src/features/surveys/rounds';
import { p2pChatId } from '../src/sandbox';
import { REDIS_URL } from '../test/helpers/redis';
import { startBenchStack } from './processes';
import { seedAssessedContracts } from './seed-contracts';
import { benchLine } from './stats';

const CONTRACTS = 1000;
const PER_CONTRACT = 20;
const RECIPIENTS = CONTRACTS * PER_CONTRACT;
/**
 * RELAY_RATE_PER_SEC for this bench: 20,000 cards at the default 16/s would take 21 minutes, so the
 * relay (and the sandbox's per-app API limits with it) runs at the highest rate config allows, 50/s:
 * a floor of 400 s.
 */
const BUDGET = 50;
const LIMITS = { apiPerSecond: 1000, apiPerMinute: 100_000 };
const AT = '2027-01-18T09:00:00+08:00'; // a Monday in January's round (15th to 24th): no chase yet
const recipientId = (i: number) => `ou_survey_r_${String(i).padStart(5, '0')}`;

/** 1,000 active contracts with survey clauses (policy v4), each naming 20 recipients, in bulk. */
export async function seed(db: Db) {
  const { contractIds, unitId } = await seedAssessedContracts(db, {
    unit: { code: 'survey_bench', name: '测评基准单位' },
    vendor: { name: '测评基准物业服务有限公司', usccSeed: 515151 },
    tag: '测评',
    assessors: Array.from({ length: 10 }, (_, i) => ({ openId: `ou_survey_a_${i}`, name: `测评考核员${i}` })),
    contracts: CONTRACTS,
    assessorsOf: (i) => [i % 10],
  });
  const policy = await loadPolicy(db);
  const survey = clausesFromPolicy(policy, { category: 'cleaning', recipients: 'named' }).survey;
  if (!survey) throw new Error(`policy version ${policy.version} has no survey block`);
  await db
    .update(contracts)
    .set({ clauses: sql`${contracts.clauses} || ${JSON.stringify({ survey })}::jsonb` })
    .where(inArray(contracts.id, contractIds));
  const staff: { openId: string; name: string }[] = [];
  for (let from = 0; from < RECIPIENTS; from += 5000) {
    const chunk = Array.from({ length: Math.min(5000, RECIPIENTS - from) }, (_, k) => ({
      openId: recipientId(from + k),
      name: `服务对象${from + k}`,
      unitId,
    }));
    const rows = await db.insert(people).values(chunk).returning({ id: people.id, openId: people.openId });
    await db
      .insert(surveyRecipients)
      .values(
        rows.map((p, k) => ({
          contractId: contractIds[Math.floor((from + k) / PER_CONTRACT)]!,
          personId: p.id,
        })),
      );
    staff.push(...chunk.map((c) => ({ openId: c.openId, name: c.name })));
  }
  return staff;
}

/**
 * The survey round for 1,000 contracts of 20 recipients each, run as the `survey.rounds` job in the
 * worker process: time from queueing the job to the last of the 20,000 cards delivered, against the
 * floor the relay's budget sets (20,000 / RELAY_RATE_PER_SEC seconds). Every recipient must get
 * exactly one card.
 */
export async function benchSurvey() {
  const s = await startBenchStack(BUDGET, LIMITS);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const sweeps = new Queue('sweeps', { connection: redis, prefix: s.prefix });
  const events = new QueueEvents('sweeps', { connection: { url: REDIS_URL }, prefix: s.prefix });
  await events.waitUntilReady();
  await sweeps.removeJobScheduler('survey-rounds'); // the daily schedule would run today's date
  const staff = await seed(s.db);
  for (const p of staff) s.sb.addUser(p);
  s.sb.reset();

  const queuedAt = Date.now();
  const job = await sweeps.add('survey.rounds', { at: AT });
  const result = (await job.waitUntilFinished(events, 600_000)) as SurveyRoundCounts;
  await s.sb.waitFor(() => s.sb.stats().messages >= RECIPIENTS || undefined, 1_800_000);
  await new Promise((r) => setTimeout(r, 3000)); // would-be duplicates have time to land
  const done = (await sweeps.getJob(job.id!))!;
  const byChat = s.sb.botMessagesByChat();
  const counts = staff.map((p) => byChat.get(p2pChatId(p.openId))?.count ?? 0);
  const last = Math.max(...staff.map((p) => byChat.get(p2pChatId(p.openId))?.lastAt ?? 0));
  // From the moment the job was queued (this process's clock, like the sandbox's delivery times).
  const elapsedS = (last - queuedAt) / 1000;
  const floorS = RECIPIENTS / BUDGET;
  const stats = s.sb.stats();
  const duplicates = counts.reduce((n, c) => n + Math.max(0, c - 1), 0);
  await sweeps.close();
  await events.close();
  await redis.quit();
  await s.stop();
  if (duplicates > 0) throw new Error(`survey bench: ${duplicates} duplicate cards`);
  return benchLine('survey', {
    contracts: result.contracts,
    recipients: RECIPIENTS,
    sent: counts.filter((c) => c > 0).length,
    duplicates,
    seconds: elapsedS,
    floor_seconds: floorS,
    ratio: elapsedS / floorS,
    invited: result.invited,
    budget_per_s: BUDGET,
    job_s: (done.finishedOn! - done.processedOn!) / 1000,
    rate_limited_429: stats.rateLimited,
  });
}
