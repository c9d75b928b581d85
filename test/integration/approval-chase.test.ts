import { readFileSync } from 'node:fs';
import { Queue, QueueEvents } from 'bullmq';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { card, md } from '../../src/cards/kit';
import { createDb, type Db } from '../../src/db/client';
import {
  approvalCards,
  approvalStages,
  auditLog,
  budgetLines,
  outbox,
  people,
  purchaseAssessors,
  purchaseRequests,
  stageChases,
  units,
} from '../../src/db/schema';
import type { StageKind, StageStatus } from '../../src/domain/approval-route';
import { isWorkingDay, shanghaiDate, workingDaysBetween } from '../../src/domain/calendar';
import { parseOrgFile } from '../../src/features/org/file';
import { importOrg } from '../../src/features/org/import';
import { approversFor } from '../../src/features/purchase/approvers';
import { type ChaseCounts, chaseDueStages } from '../../src/features/purchase/chase';
import { OutboxWriter } from '../../src/outbox/write';
import { createTestDb, type TestDb } from '../helpers/db';
import { type Harness, startHarness } from '../helpers/harness';
import { REDIS_URL } from '../helpers/redis';

/** A moment of a business day, in Asia/Shanghai. */
const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);

let t: TestDb;
let db: Db;
let enqueued: string[] = [];
const deps = {
  async enqueueOutbox(ids: string[]) {
    enqueued.push(...ids);
  },
};
const chase = (day: string, time?: string, on: Db = db) => chaseDueStages(on, at(day, time), deps);

async function person(d: Db, name: string) {
  const [p] = await d.select().from(people).where(eq(people.name, name));
  if (!p) throw new Error(`no demo person ${name}`);
  return p;
}

/**
 * A pending (or decided) request of 资产经营公司 with one approval stage: filed by 张伟 (also its
 * assessor), responsible leader 王建国, and an approval card already sent to each approver.
 */
async function makeStage(
  d: Db,
  opts: { openedOn: string | null; status?: StageStatus; kind?: StageKind; sendCards?: OutboxWriter },
) {
  const [unit] = await d.select().from(units).where(eq(units.code, 'asset'));
  const filer = await person(d, '张伟');
  const leader = await person(d, '王建国');
  const dept = await person(d, '李秀英');
  const [line] = await d
    .insert(budgetLines)
    .values({
      unitId: unit!.id,
      fiscalYear: 2026,
      category: 'cleaning',
      amountFen: 100_000_000n,
      createdBy: 'test',
    })
    .onConflictDoUpdate({
      target: [budgetLines.unitId, budgetLines.fiscalYear, budgetLines.category, budgetLines.name],
      set: { createdBy: 'test' },
    })
    .returning();
  const [req] = await d
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
      filerId: filer.id,
      leaderId: leader.id,
      departmentId: dept.id,
      policyVersion: 1,
    })
    .returning();
  const requestId = req!.id;
  await d.insert(purchaseAssessors).values({ requestId, personId: filer.id });
  const kind = opts.kind ?? 'unit_leadership';
  const [stage] = await d
    .insert(approvalStages)
    .values({
      requestId,
      seq: 1,
      kind,
      status: opts.status ?? 'pending',
      openedOn: opts.openedOn,
      openedAt: opts.openedOn ? at(opts.openedOn, '09:00') : null,
    })
    .returning();
  const approvers = await approversFor(d, requestId, kind);
  const cards = new Map<string, string>(); // approver open_id -> card's outbox id
  for (const a of approvers) {
    const [row] = await d
      .insert(outbox)
      .values({
        kind: 'send',
        receiveIdType: 'open_id',
        receiveId: a.openId,
        msgType: 'interactive',
        content: card({ title: '采购申请审批', elements: [md(`#${requestId}`)] }),
        status: 'sent',
        messageId: `om_card_${requestId}_${a.personId}`,
      })
      .returning();
    cards.set(a.openId, row!.id);
    await d.insert(approvalCards).values({ stageId: stage!.id, personId: a.personId, outboxId: row!.id });
  }
  return { requestId, stageId: stage!.id, approvers, cards, leaderOpenId: leader.openId };
}

