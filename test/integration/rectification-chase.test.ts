/**
 * 催办 of rectification items (rule 13): once per item per working day, however many workers run the
 * sweep and across a restart; nothing on a day off; an overdue item escalates to the contract's
 * responsible leader once a day, or to the unit leadership when the leader owns it. The inspections
 * are recorded through the cards first.
 */
import { Queue, QueueEvents } from 'bullmq';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb } from '../../src/db/client';
import { addCalendarDays } from '../../src/domain/business-date';
import { addWorkingDays, isWorkingDay, shanghaiDate, workingDaysBetween } from '../../src/domain/calendar';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { chaseRectificationItems } from '../../src/features/inspections/chase';
import { askMenu, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';
import { REDIS_URL } from '../helpers/redis';

const TODAY = shanghaiDate(new Date());
const MONTH = monthOfDate(TODAY);
const at = (date: string) => new Date(`${date}T09:30:00+08:00`);
const DUE_A = addWorkingDays(TODAY, 5); // 李秀英's item: far off
const DUE_B = addWorkingDays(TODAY, 1); // 张伟's item: due soon, then overdue
const text = (x: unknown) => JSON.stringify(x);
/** On a working day the job below reminds 张伟 today; on a day off nothing is sent. */
const TODAY_REMINDED = isWorkingDay(TODAY) ? 1 : 0;

let h: Harness;
let p: (name: string) => string;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  await createContract(h, { startsOn: `${addMonths(MONTH, -3)}-01`, endsOn: `${addMonths(MONTH, 9)}-01` });
  const menu = await askMenu(h.sb, p('何静'));
  await h.sb.click(p('何静'), menu, '专项督查');
  await h.sb.click(p('何静'), menu, '登记督查');
  const r = await h.sb.click(p('何静'), menu, '登记督查', {
    inspected_on: `${TODAY} +0800`,
    participants: '何静',
    checked: '保洁作业现场检查',
    finding_1: '楼道垃圾未及时清运',
    owner_1: p('李秀英'),
    due_1: `${DUE_A} +0800`,
    severity_1: 'major',
    finding_2: '作业人员未按规定着装',
    owner_2: p('张伟'),
    due_2: `${DUE_B} +0800`,
    severity_2: 'minor',
  });
  expect(r.toast).toMatchObject({ type: 'success' });
}, 60_000);
afterAll(() => h.stop());

const count = async (q: ReturnType<typeof sql>) => (await h.db.execute<{ n: number }>(q))[0]!.n;

it('rectification.chase runs on the worker: two jobs at once remind once today', async () => {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const events = new QueueEvents('sweeps', { connection: { url: REDIS_URL }, prefix: h.prefix });
  const sweeps = new Queue('sweeps', { connection, prefix: h.prefix });
  try {
    await events.waitUntilReady();
    // The daily schedule would run the same chase on its own; this test runs it by hand.
    await sweeps.removeJobScheduler('rectification-chase');
    const jobs = await Promise.all([
      sweeps.add('rectification.chase', {}),
      sweeps.add('rectification.chase', {}),
    ]);
    const results = (await Promise.all(jobs.map((j) => j.waitUntilFinished(events, 15_000)))) as {
      reminded: number;
      escalated: number;
    }[];
    expect(results.reduce((s, r) => s + r.reminded, 0)).toBe(TODAY_REMINDED);
    expect(results.reduce((s, r) => s + r.escalated, 0)).toBe(0);
  } finally {
    await sweeps.close();
    await events.close();
    await connection.quit();
  }
}, 60_000);

it('chased once per item per working day across two workers and a restart; nothing on a day off; overdue escalates once a day', async () => {
  const deps = { enqueueOutbox: (ids: string[]) => h.app.enqueueOutbox(ids) };
  // A second worker: its own pool, as another process would have.
  let second = createDb(h.dbUrl, { max: 4 });
  const both = (date: string) =>
    Promise.all([
      chaseRectificationItems(h.db, at(date), deps),
      chaseRectificationItems(second.db, at(date), deps),
    ]);
  const sum = (rs: { checked: number; reminded: number; escalated: number }[]) => ({
    reminded: rs.reduce((s, r) => s + r.reminded, 0),
    escalated: rs.reduce((s, r) => s + r.escalated, 0),
  });
  const chases = (kind: string) =>
    count(sql`select count(*)::int as n from rectification_chases where kind = ${kind}`);

  // Today only 张伟's item is within 2 working days of its deadline, and the job reminded him already.
  expect(sum(await both(TODAY))).toEqual({ reminded: 0, escalated: 0 });
  expect(sum(await both(TODAY))).toEqual({ reminded: 0, escalated: 0 });
  let dayOff = addCalendarDays(TODAY, 1);
  while (isWorkingDay(dayOff)) dayOff = addCalendarDays(dayOff, 1);
  expect(sum(await both(dayOff))).toEqual({ reminded: 0, escalated: 0 });

  // One working day overdue: the owner is chased and the leader (王建国) told, once.
  const late = addWorkingDays(DUE_B, 1);
  expect(sum(await both(late))).toEqual({ reminded: 1, escalated: 1 });
  // The second worker restarts (a new pool, nothing kept in memory): still once that day.
  await second.sql.end();
  second = createDb(h.dbUrl, { max: 4 });
  expect(sum(await both(late))).toEqual({ reminded: 0, escalated: 0 });
  // The next working day: once more each; 李秀英's item is now within 2 working days of its deadline.
  const later = addWorkingDays(late, 1);
  expect(workingDaysBetween(later, DUE_A)).toBe(2);
  expect(sum(await both(later))).toEqual({ reminded: 2, escalated: 1 });
  expect(sum(await both(later))).toEqual({ reminded: 0, escalated: 0 });
  await second.sql.end();
  expect(await chases('remind')).toBe(3 + TODAY_REMINDED);
  expect(await chases('escalate')).toBe(2);

  const reminders = () => h.sb.inbox(p('张伟')).filter((m) => text(m.content).includes('【催办】整改事项'));
  const escalations = () =>
    h.sb.inbox(p('王建国')).filter((m) => text(m.content).includes('【督办】整改事项'));
  await h.sb.waitFor(() => reminders().length >= 2 + TODAY_REMINDED && escalations().length >= 2, 20_000);
  await new Promise((r) => setTimeout(r, 500));
  expect(reminders()).toHaveLength(2 + TODAY_REMINDED);
  expect(escalations()).toHaveLength(2);
  expect(text(escalations()[0]!.content)).toContain('已逾期 1 个工作日仍未整改完毕(责任人 张伟)');
  // Each is a card with its way on: 查看合同 for the owner; 查看合同 and 整改情况报告 for the leader,
  // each opening what it names under the clicker's roles now.
  const reminder = reminders()[0]!;
  expect(titleOf(reminder)).toBe('整改事项催办');
  const contract = await h.sb.click(p('张伟'), reminder, '查看合同');
  expect(JSON.stringify(contract.card)).toContain('合同');
  expect(contract.toast).toBeUndefined();
  const escalation = escalations()[0]!;
  expect(titleOf(escalation)).toBe('整改事项督办');
  const report = await h.sb.click(p('王建国'), escalation, '整改情况报告');
  expect(JSON.stringify(report.card)).toContain('整改');
  expect(report.toast).toBeUndefined();
}, 60_000);

