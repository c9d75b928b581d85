import type { ChildProcess } from 'node:child_process';
import { Queue, QueueEvents } from 'bullmq';
import { and, eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { DEV_AUDIT_KEY } from '../../src/audit/key';
import { contracts, groupBindings, monthlyScores } from '../../src/db/schema';
import { shanghaiDate } from '../../src/domain/calendar';
import { contractNumber } from '../../src/domain/contract-format';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { kindDue, reminderSchedule } from '../../src/domain/score-window';
import type { ReminderCounts } from '../../src/features/scoring/reminders';
import { evaluateAfterScore } from '../../src/features/thresholds/after-score';
import { OutboxWriter } from '../../src/outbox/write';
import { renderCardText } from '../../src/sandbox/card-text';
import type { MessageView } from '../../src/sandbox/types';
import { botCards, sleep, titleOf } from '../helpers/cards';
import { contractLabelRe, createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';
import { outboxDelivered } from '../helpers/outbox';
import { REDIS_URL } from '../helpers/redis';
import { exited, spawnApp } from '../helpers/spawn-app';

/**
 * Issue 12, point 2: the bound project group gets the month's scoring notices, one message per group
 * per run, @mentioning the assessors who have not scored; the unit's bound leadership group gets the
 * warnings of rule 9. The bot runs here (clicks), the jobs and the relay in worker processes.
 */
const AT = '2026-09-28T09:00:00+08:00'; // September's window is open (the 25th was 中秋节)
const NOBODY = 'ou_0000000000000000000000000000nobody'; // a member of every group, with no role

let h: Harness;
let redis: Redis;
let events: QueueEvents;
let sweeps: Queue;
let worker: ChildProcess | undefined;
const children: ChildProcess[] = [];
let p: (name: string) => string;

function workerEnv(rate: number) {
  return {
    DATABASE_URL: h.appUrl,
    DATABASE_OWNER_URL: h.dbUrl,
    AUDIT_KEY: DEV_AUDIT_KEY,
    REDIS_URL,
    QUEUE_PREFIX: h.prefix,
    FEISHU_APP_ID: h.sb.appId,
    FEISHU_APP_SECRET: h.sb.appSecret,
    FEISHU_DOMAIN: h.sb.url,
    PORT: '0',
    RELAY_RATE_PER_SEC: String(rate),
  };
}

async function startWorker(rate: number) {
  const child = await spawnApp(['--role', 'worker'], workerEnv(rate));
  children.push(child);
  // The daily schedule (re)installed by every worker would sweep today's real date.
  await sweeps.removeJobScheduler('score-reminders');
  return child;
}

async function kill(child: ChildProcess) {
  child.kill('SIGKILL');
  await exited(child);
}

/** Runs `n` sweep jobs at once (spread over the running workers) and returns their results. */
async function runJobs(n: number, at: string): Promise<ReminderCounts[]> {
  const jobs = await sweeps.addBulk(
    Array.from({ length: n }, () => ({ name: 'score.reminders', data: { at } })),
  );
  return Promise.all(jobs.map((j) => j.waitUntilFinished(events, 30_000)));
}

/** A group in the sandbox (with NOBODY in it), known to the bot as a group, bound as a test would. */
async function bindGroup(
  chatId: string,
  kind: 'project' | 'leadership',
  target: number,
  members: string[],
  o: { unbound?: boolean } = {},
) {
  h.sb.addChat({ chatId, name: chatId, members: [...members, NOBODY] });
  await h.sql`insert into chats (chat_id, type) values (${chatId}, 'group') on conflict do nothing`;
  await h.db.insert(groupBindings).values({
    chatId,
    kind,
    unitId: kind === 'leadership' ? target : null,
    contractId: kind === 'project' ? target : null,
    boundBy: 'test',
    ...(o.unbound ? { unboundAt: new Date(), unboundBy: 'test' } : {}),
  });
}

/** The bot's cards in a group, as its member with no role sees them. */
const inGroup = (chatId: string) => botCards(h.sb.inbox(NOBODY)).filter((m) => m.chatId === chatId);
const markdownOf = (m: MessageView) => JSON.stringify(m.content);
/** The people a card @mentions, each once, sorted. */
const mentions = (m: MessageView) =>
  [...new Set([...markdownOf(m).matchAll(/<at id=(ou_[0-9a-z]+)><\/at>/g)].map((x) => x[1]))].sort();
const delivered = () => outboxDelivered(h.sb, h.db, 60_000);
const count = async (q: ReturnType<typeof sql>) => (await h.db.execute<{ n: number }>(q))[0]!.n;
const at = (date: string, time = '09:00') => `${date}T${time}:00+08:00`;

beforeAll(async () => {
  h = await startHarness({ role: 'bot' });
  p = h.person;
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  events = new QueueEvents('sweeps', { connection: { url: REDIS_URL }, prefix: h.prefix });
  sweeps = new Queue('sweeps', { connection: redis, prefix: h.prefix });
  await events.waitUntilReady();
  h.sb.addUser({ openId: NOBODY, name: '路人甲' });
  worker = await startWorker(16);
}, 60_000);

afterEach(async () => {
  await h.db.update(contracts).set({ status: 'ended' }).where(eq(contracts.status, 'active'));
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await Promise.all(children.map(exited));
  await sweeps.close();
  await events.close();
  await redis.quit();
  await h.stop();
});

it('a bound project group gets one message per run, @mentioning only the assessors who have not scored', async () => {
  const term = { startsOn: '2026-09-01', endsOn: '2027-08-31' };
  const enforcement = { ...term, unitCode: 'enforcement', leader: '陈志强', assessors: ['刘芳'] };
  // One group bound to three contracts: two not scored yet, one scored.
  const c1 = await createContract(h, { ...term, assessors: ['张伟', '李秀英'] });
  const c2 = await createContract(h, {
    ...term,
    unitCode: 'sanitation',
    leader: '赵敏',
    assessors: ['黄海燕'],
  });
  const c3 = await createContract(h, enforcement);
  const scored = await createContract(h, enforcement); // alone in its group, scored
  const unbound = await createContract(h, { ...term, assessors: ['张伟'] });
  const formerly = await createContract(h, { ...term, assessors: ['李秀英'] });
  const [lf] = await h.sql`select id from people where open_id = ${p('刘芳')}`;
  for (const c of [c3, scored])
    await h.db.insert(monthlyScores).values({
      contractId: c.contract.id,
      month: '2026-09',
      deductions: [],
      dailyTenths: 950,
      managementTenths: 950,
      finalTenths: 950,
      enteredBy: Number(lf!.id),
    });
  const members = ['张伟', '李秀英', '黄海燕', '刘芳', '王建国'].map(p);
  for (const c of [c1, c2, c3]) await bindGroup('oc_pg_one', 'project', c.contract.id, members);
  await bindGroup('oc_pg_scored', 'project', scored.contract.id, [p('刘芳'), p('陈志强')]);
  await bindGroup('oc_pg_former', 'project', formerly.contract.id, [p('李秀英')], { unbound: true });
  // 张伟 and 李秀英 have used the bot (an event from an open_id proves it is this app's); 黄海燕 has not,
  // so the card names her instead of @mentioning an id Feishu might refuse the whole card for (100290).
  for (const who of ['张伟', '李秀英']) await h.sb.say(p(who), '菜单');
  await delivered();
  const seenAssessors = [p('张伟'), p('李秀英')].sort();
  const s = reminderSchedule('2026-09', c1.contract.clauses.scoring);
  expect(kindDue('2026-09', '2026-09-28', c1.contract.clauses.scoring)).toBe('open');

  const [first] = await runJobs(1, AT);
  // The private cards as before: 张伟, 李秀英 (c1), 黄海燕 (c2), 张伟 (unbound), 李秀英 (formerly).
  expect(first!.open).toBe(5);
  await delivered();
  const [card, ...more] = inGroup('oc_pg_one');
  expect(more).toEqual([]);
  expect(titleOf(card)).toBe('月度考核已开放');
  expect(mentions(card!)).toEqual(seenAssessors);
  const shown = renderCardText(card!.content as object).text;
  expect(shown).toMatch(/尚未评分:黄海燕,/);
  expect(shown).toContain(`合同 ${contractNumber(c1.contract)} · 资产经营公司 · 保洁`);
  expect(shown).toContain(`合同 ${contractNumber(c2.contract)} · 环卫所 · 保洁`);
  expect(shown).not.toContain(`合同 ${contractNumber(c3.contract)} ·`);
  expect(shown).toContain('2026年9月考核已开放,截止日为');
  // The group sees the bound contracts' numbers (group-safe), never a vendor or an amount.
  const secrets = [
    ...[c1, c2, c3, unbound].map((c) => c.vendor.name),
    ...[c3, unbound].map((c) => contractNumber(c.contract)),
  ];
  for (const secret of [...secrets, '180,000', '18万']) expect(markdownOf(card!)).not.toContain(secret);
  expect(inGroup('oc_pg_scored')).toEqual([]);
  expect(inGroup('oc_pg_former')).toEqual([]);
  // The private cards stay as they were, in each assessor's own chat.
  const privateOpen = (who: string) =>
    botCards(h.sb.inbox(p(who))).filter(
      (m) => m.chatId.startsWith('oc_p2p_') && titleOf(m) === '月度考核已开放',
    );
  expect(privateOpen('张伟')).toHaveLength(2);
  expect(privateOpen('李秀英')).toHaveLength(2);
  expect(privateOpen('黄海燕')).toHaveLength(1);
  expect(privateOpen('刘芳')).toHaveLength(0);
  const runs = await h.sql`select chat_id, run_key from group_reminder_runs order by chat_id`;
  expect(runs.map((r) => [r.chat_id, r.run_key])).toEqual([['oc_pg_one', 'score.reminders:2026-09-28']]);
  expect(
    await count(sql`select count(*)::int as n from audit_log where action = 'score.group_reminded'`),
  ).toBe(1);

  // 去评分 on the group card: the score card goes to the clicker's private chat, the group card stays.
  const goScore = { a: 'score.form', contract: c1.contract.id, month: '2026-09' };
  expect(shown).toContain(`去评分 · ${contractNumber(c1.contract)} 2026年9月`);
  const click = await h.sb.click(p('张伟'), card!, goScore);
  expect(click.toast).toMatchObject({ content: expect.stringContaining('已私聊发送') });
  expect(click.card).toBeUndefined();
  await h.sb.waitFor(() =>
    botCards(h.sb.inbox(p('张伟'))).find(
      (m) => m.chatId.startsWith('oc_p2p_') && titleOf(m) === '录入月度考核 · 2026-09',
    ),
  );
  await h.sb.click(NOBODY, card!, goScore);
  await sleep(500);
  expect(h.sb.message(card!.messageId)!.versions).toHaveLength(1);
  expect(inGroup('oc_pg_one')).toHaveLength(1);

  // The afternoon run and the next working day: nothing new for the group (nor for anyone).
  for (const when of [at('2026-09-28', '14:00'), at('2026-09-29')]) {
    const [r] = await runJobs(1, when);
    expect(r!.open + r!.remind + r!.overdue + r!.escalate).toBe(0);
  }
  // The reminder, overdue and escalation days: the group hears each assessor round once.
  for (const date of [s.remind, s.overdue, s.escalate]) await runJobs(1, at(date));
  await delivered();
  await sleep(500);
  const all = inGroup('oc_pg_one');
  expect(all.map(titleOf)).toEqual(['月度考核已开放', '月度考核评分提醒', '月度考核已逾期']);
  // By the reminder day 黄海燕's private card had been accepted by Feishu: her open_id is this app's.
  expect(mentions(all[0]!)).toEqual(seenAssessors);
  for (const m of all.slice(1)) expect(mentions(m)).toEqual([...seenAssessors, p('黄海燕')].sort());
  expect(inGroup('oc_pg_scored')).toEqual([]);
  // The escalation went to the responsible leader privately, as before; not to the group.
  expect(
    botCards(h.sb.inbox(p('王建国'))).filter(
      (m) => m.chatId.startsWith('oc_p2p_') && titleOf(m) === '月度考核逾期督办',
    ).length,
  ).toBeGreaterThanOrEqual(1);
}, 120_000);

// The app's clock is the real one for the threshold engine: months around today's in Asia/Shanghai.
const THIS_MONTH = monthOfDate(shanghaiDate(new Date()));
const month = (n: number) => addMonths(THIS_MONTH, n);

type Made = Awaited<ReturnType<typeof createContract>>;
/** A final score written as the score card does, then the engine's run in the same transaction. */
async function score(c: Made, m: string, tenths: number | null) {
  const [zw] = await h.sql`select id from people where open_id = ${p('张伟')}`;
  const { r, ids } = await h.db.transaction(async (tx) => {
    if (tenths !== null)
      await tx.insert(monthlyScores).values({
        contractId: c.contract.id,
        month: m,
        deductions: [],
        dailyTenths: tenths,
        managementTenths: tenths,
        finalTenths: tenths,
        enteredBy: Number(zw!.id),
      });
    const out = new OutboxWriter(tx);
    return { r: await evaluateAfterScore(tx, c.contract.id, { now: new Date(), outbox: out }), ids: out.ids };
  });
  await h.app.enqueueOutbox(ids);
  return r;
}

it("a rule-9 warning reaches the unit's bound leadership group once, and the people named as before", async () => {
  const [y, mm] = month(12).split('-').map(Number);
  const c = await createContract(h, {
    startsOn: `${month(-10)}-01`,
    endsOn: `${month(12)}-${new Date(Date.UTC(y!, mm!, 0)).getUTCDate()}`,
    assessors: ['张伟', '黄海燕'],
  });
  const unit = async (code: string) =>
    Number((await h.sql`select id from units where code = ${code}`)[0]!.id);
  await bindGroup('oc_lead_asset', 'leadership', await unit('asset'), [p('王建国'), p('李秀英')]);
  await bindGroup('oc_lead_enforcement', 'leadership', await unit('enforcement'), [p('陈志强'), p('刘芳')]);
  const m1 = month(-9);
  const r = await score(c, m1, 780);
  expect(r.warningsSent).toEqual([`below:${m1}`, `average:${m1.slice(0, 4)}`]);
  expect(await score(c, '', null)).toEqual({ warningsSent: [] }); // evaluated again: nothing more
  await delivered();
  await sleep(500);
  // Sorted by title: two messages to one chat are not promised to land in the order written.
  const byTitle = (ms: MessageView[]) => [...ms].sort((a, b) => (titleOf(a)! < titleOf(b)! ? -1 : 1));
  const inLead = byTitle(inGroup('oc_lead_asset'));
  expect(inLead.map(titleOf).sort()).toEqual(
    ['考核预警:再有1个月低于标准将产生清退权', `考核预警:${m1.slice(0, 4)}年度月均难以达到85分`].sort(),
  );
  // The same cards the people named get: the leadership may see their unit's vendors' warnings.
  for (const who of ['王建国', '张伟', '黄海燕']) {
    const theirs = botCards(h.sb.inbox(p(who))).filter(
      (m) =>
        m.chatId.startsWith('oc_p2p_') &&
        titleOf(m)?.startsWith('考核预警') &&
        markdownOf(m).includes(c.vendor.name),
    );
    expect(byTitle(theirs).map((m) => m.content)).toEqual(inLead.map((m) => m.content));
  }
  expect(inGroup('oc_lead_enforcement')).toEqual([]);
  const [audit] = await h.sql`select data from audit_log where action = 'threshold.warned'
    and aggregate_id = ${String(c.contract.id)} order by id limit 1`;
  expect(audit!.data).toMatchObject({ group: 'oc_lead_asset', to: expect.arrayContaining([p('王建国')]) });

  // Unbound, the leadership group hears nothing more; the people named still do.
  await h.db
    .update(groupBindings)
    .set({ unboundAt: new Date(), unboundBy: 'test' })
    .where(and(eq(groupBindings.chatId, 'oc_lead_asset')));
  expect((await score(c, month(-7), 700)).warningsSent).toContain('cumulative:2');
  await delivered();
  await sleep(500);
  expect(inGroup('oc_lead_asset')).toHaveLength(2);
}, 60_000);

it('two worker processes sweep at once, both are killed mid-send, a restart and later runs: one message per group', async () => {
  if (worker) await kill(worker);
  const GROUPS = 12;
  const made: { chatId: string; id: number }[] = [];
  for (let i = 0; i < GROUPS; i++) {
    const { contract } = await createContract(h, {
      startsOn: '2026-09-01',
      endsOn: '2027-08-31',
      assessors: ['张伟', '李秀英'],
    });
    const chatId = `oc_pg_w${String(i).padStart(2, '0')}`;
    await bindGroup(chatId, 'project', contract.id, [p('张伟'), p('李秀英')]);
    made.push({ chatId, id: contract.id });
  }
  // 2 sends a second: the group messages (queued first) take 6 s, enough to kill the workers halfway.
  const [w1, w2] = [await startWorker(2), await startWorker(2)];
  const results = await runJobs(8, AT);
  expect(results.reduce((n, r) => n + r.open, 0)).toBe(2 * GROUPS);
  const groupRows = sql`select count(*)::int as n from outbox where receive_id_type = 'chat_id'
    and receive_id like 'oc_pg_w%'`;
  expect(await count(groupRows)).toBe(GROUPS);
  expect(
    await count(sql`select count(*)::int as n from group_reminder_runs where chat_id like 'oc_pg_w%'`),
  ).toBe(GROUPS);

  await h.sb.waitFor(() => made.filter((g) => inGroup(g.chatId).length > 0).length >= 3, 30_000);
  await Promise.all([kill(w1), kill(w2)]);
  const before = made.filter((g) => inGroup(g.chatId).length > 0).length;
  expect(before).toBeLessThan(GROUPS);

  // A fresh worker: its boot sweep hands the unsent rows to the relay again.
  await startWorker(16);
  await delivered();
  // Run again on the restarted worker, the same morning and in the afternoon: nothing new.
  const again = [...(await runJobs(2, AT)), ...(await runJobs(1, at('2026-09-28', '14:00')))];
  for (const r of again) expect(r.open + r.remind + r.overdue + r.escalate).toBe(0);
  await sleep(1000);
  expect(await count(groupRows)).toBe(GROUPS);
  for (const g of made) {
    const cards = inGroup(g.chatId);
    expect(cards.map(titleOf), g.chatId).toEqual(['月度考核已开放']);
    expect(markdownOf(cards[0]!)).toMatch(contractLabelRe(g.id));
    expect(mentions(cards[0]!)).toEqual([p('张伟'), p('李秀英')].sort());
  }
  console.log(`project-groups: killed both workers after ${before}/${GROUPS} group messages`);
}, 180_000);
