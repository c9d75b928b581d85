import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { contracts, monthlyScores, people, scoreReminders } from '../../src/db/schema';
import { addCalendarDays } from '../../src/domain/business-date';
import { isWorkingDay } from '../../src/domain/calendar';
import { reminderSchedule } from '../../src/domain/score-window';
import { sweepScoreReminders } from '../../src/features/scoring/reminders';
import type { MessageView } from '../../src/sandbox';
import { botCards, titleOf } from '../helpers/cards';
import { contractLabelRe, createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';
import { outboxDelivered } from '../helpers/outbox';
import { REDIS_URL } from '../helpers/redis';

// A fixed clock; each sweep names its own business day.
const at = (date: string, time = '09:00') => new Date(`${date}T${time}:00+08:00`);

let h: Harness;
const deps = { enqueueOutbox: (ids: string[]) => h.app.enqueueOutbox(ids) };
const sweep = (day: string, time?: string) => sweepScoreReminders(h.db, at(day, time), deps);

beforeAll(async () => {
  h = await startHarness({ now: '2027-03-25T08:00:00+08:00' });
  const q = new Queue('sweeps', { connection: { url: REDIS_URL }, prefix: h.prefix });
  await q.removeJobScheduler('score-reminders');
  await q.close();
});
afterAll(() => h.stop());

async function rowsOf(contractId: number) {
  const rows = await h.db.select().from(scoreReminders).where(eq(scoreReminders.contractId, contractId));
  const names = new Map((await h.db.select().from(people)).map((p) => [p.id, p.name]));
  return rows.map((r) => `${r.month} ${names.get(r.personId)} ${r.kind}`).sort();
}

/** The first working day on or after `date`. */
function workingOnOrAfter(date: string): string {
  let d = date;
  while (!isWorkingDay(d)) d = addCalendarDays(d, 1);
  return d;
}

function remindersIn(openId: string, contractId: number) {
  return botCards(h.sb.inbox(openId))
    .filter((m) => contractLabelRe(contractId).test(JSON.stringify(m.content)))
    .map((m: MessageView) => ({ title: titleOf(m), text: JSON.stringify(m.content) }));
}

async function score(contractId: number, month: string) {
  const [zw] = await h.db
    .select()
    .from(people)
    .where(eq(people.openId, h.person('张伟')));
  await h.db.insert(monthlyScores).values({
    contractId,
    month,
    deductions: [],
    dailyTenths: 1000,
    managementTenths: 900,
    finalTenths: 960,
    enteredBy: zw!.id,
    enteredAt: new Date(),
    current: true,
  });
}

it("a quarterly contract's reminders go out once per kind per quarter window, across two workers and a rerun", async () => {
  const { contract: c } = await createContract(h, {
    startsOn: '2027-01-01',
    endsOn: '2027-12-31',
    managementPeriod: 'quarter',
  });
  const s = reminderSchedule('2027-01', c.clauses.scoring);
  expect(s.open).toBe('2027-03-25');
  // January's and February's own month-end windows (a monthly contract's) send nothing.
  for (const day of ['2027-01-26', '2027-02-25', '2027-03-24'].map(workingOnOrAfter))
    expect((await sweep(day)).open).toBe(0);
  expect(await rowsOf(c.id)).toEqual([]);

  // The quarter's window opens: two workers at once, then a rerun (a restart) the same day.
  const day = workingOnOrAfter(s.open);
  const both = await Promise.all([sweep(day), sweep(day)]);
  expect(both.map((r) => r.open).reduce((a, b) => a + b)).toBe(1);
  expect((await sweep(day, '15:00')).open).toBe(0);
  expect(await rowsOf(c.id)).toEqual(['2027-03 张伟 open']);

  // Two months scored, one missing: the quarter is still chased, once per kind, and escalated once.
  await score(c.id, '2027-01');
  await score(c.id, '2027-02');
  for (const d of [s.remind, s.overdue, s.escalate].map(workingOnOrAfter)) {
    await Promise.all([sweep(d), sweep(d)]);
    await sweep(d, '15:00');
  }
  expect(await rowsOf(c.id)).toEqual(
    ['2027-03 张伟 open', '2027-03 张伟 remind', '2027-03 张伟 overdue', '2027-03 王建国 escalate'].sort(),
  );
  // Once the quarter's last month is scored nothing more goes out.
  await score(c.id, '2027-03');
  const later = workingOnOrAfter(addCalendarDays(s.escalate, 3));
  const after = await sweep(later);
  expect(after.open + after.remind + after.overdue + after.escalate).toBe(0);

  await outboxDelivered(h.sb, h.db, 30_000);
  const cards = remindersIn(h.person('张伟'), c.id);
  expect(cards.map((x) => x.title)).toEqual(['月度考核已开放', '月度考核评分提醒', '月度考核已逾期']);
  expect(cards[0]!.text).toContain('2027年第1季度(1–3月)各月考核已开放');
  expect(cards[0]!.text).toContain('按季度管理考核');
  expect(remindersIn(h.person('王建国'), c.id)).toHaveLength(1);
  await h.db.update(contracts).set({ status: 'ended' }).where(eq(contracts.id, c.id));
});

it('a quarter whose three months are scored before the due date gets no reminder after its opening', async () => {
  const { contract: c } = await createContract(h, {
    startsOn: '2027-04-01',
    endsOn: '2027-12-31',
    managementPeriod: 'quarter',
  });
  const s = reminderSchedule('2027-04', c.clauses.scoring);
  expect(s.open).toBe('2027-06-25');
  for (const m of ['2027-04', '2027-05', '2027-06']) await score(c.id, m);
  for (const d of [s.open, s.remind, s.overdue, s.escalate].map(workingOnOrAfter)) await sweep(d);
  expect(await rowsOf(c.id)).toEqual([]);
});