type Stage = Awaited<ReturnType<typeof makeStage>>;

async function textsOf(d: Db, s: Stage, mark: '【催办】' | '【督办】') {
  const rows = await d
    .select()
    .from(outbox)
    .where(and(eq(outbox.kind, 'send'), eq(outbox.msgType, 'interactive')));
  // Each chase is a notice card (cards/ways-on): its words are its summary, its button 打开审批.
  const words = (c: unknown) =>
    (c as { config?: { summary?: { content?: string } } }).config?.summary?.content ?? '';
  return rows
    .filter((r) => words(r.content).startsWith(`${mark}采购申请 #${s.requestId}「`))
    .map((r) => {
      expect(JSON.stringify(r.content)).toContain(`"a":"approval.open","stage":${s.stageId}`);
      return { id: r.id, to: r.receiveId, text: words(r.content) };
    });
}

async function urgentsOf(d: Db, s: Stage) {
  const ids = [...s.cards.values()];
  if (ids.length === 0) return [];
  return d
    .select()
    .from(outbox)
    .where(and(eq(outbox.kind, 'urgent'), inArray(outbox.targetOutboxId, ids)));
}

async function chasesOf(d: Db, s: Stage) {
  const rows = await d.select().from(stageChases).where(eq(stageChases.stageId, s.stageId));
  return rows.map((r) => r.step).sort();
}

async function auditsOf(d: Db, s: Stage) {
  return d
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.aggregateType, 'purchase'),
        eq(auditLog.aggregateId, String(s.requestId)),
        eq(auditLog.action, 'stage.chased'),
      ),
    )
    .orderBy(auditLog.seq);
}

const none: ChaseCounts = { checked: 1, reminded: 0, urgent: 0 };