it('an overdue item the responsible leader owns goes up to the unit leadership, once a working day', async () => {
  // 王建国 is the contract's responsible leader; the asset company's leadership is 王建国 and 李秀英.
  const due = addWorkingDays(TODAY, 2);
  const finding = '消防通道堆放杂物';
  const menu = await askMenu(h.sb, p('何静'));
  await h.sb.click(p('何静'), menu, '专项督查');
  await h.sb.click(p('何静'), menu, '登记督查');
  const r = await h.sb.click(p('何静'), menu, '登记督查', {
    inspected_on: `${TODAY} +0800`,
    participants: '何静',
    checked: '消防安全检查',
    finding_1: finding,
    owner_1: p('王建国'),
    due_1: `${due} +0800`,
    severity_1: 'major',
  });
  expect(r.toast).toMatchObject({ type: 'success' });
  const [item] = await h.db.execute<{ id: number; owner: string }>(
    sql`select i.id::int as id, p.name as owner from rectification_items i join people p on p.id = i.owner_id
        where i.finding = ${finding}`,
  );
  expect(item!.owner).toBe('王建国');
  const deps = { enqueueOutbox: (ids: string[]) => h.app.enqueueOutbox(ids) };
  const run = (date: string) =>
    Promise.all([
      chaseRectificationItems(h.db, at(date), deps),
      chaseRectificationItems(h.db, at(date), deps),
    ]);
  const escalations = () =>
    count(
      sql`select count(*)::int as n from rectification_chases where item_id = ${item!.id} and kind = 'escalate'`,
    );
  const told = (name: string) =>
    h.sb
      .inbox(p(name))
      .filter((m) => text(m.content).includes('【督办】') && text(m.content).includes(finding));

  // Due today: reminded, not escalated.
  await run(due);
  expect(await escalations()).toBe(0);
  // One working day overdue, the job run twice at once and once more: one escalation that day.
  const late = addWorkingDays(due, 1);
  await run(late);
  await run(late);
  expect(await escalations()).toBe(1);
  // A day off sends nothing; the next working day escalates once more.
  let dayOff = addCalendarDays(late, 1);
  while (isWorkingDay(dayOff)) dayOff = addCalendarDays(dayOff, 1);
  await run(dayOff);
  expect(await escalations()).toBe(1);
  const next = addWorkingDays(late, 1);
  await run(next);
  await run(next);
  expect(await escalations()).toBe(2);

  const ownerReminders = () =>
    h.sb
      .inbox(p('王建国'))
      .filter((m) => text(m.content).includes('【催办】') && text(m.content).includes(finding));
  // Both sets of messages travel through the outbox on their own; wait for each, not one of them.
  await h.sb.waitFor(() => told('李秀英').length >= 2 && ownerReminders().length >= 3, 20_000);
  await new Promise((r) => setTimeout(r, 500));
  expect(told('李秀英')).toHaveLength(2);
  // Not up to the owner himself: he is reminded as the owner instead.
  expect(told('王建国')).toHaveLength(0);
  expect(ownerReminders().length).toBeGreaterThanOrEqual(3);
  expect(text(told('李秀英')[0]!.content)).toContain(
    '已逾期 1 个工作日仍未整改完毕(责任人为合同分管班子成员 王建国),请单位领导班子督促办理。',
  );
  const [audit] = await h.db.execute<{ to: string[] }>(
    sql`select data->'escalatedTo' as to from audit_log where action = 'rectification.chased'
        and (data->>'itemId')::int = ${item!.id} and (data->>'escalated')::boolean order by id limit 1`,
  );
  expect(audit!.to).toEqual([p('李秀英')]);
}, 60_000);
