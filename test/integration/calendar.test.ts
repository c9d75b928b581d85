import { readFileSync } from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadiness } from '../../src/bot/readiness';
import { UNCOVERED_NOTE } from '../../src/cards/calendar';
import type { Db } from '../../src/db/client';
import {
  approvalStages,
  auditLog,
  budgetLines,
  calendarDays,
  contracts,
  outbox,
  people,
  purchaseAssessors,
  purchaseRequests,
  units,
} from '../../src/db/schema';
import { addWorkingDays, calendarCovers, installCalendar } from '../../src/domain/calendar';
import { parseCalendarCsv, parseCalendarYaml, readCalendarFile } from '../../src/features/calendar/file';
import { importCalendar } from '../../src/features/calendar/import';
import { parseOrgFile } from '../../src/features/org/file';
import { importOrg } from '../../src/features/org/import';
import { chaseDueStages } from '../../src/features/purchase/chase';
import { sweepScoreReminders } from '../../src/features/scoring/reminders';
import { calendarCheck } from '../../src/jobs/calendar-check';
import type { JobDeps } from '../../src/jobs/types';
import { contractLabelRe, createContract } from '../helpers/contract';
import { createTestDb, type TestDb } from '../helpers/db';
import { type Harness, startHarness } from '../helpers/harness';

/** A moment of a business day, in Asia/Shanghai. */
const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);
const SAMPLE = 'test/fixtures/calendar/2027-sample.csv'; // made up but for Spring Festival 2027-02-06

let t: TestDb;
let db: Db;
let enqueued: string[] = [];
const relay = {
  async enqueueOutbox(ids: string[]) {
    enqueued.push(...ids);
  },
};
const runCheck = (day: string) =>
  calendarCheck.process(
    { at: at(day).toISOString() },
    { db, ...relay } as unknown as JobDeps,
    undefined as never,
  );