describe('approval chasing against the real database', () => {
  beforeAll(async () => {
    t = await createTestDb();
    db = t.db;
    await importOrg(db, parseOrgFile(readFileSync('org/demo-zone.yaml', 'utf8')));
  });
  afterAll(() => t.drop());
  afterEach(async () => {
    // Each test starts with no pending stage left over from the one before.
    await db.update(approvalStages).set({ status: 'rejected' }).where(eq(approvalStages.status, 'pending'));
    enqueued = [];
  });

  it('the 2026 calendar the rule relies on: National Day off 10-01..10-07, Saturday 10-10 a make-up working day', () => {
    for (const day of ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']) {
      expect(isWorkingDay(day), day).toBe(false);
    }
    expect(isWorkingDay('2026-09-30')).toBe(true); // Wednesday
    expect(isWorkingDay('2026-10-08')).toBe(true); // Thursday, first working day after the holiday
    expect(isWorkingDay('2026-10-10')).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2026-10-11')).toBe(false); // Sunday
    expect(isWorkingDay('2026-09-20')).toBe(true); // Sunday, 调休 for National Day
    expect(workingDaysBetween('2026-09-30', '2026-10-07')).toBe(0);
    expect(workingDaysBetween('2026-09-30', '2026-10-10')).toBe(3);
  });

  it('a stage opened 2026-09-30 is not chased during National Day, is reminded on 10-08 and escalated on the 调休 Saturday 10-10', async () => {
    const s = await makeStage(db, { openedOn: '2026-09-30' });
    expect(s.approvers.map((a) => a.name).sort()).toEqual(['李秀英', '王建国'].sort());

    expect(await chase('2026-09-30', '17:30')).toEqual({ checked: 1, reminded: 0, urgent: 0 });
    for (const day of [
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]) {
      expect(await chase(day, '10:00'), day).toEqual({ checked: 0, reminded: 0, urgent: 0 });
    }
    expect(await textsOf(db, s, '【催办】')).toEqual([]);
    expect(await chasesOf(db, s)).toEqual([]);

    // 2026-10-08 (Thursday): 1 working day since 09-30.
    expect(await chase('2026-10-08', '08:00')).toEqual({ checked: 1, reminded: 1, urgent: 0 });
    const reminders = await textsOf(db, s, '【催办】');
    expect(reminders.map((r) => r.to).sort()).toEqual(s.approvers.map((a) => a.openId).sort());
    expect(reminders[0]!.text).toBe(
      `【催办】采购申请 #${s.requestId}「办公楼保洁服务」已等待您审批 1 个工作日,请尽快处理。`,
    );
    expect(enqueued.sort()).toEqual(reminders.map((r) => r.id).sort());
    expect(await urgentsOf(db, s)).toEqual([]);

    // 10-09 (Friday) is the 2nd working day: nothing new. 10-10 (调休 Saturday) is the 3rd: 加急.
    expect(await chase('2026-10-09', '18:30')).toEqual(none);
    enqueued = [];
    expect(await chase('2026-10-10', '09:00')).toEqual({ checked: 1, reminded: 0, urgent: 1 });
    const urgents = await urgentsOf(db, s);
    expect(urgents).toHaveLength(s.approvers.length);
    for (const [openId, cardId] of s.cards) {
      expect(urgents.find((u) => u.targetOutboxId === cardId)?.urgentUserIds).toEqual([openId]);
    }
    const escalations = await textsOf(db, s, '【督办】');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.to).toBe(s.leaderOpenId);
    expect(escalations[0]!.text).toContain('已超过 3 个工作日未');
    expect(enqueued.sort()).toEqual([...urgents.map((u) => u.id), escalations[0]!.id].sort());

    expect(await chase('2026-10-11')).toEqual({ checked: 0, reminded: 0, urgent: 0 }); // Sunday
    expect(await chase('2026-10-12')).toEqual({ checked: 0, reminded: 0, urgent: 0 });
    expect(await textsOf(db, s, '【催办】')).toHaveLength(s.approvers.length);
    expect(await chasesOf(db, s)).toEqual(['remind', 'urgent']);
    const audits = await auditsOf(db, s);
    expect(audits.map((a) => a.data)).toEqual([
      { stage: 'unit_leadership', stageId: s.stageId, step: 'remind', workingDays: 1 },
      { stage: 'unit_leadership', stageId: s.stageId, step: 'urgent', workingDays: 3 },
    ]);
    expect(audits.every((a) => a.actor === 'job:approval.chase')).toBe(true);
  });

  it('a 调休 Sunday counts: a stage opened Friday 2026-09-18 is reminded on Sunday 09-20, not on Saturday 09-19', async () => {
    const s = await makeStage(db, { openedOn: '2026-09-18' });
    expect(await chase('2026-09-19')).toEqual({ checked: 0, reminded: 0, urgent: 0 });
    expect(await chase('2026-09-20')).toEqual({ checked: 1, reminded: 1, urgent: 0 });
    expect(await textsOf(db, s, '【催办】')).toHaveLength(s.approvers.length);
  });

  it('nothing goes out on a day off, even when overdue; the next working day takes every step due', async () => {
    const s = await makeStage(db, { openedOn: '2026-09-28' }); // Monday: 09-29, 09-30, 10-08 are its 3 days
    expect(await chase('2026-10-03')).toEqual({ checked: 0, reminded: 0, urgent: 0 });
    expect(await chasesOf(db, s)).toEqual([]);
    expect(await chase('2026-10-08')).toEqual({ checked: 1, reminded: 1, urgent: 1 });
    expect(await textsOf(db, s, '【催办】')).toHaveLength(s.approvers.length);
    expect(await urgentsOf(db, s)).toHaveLength(s.approvers.length);
    expect(await textsOf(db, s, '【督办】')).toHaveLength(1);
  });

  it('calling twice, and from two workers at once, then after a restart, sends each chase once', async () => {
    const stages = await Promise.all(
      Array.from({ length: 4 }, () => makeStage(db, { openedOn: '2026-10-08' })),
    );
    const w1 = createDb(t.url, { max: 4 });
    const w2 = createDb(t.url, { max: 4 });
    try {
      // 2026-10-14: 5 working days after 10-08 (10-09, 10-10 调休, 10-12, 10-13, 10-14).
      const results = await Promise.all([
        chase('2026-10-14', '10:00', w1.db),
        chase('2026-10-14', '10:00', w2.db),
        chase('2026-10-14', '10:30', w1.db),
        chase('2026-10-14', '10:30', w2.db),
      ]);
      expect(results.reduce((n, r) => n + r.reminded, 0)).toBe(stages.length);
      expect(results.reduce((n, r) => n + r.urgent, 0)).toBe(stages.length);
      // A second run, and a worker started afresh (a new pool, nothing in memory), find nothing to do.
      expect(await chase('2026-10-14', '11:00', w1.db)).toEqual({ checked: 0, reminded: 0, urgent: 0 });
      const restarted = createDb(t.url, { max: 2 });
      expect(await chase('2026-10-15', '08:00', restarted.db)).toEqual({
        checked: 0,
        reminded: 0,
        urgent: 0,
      });
      await restarted.sql.end();
    } finally {
      await w1.sql.end();
      await w2.sql.end();
    }
    for (const s of stages) {
      const reminders = await textsOf(db, s, '【催办】');
      expect(reminders.map((r) => r.to).sort()).toEqual(s.approvers.map((a) => a.openId).sort());
      expect(await urgentsOf(db, s)).toHaveLength(s.approvers.length);
      expect(await textsOf(db, s, '【督办】')).toHaveLength(1);
      expect(await chasesOf(db, s)).toEqual(['remind', 'urgent']);
      expect(await auditsOf(db, s)).toHaveLength(2);
    }
    // Every outbox row written was handed to the relay exactly once.
    expect(new Set(enqueued).size).toBe(enqueued.length);
    expect(enqueued).toHaveLength(stages.length * (2 * stages[0]!.approvers.length + 1));
  });

  it('a decided stage is never chased, nor one still waiting for an earlier stage', async () => {
    const approved = await makeStage(db, { openedOn: '2026-09-01', status: 'approved' });
    const rejected = await makeStage(db, { openedOn: '2026-09-01', status: 'rejected' });
    const waiting = await makeStage(db, { openedOn: null, status: 'waiting', kind: 'zone_committee' });
    expect(await chase('2026-10-14')).toEqual({ checked: 0, reminded: 0, urgent: 0 });
    for (const s of [approved, rejected, waiting]) {
      expect(await chasesOf(db, s)).toEqual([]);
      expect(await textsOf(db, s, '【催办】')).toEqual([]);
      expect(await urgentsOf(db, s)).toEqual([]);
    }
  });

  it('a stage decided after its reminder gets no 加急 and no escalation', async () => {
    const s = await makeStage(db, { openedOn: '2026-10-08' });
    expect(await chase('2026-10-09')).toEqual({ checked: 1, reminded: 1, urgent: 0 });
    await db.update(approvalStages).set({ status: 'approved' }).where(eq(approvalStages.id, s.stageId));
    expect(await chase('2026-10-13')).toEqual({ checked: 0, reminded: 0, urgent: 0 });
    expect(await chasesOf(db, s)).toEqual(['remind']);
    expect(await urgentsOf(db, s)).toEqual([]);
    expect(await textsOf(db, s, '【督办】')).toEqual([]);
  });

  it('a decision committed while the chase waits for the stage wins: the stage is left alone', async () => {
    const s = await makeStage(db, { openedOn: '2026-10-08' });
    const other = postgres(t.url, { max: 1, onnotice: () => {} });
    let running: Promise<ChaseCounts> | undefined;
    await other.begin(async (tx) => {
      await tx`update approval_stages set status = 'approved' where id = ${s.stageId}`;
      running = chase('2026-10-14'); // reads the stage as pending, then blocks on its row lock
      await new Promise((r) => setTimeout(r, 300));
    });
    await other.end();
    expect(await running).toEqual({ checked: 1, reminded: 0, urgent: 0 });
    expect(await chasesOf(db, s)).toEqual([]);
    expect(await textsOf(db, s, '【催办】')).toEqual([]);
  });
});

