import * as lark from '@larksuiteoapi/node-sdk';
import type { Job } from 'bullmq';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../src/domain/calendar';
import { createProcessor } from '../../src/jobs/processor';
import { closeQueues, createQueues } from '../../src/jobs/queues';
import type { JobDeps, Queues } from '../../src/jobs/types';
import { createLogger } from '../../src/log';
import type { ApprovalInstanceView } from '../../src/sandbox';
import { titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';
import { fileStandard } from '../helpers/purchase';
import { REDIS_URL } from '../helpers/redis';

// Filed today through the cards: a meeting may be no earlier than the filing, nor after today.
const today = shanghaiDate(new Date());

let h: Harness;
let p: (name: string) => string;
let redis: Redis;
let queues: Queues;
let deps: JobDeps;
const jobLogs: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queues = createQueues(redis, h.prefix);
  deps = {
    db: h.app.db,
    feishu: h.app.feishu,
    logger: createLogger('info', { write: (l: string) => void jobLogs.push(l) }),
    redis,
    prefix: h.prefix,
    queues,
    now: () => new Date(),
    enqueueOutbox: h.app.enqueueOutbox,
    enqueueFanout: h.app.enqueueFanout,
  };
});
afterAll(async () => {
  await closeQueues(queues);
  await redis.quit();
  await h.stop();
});

/** Runs a job as a worker would: through the processor, which checks the payload against the definition. */
let runs = 0;
const run = (name: string, data: object = {}) =>
  createProcessor(deps)({ name, id: `test-${++runs}`, data } as unknown as Job) as Promise<
    Record<string, number | string | undefined>
  >;
const sync = () => run('approval-center.sync');
const reconcile = () => run('approval-center.reconcile');

const rows = <T>(q: ReturnType<typeof sql>) => h.db.execute(q) as unknown as Promise<T[]>;

async function stageOf(requestId: number) {
  const [s] = await rows<{ id: number }>(
    sql`select id::int from approval_stages where request_id = ${requestId} order by seq limit 1`,
  );
  return s!.id;
}

async function holdersOf(stageId: number) {
  return rows<{ open_id: string; name: string }>(
    sql`select p.open_id, p.name from approval_cards c join people p on p.id = c.person_id where c.stage_id = ${stageId}`,
  );
}

async function mirrorRow(stageId: number) {
  const [r] = await rows<{ mirrored_status: string | null; attempts: number; last_error: string | null }>(
    sql`select mirrored_status, attempts, last_error from approval_center_instances where stage_id = ${stageId}`,
  );
  return r;
}

const instance = (stageId: number) => h.sb.approvalInstance(`gps-stage-${stageId}`);
const copies = (stageId: number) =>
  h.sb.approvalInstances().filter((i) => i.instanceId === `gps-stage-${stageId}`).length;
const approvalCardOf = (who: string, id: number) =>
  h.sb.waitFor(() => h.sb.inbox(p(who)).find((m) => titleOf(m)?.startsWith(`采购审批 #${id} ·`)));
const statusIs = (stageId: number, status: string) =>
  h.sb.waitFor(() => {
    const i = instance(stageId);
    return i?.status === status ? i : undefined;
  });

let approvedStage = 0;