const count = async (table: string) =>
  (await db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
const fakeRedis = { ping: async () => 'PONG' } as never;

/** A pending unit-leadership stage of 资产经营公司, opened on `openedOn`. */
async function pendingStage(openedOn: string) {
  const [unit] = await db.select().from(units).where(eq(units.code, 'asset'));
  const [filer] = await db.select().from(people).where(eq(people.name, '张伟'));
  const [leader] = await db.select().from(people).where(eq(people.name, '王建国'));
  const [dept] = await db.select().from(people).where(eq(people.name, '李秀英'));
  const [line] = await db
    .insert(budgetLines)
    .values({
      unitId: unit!.id,
      fiscalYear: 2027,
      category: 'cleaning',
      amountFen: 100_000_000n,
      createdBy: 'test',
    })
    .returning();
  const [req] = await db
    .insert(purchaseRequests)
    .values({
      unitId: unit!.id,
      budgetLineId: line!.id,
      category: 'cleaning',
      description: '办公楼保洁服务',
      whyOutsource: '本单位无专职保洁人员',
      suppliersAsked: 3,
      priceLowFen: 9_000_000n,
      priceHighFen: 12_000_000n,
      amountFen: 10_000_000n,
      method: 'inquiry',
      filerId: filer!.id,
      leaderId: leader!.id,
      departmentId: dept!.id,
      policyVersion: 1,
    })
    .returning();
  await db.insert(purchaseAssessors).values({ requestId: req!.id, personId: filer!.id });
  await db.insert(approvalStages).values({
    requestId: req!.id,
    seq: 1,
    kind: 'unit_leadership',
    status: 'pending',
    openedOn,
    openedAt: at(openedOn, '09:00'),
  });
  return req!.id;
}

describe('a calendar that never runs out (issue 11, point 5)', () => {
  beforeAll(async () => {
    installCalendar([]);
    t = await createTestDb();
    db = t.db;
    await importOrg(db, parseOrgFile(readFileSync('org/demo-zone.yaml', 'utf8')));
  });
  afterAll(async () => {
    installCalendar([]);
    await t.drop();
  });

  it('a bad file is refused as a whole: every bad row named, nothing written', async () => {
    const audits = await count('audit_log');
    const file = parseCalendarCsv(
      [
        '日期,类型,名称',
        '2027-02-05,放假,春节',
        '2027-02-30,放假,春节', // not a date
        '2027-02-08,休假,春节', // unknown kind
        '2027-02-17,调休,春节', // a Wednesday cannot be a make-up working day
        '2027-02-05,放假,春节', // twice
      ].join('\n'),
    );
    const r = await importCalendar(db, file, { actor: 'test', now: at('2026-11-30') });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.row)).toEqual([3, 4, 5, 6]);
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(
      /2027-02-30[\s\S]*休假[\s\S]*周六或周日[\s\S]*重复/,
    );
    expect(await count('calendar_days')).toBe(0);
    expect(await count('audit_log')).toBe(audits);
    expect(calendarCovers(2027)).toBe(false);
  });

  it('a YAML notice reads like the CSV one, the notice year taken from its dates', () => {
    const f = parseCalendarYaml(
      [
        '- { 日期: 2026-12-31, 类型: 放假, 名称: 元旦 }',
        '- { date: 2027-01-01, kind: 放假, name: 元旦 }',
        '- { 日期: 2027-02-20, 类型: 调休 }',
      ].join('\n'),
    );
    expect(f.errors).toEqual([]);
    expect(f.year).toBe(2027);
    expect(f.days).toEqual([
      { date: '2026-12-31', kind: 'holiday', name: '元旦', year: 2027 },
      { date: '2027-01-01', kind: 'holiday', name: '元旦', year: 2027 },
      { date: '2027-02-20', kind: 'workday', name: '调休上班', year: 2027 },
    ]);
    expect(parseCalendarYaml('- { 日期: 2027-06-01, 类型: constructor }').errors[0]?.message).toContain(
      'constructor',
    );
  });

  it('from 1 November an uncovered next year shows in readiness and in one notice to the zone admins', async () => {
    const readiness = createReadiness({ db, redis: fakeRedis, now: () => at('2026-11-30') });
    expect((await readiness()).calendar_next_year).toMatchObject({ ok: false, year: 2027 });

    expect(await runCheck('2026-10-31')).toEqual({ year: 2027, status: 'not-yet' });
    const admins = await db.execute<{ open_id: string }>(sql`
      select p.open_id from role_grants g join people p on p.id = g.person_id
      where g.role = 'admin' and g.unit_id is null and g.revoked_at is null`);
    expect(admins.length).toBeGreaterThan(0);

    const first = await runCheck('2026-11-01');
    expect(first).toEqual({ year: 2027, status: 'sent', admins: admins.length });
    // Twice the same day, the next day, and two workers at once: nothing more.
    expect(await runCheck('2026-11-01')).toEqual({ year: 2027, status: 'already' });
    const [a, b] = await Promise.all([runCheck('2026-11-02'), runCheck('2026-11-02')]);
    expect([a, b]).toEqual([
      { year: 2027, status: 'already' },
      { year: 2027, status: 'already' },
    ]);
    const notices = await db.select().from(outbox).where(eq(outbox.kind, 'send'));
    const sent = notices.filter((n) => JSON.stringify(n.content).includes('2027 年节假日安排尚未导入'));
    expect(sent.map((n) => n.receiveId).sort()).toEqual(admins.map((x) => x.open_id).sort());
    expect(enqueued.sort()).toEqual(sent.map((n) => n.id).sort());
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.aggregateType, 'calendar'), eq(auditLog.action, 'calendar.missing_notice')));
    expect(audit).toHaveLength(1);
  });

  it('a loaded 2027 calendar moves a chasing date around Spring Festival 2027', async () => {
    // Without it, Friday 2027-02-05 (eve of Spring Festival) counts as a working day.
    expect(addWorkingDays('2027-02-04', 1)).toBe('2027-02-05');
    const requestId = await pendingStage('2027-02-04');

    const r = await importCalendar(db, await readCalendarFile(SAMPLE), {
      actor: 'test',
      now: at('2026-12-01'),
    });
    expect(r).toEqual({ ok: true, year: 2027, holidays: 13, workdays: 1, replaced: 0 });
    expect(await count('calendar_days')).toBe(14);
    expect(calendarCovers(2027)).toBe(true);
    expect(addWorkingDays('2027-02-04', 1)).toBe('2027-02-15');

    // The chase sees the holiday: nothing during it, the first reminder on Monday 2027-02-15.
    enqueued = [];
    for (const day of ['2027-02-05', '2027-02-08', '2027-02-10', '2027-02-12']) {
      expect(await chaseDueStages(db, at(day), relay), day).toEqual({ checked: 0, reminded: 0, urgent: 0 });
    }
    expect(enqueued).toEqual([]);
    expect(await chaseDueStages(db, at('2027-02-15'), relay)).toEqual({ checked: 1, reminded: 1, urgent: 0 });
    // The reminder is a notice card (审批催办) with 打开审批.
    const reminders = (await db.select().from(outbox).where(eq(outbox.msgType, 'interactive'))).filter((o) =>
      JSON.stringify(o.content).includes(`#${requestId}「`),
    );
    expect(reminders.length).toBeGreaterThan(0);
    expect(JSON.stringify(reminders[0]!.content)).toContain('1 个工作日');

    // Readiness and the notice now count 2027 as covered; reloading the same year replaces it.
    const readiness = createReadiness({ db, redis: fakeRedis, now: () => at('2026-12-01') });
    expect((await readiness()).calendar_next_year).toMatchObject({ ok: true, year: 2027 });
    expect(await runCheck('2026-12-01')).toEqual({ year: 2027, status: 'covered' });
    const again = await importCalendar(db, await readCalendarFile(SAMPLE), {
      actor: 'test',
      now: at('2026-12-02'),
    });
    expect(again).toMatchObject({ ok: true, replaced: 14 });
    expect(await db.select().from(calendarDays).where(eq(calendarDays.kind, 'workday'))).toHaveLength(1);
  });
});