/** The day `n` calendar days before `date` (YYYY-MM-DD). */
function daysBefore(date: string, n: number) {
  return new Date(Date.parse(`${date}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}

describe('the approval.chase job', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it('runs on a real BullMQ worker: 催办 text and 加急 of the card reach the approvers, 督办 the leader', async () => {
    const today = shanghaiDate(new Date());
    let openedOn = today;
    while (workingDaysBetween(openedOn, today) < 3) openedOn = daysBefore(openedOn, 1);

    // The approval cards are real messages in the sandbox, sent through the relay.
    const s = await makeStage(h.db, { openedOn });
    const ids = await h.db.transaction(async (tx) => {
      const out = new OutboxWriter(tx);
      for (const [openId, cardId] of s.cards) {
        const sent = await out.send(
          { type: 'open_id', id: openId },
          { card: card({ title: '采购申请审批', elements: [md('请审批')] }) },
        );
        await tx.update(approvalCards).set({ outboxId: sent }).where(eq(approvalCards.outboxId, cardId));
        s.cards.set(openId, sent);
      }
      return out.ids;
    });
    await h.app.enqueueOutbox(ids);
    await h.sb.waitFor(async () => {
      const rows = await h.db.select().from(outbox).where(inArray(outbox.id, ids));
      return rows.every((r) => r.status === 'sent');
    });

    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const events = new QueueEvents('sweeps', { connection: { url: REDIS_URL }, prefix: h.prefix });
    const sweeps = new Queue('sweeps', { connection, prefix: h.prefix });
    try {
      await events.waitUntilReady();
      // The half-hourly schedule would run the same chase on its own; this test runs it by hand.
      await sweeps.removeJobScheduler('approval-chase');
      const job = await sweeps.add('approval.chase', {});
      const result = (await job.waitUntilFinished(events, 15_000)) as ChaseCounts;
      if (!isWorkingDay(today)) {
        // The rule sends nothing on a day off; the job still ran on the worker.
        expect(result).toEqual({ checked: 0, reminded: 0, urgent: 0 });
        return;
      }
      expect(result).toEqual({ checked: 1, reminded: 1, urgent: 1 });
      for (const a of s.approvers) {
        await h.sb.waitFor(() => {
          const inbox = h.sb.inbox(a.openId);
          const reminded = inbox.some((m) => JSON.stringify(m.content).includes('【催办】'));
          const urged = inbox.some((m) => m.msgType === 'interactive' && m.urgent);
          return reminded && urged;
        }, 10_000);
      }
      const pressed = await h.sb.waitFor(() =>
        h.sb.inbox(s.leaderOpenId).find((m) => JSON.stringify(m.content).includes('【督办】')),
      );
      // The way on: 打开审批 opens the stage's approval card for the leader named on the request.
      const opened = await h.sb.click(s.leaderOpenId, pressed, '打开审批');
      expect(opened.toast).toBeUndefined();
      expect(JSON.stringify(opened.card)).toContain(`采购审批 #${s.requestId}`);
    } finally {
      await sweeps.close();
      await events.close();
      await connection.quit();
    }
    const [n] = await h.db.select({ n: sql<number>`count(*)::int` }).from(stageChases);
    expect(n?.n).toBe(2);
  }, 40_000);
});