describe('the approval center mirror', () => {
  it('creates the instance when a stage opens: PENDING, one task per approver who got the card', async () => {
    const id = await fileStandard(h, '8万');
    const stageId = await stageOf(id);
    // No sync run by hand: the submission queues one after its commit.
    const inst = (await h.sb.waitFor(() => instance(stageId), 15_000)) as ApprovalInstanceView;
    const holders = await holdersOf(stageId);
    expect(holders.length).toBeGreaterThan(1);

    expect(inst.status).toBe('PENDING');
    expect(inst.endTime).toBe('0');
    expect(inst.tasks.map((t) => t.openId).sort()).toEqual(holders.map((x) => x.open_id).sort());
    expect(inst.tasks.every((t) => t.status === 'PENDING')).toBe(true);
    // The filer (also the assessor) may not decide: no task of theirs, but it is their instance.
    expect(inst.tasks.some((t) => t.openId === p('张伟'))).toBe(false);
    expect(inst.openId).toBe(p('张伟'));
    expect(inst.title).toBe(`采购审批 #${id} · 单位领导班子集体决策`);
    expect(inst.form).toEqual([
      { name: '申请单位', value: '资产经营公司' },
      { name: '金额', value: '80,000.00元' },
      { name: '事项', value: '园区公共区域日常保洁服务' },
    ]);
    // Back to the bot's chat, where the card is; no one-tap approval anywhere.
    const link = `https://applink.feishu.cn/client/bot/open?appId=${h.sb.appId}`;
    expect(inst.links).toEqual({ pcLink: link, mobileLink: link });
    expect(inst.tasks.every((t) => t.links.pcLink === link)).toBe(true);
    expect(JSON.stringify(inst.raw)).not.toContain('action_configs');
    // The sandbox has the instance a moment before the job records that it does.
    await h.sb.waitFor(async () => (await mirrorRow(stageId))?.mirrored_status === 'PENDING');

    // The definition was created once, stored, and names no callback for quick approval.
    const defs = h.sb.approvalDefinitions();
    expect(defs).toHaveLength(1);
    expect(inst.approvalCode).toBe(defs[0]!.approvalCode);
    expect(JSON.stringify(defs[0]!.raw)).not.toContain('action_callback_url');
    const stored = await rows<{ approval_code: string }>(
      sql`select approval_code from approval_center_definitions`,
    );
    expect(stored.map((r) => r.approval_code)).toEqual([defs[0]!.approvalCode]);
    approvedStage = stageId;
  });

  it('updates it on the decision: APPROVED, the decider’s task approved and the others done', async () => {
    const stageId = approvedStage;
    const id = (
      await rows<{ request_id: number }>(
        sql`select request_id::int from approval_stages where id = ${stageId}`,
      )
    )[0]!.request_id;
    const card = await approvalCardOf('王建国', id);
    const r = await h.sb.click(p('王建国'), card, '同意', {
      meeting_date: today,
      minutes_no: '2026-第40次',
    });
    expect(r.toast).toMatchObject({ type: 'success' });
    // The fan-out queues the sync: the decision shows without the test running anything.
    const inst = await statusIs(stageId, 'APPROVED');
    expect(inst.endTime).not.toBe('0');
    const decider = inst.tasks.find((t) => t.openId === p('王建国'));
    expect(decider?.status).toBe('APPROVED');
    const others = inst.tasks.filter((t) => t.openId !== p('王建国'));
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((t) => t.status === 'DONE')).toBe(true);
    await sync();
    // The sandbox has the instance a moment before the job records that it does.
    await h.sb.waitFor(async () => (await mirrorRow(stageId))?.mirrored_status === 'APPROVED');
  });

  it('updates a rejected stage to REJECTED', async () => {
    const id = await fileStandard(h, '6万');
    const stageId = await stageOf(id);
    const card = await approvalCardOf('李秀英', id);
    await h.sb.click(p('李秀英'), card, '驳回', { reason: '预算口径不清,请补充测算依据' });
    await sync();
    const inst = await statusIs(stageId, 'REJECTED');
    expect(inst.tasks.find((t) => t.openId === p('李秀英'))?.status).toBe('REJECTED');
    // The sandbox has the instance a moment before the job records that it does.
    await h.sb.waitFor(async () => (await mirrorRow(stageId))?.mirrored_status === 'REJECTED');
  });

  it('resends without a duplicate: a second sync sends nothing, a forced resend replaces the one instance', async () => {
    const stageId = approvedStage;
    const before = instance(stageId)!;
    const posts = () => h.sb.stats().requests['POST /open-apis/approval/v4/external_instances'] ?? 0;
    const postsBefore = posts();
    await sync();
    await sync();
    expect(instance(stageId)!.writes).toBe(before.writes);
    expect(posts()).toBe(postsBefore);

    // As a reconcile does: forget what Feishu confirmed, and the next sync sends it again.
    await h.db.execute(
      sql`update approval_center_instances set mirrored_status = null where stage_id = ${stageId}`,
    );
    const result = await sync();
    expect(result.pushed).toBeGreaterThanOrEqual(1);
    const after = instance(stageId)!;
    expect(after.writes).toBe(before.writes + 1);
    expect(copies(stageId)).toBe(1);
    expect(after.status).toBe('APPROVED');
    expect(after.tasks.map((t) => t.taskId).sort()).toEqual(before.tasks.map((t) => t.taskId).sort());
    expect(BigInt(after.updateTime)).toBeGreaterThan(BigInt(before.updateTime));
    expect((await mirrorRow(stageId))?.mirrored_status).toBe('APPROVED');
  });

  it('is reconciled after the approval center dropped updates for a while', async () => {
    const id = await fileStandard(h, '5万');
    const stageId = await stageOf(id);
    await sync();
    await statusIs(stageId, 'PENDING');

    h.sb.dropApprovalUpdates(true);
    const dropped = h.sb.droppedApprovalUpdates();
    const card = await approvalCardOf('王建国', id);
    await h.sb.click(p('王建国'), card, '同意', { meeting_date: today, minutes_no: '2026-第41次' });
    await sync();
    // Feishu answered code 0, so the mirror believes it; the approval center still shows PENDING.
    await h.sb.waitFor(async () => (await mirrorRow(stageId))?.mirrored_status === 'APPROVED');
    expect(h.sb.droppedApprovalUpdates()).toBeGreaterThan(dropped);
    expect(instance(stageId)!.status).toBe('PENDING');

    h.sb.dropApprovalUpdates(false);
    await sync();
    expect(instance(stageId)!.status).toBe('PENDING'); // nothing looks different to a sync

    const found = await reconcile();
    expect(found.drifted).toBeGreaterThanOrEqual(1);
    expect(found.checked).toBeGreaterThanOrEqual(3);
    await sync();
    const fixed = await statusIs(stageId, 'APPROVED');
    expect(fixed.tasks.find((t) => t.openId === p('王建国'))?.status).toBe('APPROVED');
    expect(copies(stageId)).toBe(1);
    expect((await mirrorRow(stageId))?.mirrored_status).toBe('APPROVED');
    // The instances that were fine are not reported again.
    await h.sb.waitFor(async () => (await reconcile()).drifted === 0);
  });

  it('sent only valid requests to the sandbox', () => {
    expect(h.sb.errors().filter((e) => e.message.includes('/approval/'))).toEqual([]);
  });

  it('on a 429 pauses every sync for the reset time, without counting it against the stage', async () => {
    const id = await fileStandard(h, '4万');
    const stageId = await stageOf(id);
    await sync();
    await statusIs(stageId, 'PENDING');
    // Another client of the same app uses up the API's quota of the second (50 per second), then
    // the stage needs sending again.
    const other = new lark.Client({
      appId: h.sb.appId,
      appSecret: h.sb.appSecret,
      domain: h.sb.url,
      logger: { error() {}, warn() {}, info() {}, debug() {}, trace() {} },
    });
    const approvalCode = h.sb.approvalDefinitions()[0]!.approvalCode;
    const link = { pc_link: 'https://example.gov.cn/other' };
    const t = String(Date.now());
    const data = {
      approval_code: approvalCode,
      instance_id: 'other-system-1',
      status: 'PENDING' as const,
      links: link,
      start_time: t,
      end_time: '0',
      update_time: t,
      i18n_resources: [{ locale: 'zh-CN' as const, is_default: true, texts: [] }],
    };
    // One call for the token, then a burst sent at once: the admitted 50 all fall within a few ms,
    // so the window stays full for about a second (a loop of calls on a busy machine spreads them
    // out, and the oldest could expire before the sync below runs).
    await other.approval.v4.externalInstance.create({ data });
    const burst = await Promise.allSettled(
      Array.from({ length: 60 }, () => other.approval.v4.externalInstance.create({ data })),
    );
    const limited = burst.some(
      (r) =>
        r.status === 'rejected' && (r.reason as { response?: { status?: number } }).response?.status === 429,
    );
    expect(limited).toBe(true);
    await h.db.execute(
      sql`update approval_center_instances set mirrored_status = null where stage_id = ${stageId}`,
    );
    const writes = instance(stageId)!.writes;
    const result = await sync();
    // Refused (or, if the worker's scheduled run met the 429 first, not even tried).
    expect(['rate_limited', 'blocked']).toContain(result.stopped);
    expect(await redis.pttl(`${h.prefix}:approval-center:blocked`)).toBeGreaterThan(0);
    const row = await mirrorRow(stageId);
    expect(row?.mirrored_status).toBeNull();
    expect(row?.attempts).toBe(0);
    expect(row?.last_error).toContain('rate limited');
    expect(instance(stageId)!.writes).toBe(writes);
    // While paused, a run calls nobody.
    const calls = h.sb.stats().requestsTotal;
    expect((await sync()).stopped).toBe('blocked');
    expect(h.sb.stats().requestsTotal).toBe(calls);
    // After the pause the stage goes through.
    await h.sb.waitFor(async () => (await redis.pttl(`${h.prefix}:approval-center:blocked`)) <= 0, 5000);
    await sync();
    await h.sb.waitFor(async () => (await mirrorRow(stageId))?.mirrored_status === 'PENDING');
    expect(instance(stageId)!.writes).toBe(writes + 1);
    expect(copies(stageId)).toBe(1);
  });
});