describe('a card with a working-day deadline says when it was counted without the calendar', () => {
  let h: Harness;
  beforeAll(async () => {
    // The bot alone, so the reminder rows stay in the outbox to be read; its start installs the
    // (empty) loaded calendar of its own database.
    h = await startHarness({ role: 'bot' });
  });
  afterAll(async () => {
    await h.stop();
    installCalendar([]);
  });

  const openNotices = async (contractId: number) =>
    (await h.db.select().from(outbox).where(eq(outbox.kind, 'send')))
      .map((o) => JSON.stringify(o.content))
      .filter((c) => contractLabelRe(contractId).test(c));

  it('the scoring reminder due in January 2027: 未按节假日安排计算 until 2027 is loaded', async () => {
    const relay = { enqueueOutbox: async () => {} };
    const a = await createContract(h, { startsOn: '2026-12-01', endsOn: '2027-11-30', assessors: ['张伟'] });
    expect(calendarCovers(2027)).toBe(false);
    // The December window opens on Friday 2026-12-25; its due date is in January 2027.
    const first = await sweepScoreReminders(h.db, at('2026-12-25', '09:00'), relay);
    expect(first.open).toBe(1);
    const [uncovered] = await openNotices(a.contract.id);
    expect(uncovered).toContain(UNCOVERED_NOTE);

    await importCalendar(h.db, await readCalendarFile(SAMPLE), { actor: 'test', now: at('2026-12-25') });
    await h.db.update(contracts).set({ status: 'ended' }).where(eq(contracts.id, a.contract.id));
    const b = await createContract(h, { startsOn: '2026-12-01', endsOn: '2027-11-30', assessors: ['张伟'] });
    expect((await sweepScoreReminders(h.db, at('2026-12-25', '14:00'), relay)).open).toBe(1);
    const [covered] = await openNotices(b.contract.id);
    expect(covered).toBeDefined();
    expect(covered).not.toContain(UNCOVERED_NOTE);
  });
});
