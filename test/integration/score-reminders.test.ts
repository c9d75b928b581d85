import { Queue } from 'bullmq';
import { and, eq, inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import { auditLog, contracts, monthlyScores, people, scoreReminders } from '../../src/db/schema';
import { type ReminderCounts, sweepScoreReminders } from '../../src/features/scoring/reminders';
import type { MessageView } from '../../src/sandbox';
import { botCards, titleOf } from '../helpers/cards';
import { contractLabelRe, createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';
import { outboxDelivered } from '../helpers/outbox';
import { REDIS_URL } from '../helpers/redis';

/** A moment of a business day, in Asia/Shanghai. */
const at = (date: string, time = '09:00') => new Date(`${date}T${time}:00+08:00`);

let h: Harness;
let enqueued: string[] = [];
const deps = {
  async enqueueOutbox(ids: string[]) {
    enqueued.push(...ids);
    await h.app.enqueueOutbox(ids);
  },
};
const sweep = (day: string, opts: { on?: Db; time?: string; batchSize?: number } = {}) =>
  sweepScoreReminders(opts.on ?? h.db, at(day, opts.time), deps, { batchSize: opts.batchSize });
const counts = (c: Partial<ReminderCounts>): ReminderCounts => ({
  contracts: 1,
  open: 0,
  remind: 0,
  overdue: 0,
  escalate: 0,
  ...c,
});

/** The card texts (markdown) and button values of the reminder cards a person holds for a contract. */
function remindersIn(openId: string, contractId: number) {
  return botCards(h.sb.inbox(openId))
    .filter((m) => contractLabelRe(contractId).test(JSON.stringify(m.content)))
    .map((m: MessageView) => {
      const els = (m.content as { body: { elements: Record<string, unknown>[] } }).body.elements;
      const button = els.find((e) => e.tag === 'button') as { behaviors: { value: unknown }[] };
      return {
        title: titleOf(m),
        text: (els[1] as { content: string }).content,
        value: button.behaviors[0]!.value,
      };
    });
}

async function rowsOf(contractId: number) {
  const rows = await h.db.select().from(scoreReminders).where(eq(scoreReminders.contractId, contractId));
  const names = new Map((await h.db.select().from(people)).map((p) => [p.id, p.name]));
  return rows.map((r) => `${r.month} ${names.get(r.personId)} ${r.kind}`).sort();
}

/** Waits until every outbox row written so far has been delivered. */
const delivered = () => outboxDelivered(h.sb, h.db, 30_000);

beforeAll(async () => {
  h = await startHarness();
  // The daily schedule would run the same sweep on today's date; these tests set the clock.
  const q = new Queue('sweeps', { connection: { url: REDIS_URL }, prefix: h.prefix });
  await q.removeJobScheduler('score-reminders');
  await q.close();
});
afterAll(() => h.stop());
afterEach(async () => {
  // Each test sweeps only its own contracts.
  await h.db.update(contracts).set({ status: 'ended' }).where(eq(contracts.status, 'active'));
  enqueued = [];
});

describe('scoring reminders (rule 7) from the contract clauses', () => {
  it('progress open → remind → overdue → escalate over the dates of September 2026, each sent once', async () => {
    const { contract: c } = await createContract(h, {
      startsOn: '2026-09-01',
      endsOn: '2027-08-31',
      assessors: ['张伟', '李秀英'],
    });
    const zw = h.person('张伟');
    expect(await sweep('2026-08-25')).toEqual(counts({ contracts: 0 })); // before the term
    expect(await sweep('2026-09-24')).toEqual(counts({}));
    // The window opens on Friday 09-25, 中秋节 this year: nothing goes out on a day off (nor on the
    // weekend after); the notice follows on the next working day, Monday 09-28.
    expect(await sweep('2026-09-25')).toEqual(counts({ contracts: 0 }));
    expect(await sweep('2026-09-26')).toEqual(counts({ contracts: 0 }));
    expect(await sweep('2026-09-28')).toEqual(counts({ open: 2 }));
    expect(await sweep('2026-09-28', { time: '14:00' })).toEqual(counts({})); // run twice: nothing
    expect(await sweep('2026-10-09')).toEqual(counts({}));
    expect(await sweep('2026-10-10')).toEqual(counts({ remind: 2 })); // 调休 Saturday, 2 working days before 10-13
    expect(await sweep('2026-10-13')).toEqual(counts({})); // the due date itself
    expect(await sweep('2026-10-14')).toEqual(counts({ overdue: 2 }));
    expect(await sweep('2026-10-15')).toEqual(counts({ escalate: 1 }));
    expect(await sweep('2026-10-16')).toEqual(counts({}));
    expect(await rowsOf(c.id)).toEqual(
      [
        '2026-09 张伟 open',
        '2026-09 李秀英 open',
        '2026-09 张伟 remind',
        '2026-09 李秀英 remind',
        '2026-09 张伟 overdue',
        '2026-09 李秀英 overdue',
        '2026-09 王建国 escalate',
      ].sort(),
    );
    await delivered();
    const value = { a: 'score.form', contract: c.id, month: '2026-09' };
    expect(remindersIn(zw, c.id)).toEqual([
      { title: '月度考核已开放', text: '2026年9月考核已开放,请于10月13日前完成评分。', value },
      { title: '月度考核评分提醒', text: '2026年9月考核尚未评分,截止日为10月13日,请尽快完成评分。', value },
      {
        title: '月度考核已逾期',
        text: '2026年9月考核已超过截止日(10月13日),尚未评分,请立即完成评分。',
        value,
      },
    ]);
    expect(remindersIn(h.person('李秀英'), c.id)).toHaveLength(3);
    // The escalation goes to the contract's responsible leader, naming the assessors and the month.
    const names = (await namesInIdOrder(['张伟', '李秀英'])).join('、');
    expect(remindersIn(h.person('王建国'), c.id)).toEqual([
      {
        title: '月度考核逾期督办',
        text: `2026年9月考核已超过截止日(10月13日)2 个工作日仍未评分,考核人:${names}。请督促完成评分。`,
        value,
      },
    ]);
    // Every outbox row was handed to the relay once; each sweep that sent wrote one audit row (a page).
    expect(new Set(enqueued).size).toBe(enqueued.length);
    expect(enqueued).toHaveLength(7);
    const audits = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.aggregateType, 'score_reminders'), eq(auditLog.action, 'score.reminded')))
      .orderBy(auditLog.id);
    const ids = new Map((await h.db.select().from(people)).map((p) => [p.id, p.name]));
    expect(
      audits.map((a) => [
        a.aggregateId,
        (a.data as { reminders: [number, string, number, string][] }).reminders
          .filter(([contract]) => contract === c.id)
          .map(([, month, person, kind]) => `${month} ${ids.get(person)} ${kind}`)
          .sort(),
      ]),
    ).toEqual([
      ['2026-09-28', ['2026-09 张伟 open', '2026-09 李秀英 open'].sort()],
      ['2026-10-10', ['2026-09 张伟 remind', '2026-09 李秀英 remind'].sort()],
      ['2026-10-14', ['2026-09 张伟 overdue', '2026-09 李秀英 overdue'].sort()],
      ['2026-10-15', ['2026-09 王建国 escalate']],
    ]);
    expect(audits.every((a) => a.actor === 'job:score.reminders')).toBe(true);
    // October's window opens on Sunday 10-25: its notice follows on Monday 10-26.
    expect(await sweep('2026-10-25')).toEqual(counts({ contracts: 0 }));
    expect(await sweep('2026-10-26')).toEqual(counts({ open: 2 }));
  });

  it('a sweep that first runs late sends only the most advanced kind due, no burst of stale ones', async () => {
    const { contract: c } = await createContract(h, { startsOn: '2026-09-10', endsOn: '2026-12-31' });
    expect(await sweep('2026-10-15')).toEqual(counts({ overdue: 1, escalate: 1 }));
    expect(await rowsOf(c.id)).toEqual(['2026-09 王建国 escalate', '2026-09 张伟 overdue'].sort());
    expect(await sweep('2026-10-16')).toEqual(counts({}));
    const c2 = (await createContract(h, { startsOn: '2026-09-01', endsOn: '2026-12-31' })).contract;
    expect(await sweep('2026-10-12')).toEqual(counts({ contracts: 2, remind: 1 })); // c2 skips its open
    expect(await rowsOf(c2.id)).toEqual(['2026-09 张伟 remind']);
  });

  it('nothing is sent once the month is scored; the next month goes on', async () => {
    const { contract: c } = await createContract(h, { startsOn: '2026-09-01', endsOn: '2026-12-31' });
    expect(await sweep('2026-09-28')).toEqual(counts({ open: 1 }));
    await scoreMonth(c.id, '2026-09');
    for (const day of ['2026-10-10', '2026-10-14', '2026-10-15', '2026-10-23'])
      expect(await sweep(day), day).toEqual(counts({}));
    expect(await rowsOf(c.id)).toEqual(['2026-09 张伟 open']);
    expect(await sweep('2026-10-26')).toEqual(counts({ open: 1 })); // 2026-10 opened on Sunday 10-25
    expect(await rowsOf(c.id)).toEqual(['2026-09 张伟 open', '2026-10 张伟 open']);
  });

  it('a score committed while the sweep waits for the contract wins: nothing is sent for that month', async () => {
    const { contract: c } = await createContract(h, { startsOn: '2026-09-01', endsOn: '2026-12-31' });
    const other = postgres(h.dbUrl, { max: 1, onnotice: () => {} });
    let running: Promise<ReminderCounts> | undefined;
    await other.begin(async (tx) => {
      await tx`select id from contracts where id = ${c.id} for update`; // as recordScore does
      const [zw] = await tx`select id from people where open_id = ${h.person('张伟')}`;
      await tx`insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by)
               values (${c.id}, '2026-09', '[]', 1000, 1000, 1000, ${zw!.id})`;
      running = sweep('2026-10-14'); // reads the month as unscored, then waits for the lock
      await new Promise((r) => setTimeout(r, 300));
    });
    await other.end();
    expect(await running).toEqual(counts({}));
    expect(await rowsOf(c.id)).toEqual([]);
  });

  it("uses the contract's own clauses, not the current policy", async () => {
    const { contract: c } = await createContract(h, { startsOn: '2026-09-01', endsOn: '2026-12-31' });
    const clauses = { ...c.clauses, scoring: { ...c.clauses.scoring, windowOpensDay: 20, dueWorkingDay: 8 } };
    await h.db.update(contracts).set({ clauses }).where(eq(contracts.id, c.id));
    expect(await sweep('2026-09-18')).toEqual(counts({}));
    expect(await sweep('2026-09-20')).toEqual(counts({ open: 1 })); // Sunday 09-20 is a 调休 working day
    // Due on the 8th working day of October, 10-16: reminded 2 working days before, 10-14.
    expect(await sweep('2026-10-13')).toEqual(counts({}));
    expect(await sweep('2026-10-14')).toEqual(counts({ remind: 1 }));
    expect(await sweep('2026-10-16')).toEqual(counts({}));
    expect(await sweep('2026-10-19')).toEqual(counts({ overdue: 1 }));
    // 10-20 is also the day its October window opens (day 20).
    expect(await sweep('2026-10-20')).toEqual(counts({ open: 1, escalate: 1 }));
  });

  it('ended or terminated contracts, and months outside the term, get nothing; a short last month counts', async () => {
    const ended = (await createContract(h, { startsOn: '2026-09-01', endsOn: '2026-12-31' })).contract;
    await h.db.update(contracts).set({ status: 'terminated' }).where(eq(contracts.id, ended.id));
    const short = (await createContract(h, { startsOn: '2026-08-20', endsOn: '2026-09-03' })).contract;
    // `short` ends on 09-03: August is escalated by now, September opens like any month.
    expect(await sweep('2026-09-28')).toEqual(counts({ open: 1, overdue: 1, escalate: 1 }));
    expect(await rowsOf(short.id)).toEqual(
      ['2026-08 张伟 overdue', '2026-08 王建国 escalate', '2026-09 张伟 open'].sort(),
    );
    expect(await rowsOf(ended.id)).toEqual([]);
    // After the term, its last month is still chased; October, outside the term, gets nothing.
    expect(await sweep('2026-10-26')).toEqual(counts({ overdue: 1, escalate: 1 }));
    expect((await rowsOf(short.id)).filter((r) => r.startsWith('2026-10'))).toEqual([]);
  });
});

/** The names in the order of their person ids (how assessors are listed). */
async function namesInIdOrder(names: string[]) {
  const rows = await h.db.select().from(people).where(inArray(people.name, names)).orderBy(people.id);
  return rows.map((r) => r.name);
}

async function scoreMonth(contractId: number, month: string) {
  const [zw] = await h.db
    .select()
    .from(people)
    .where(eq(people.openId, h.person('张伟')));
  await h.db.insert(monthlyScores).values({
    contractId,
    month,
    deductions: [],
    dailyTenths: 950,
    managementTenths: 900,
    finalTenths: 930,
    enteredBy: zw!.id,
  });
}
