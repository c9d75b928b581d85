/**
 * 撤回 on the request's own card (issue 25, point 1): while no stage is decided the filer withdraws
 * it; a double click withdraws once and answers green twice; another filer's forged click is refused
 * and writes nothing; after a stage is decided it is refused. Withdrawing releases the budget line,
 * changes every approver's card and cancels the stage's approval-center instance.
 */
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { shanghaiDate } from '../../src/domain/calendar';
import { createProcessor } from '../../src/jobs/processor';
import { closeQueues, createQueues } from '../../src/jobs/queues';
import type { JobDeps, Queues } from '../../src/jobs/types';
import { createLogger } from '../../src/log';
import { forgeCardCallback } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';
import { addLine, fileThroughCards, requestIdOf } from '../helpers/purchase';
import { REDIS_URL } from '../helpers/redis';
import { approvalCardOf, openRequestCard, shown, toastOf } from '../helpers/request-card';

let h: Harness;
let p: (name: string) => string;
let redis: Redis;
let queues: Queues;
let deps: JobDeps;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queues = createQueues(redis, h.prefix);
  deps = {
    db: h.app.db,
    feishu: h.app.feishu,
    logger: createLogger('warn', { write: () => {} }),
    redis,
    prefix: h.prefix,
    queues,
    now: h.now,
    enqueueOutbox: h.app.enqueueOutbox,
    enqueueFanout: h.app.enqueueFanout,
  };
});
afterAll(async () => {
  await closeQueues(queues);
  await redis.quit();
  await h?.stop();
});

let runs = 0;
const syncApprovalCenter = () =>
  createProcessor(deps)({ name: 'approval-center.sync', id: `t-${++runs}`, data: {} } as unknown as Job);

/** 张伟 files 8万 (unit leadership only) on a fresh line; the request id and its line. */
async function filed(amount = '8万') {
  const line = await addLine(h, 'asset', 50_000_000n);
  const res = await fileThroughCards(h, p('张伟'), {
    line: line.id,
    amount,
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
  });
  return { id: requestIdOf(res.toast), lineId: line.id };
}

async function state(id: number, lineId: number) {
  const [r] = await h.sql`select
    (select status from purchase_requests where id = ${id}) as request,
    (select string_agg(status, ',' order by seq) from approval_stages where request_id = ${id}) as stages,
    (select count(*)::int from audit_log where action = 'purchase.withdrawn'
       and aggregate_id = ${String(id)}) as audits,
    (select count(*)::int from audit_log) as "allAudits",
    (select count(*)::int from outbox) as outbox,
    (select coalesce(sum(amount_fen), 0)::text from purchase_requests
       where budget_line_id = ${lineId} and status in ('pending', 'approved')) as committed`;
  return r!;
}

it('a double click withdraws once, answers green twice; budget released, cards and approval center updated', async () => {
  const { id, lineId } = await filed();
  const card = await openRequestCard(h, p('张伟'), id);
  expect(shown(card)).toContain('撤回申请');
  const held = await approvalCardOf(h, '王建国', id);
  const [stage] = await h.sql`select id::int from approval_stages where request_id = ${id}`;
  // The stage's instance exists (PENDING) before the withdrawal.
  await syncApprovalCenter();
  expect(h.sb.approvalInstance(`gps-stage-${stage!.id}`)?.status).toBe('PENDING');
  expect((await state(id, lineId)).committed).toBe('8000000');

  const [first, second] = await Promise.all([
    h.sb.click(p('张伟'), card, '撤回申请'),
    forgeCardCallback(h, p('张伟'), card.messageId, { a: 'purchase.withdraw', request: id }, {}),
  ]);
  expect(toastOf(first)).toEqual({ type: 'success', content: `已撤回采购申请 #${id},占用的预算额度已释放` });
  expect(second.toast).toEqual(first.toast);
  const after = await state(id, lineId);
  expect(after).toMatchObject({ request: 'withdrawn', stages: 'withdrawn', audits: 1, committed: '0' });
  // The card now shows the withdrawal in its timeline, and no 撤回 or 催办.
  const now = shown(h.sb.message(card.messageId));
  expect(now).toContain('已撤回');
  expect(now).toContain('张伟:撤回申请');
  expect(now).not.toContain('撤回申请"');
  expect(now).not.toContain('催办');
  // Every holder's approval card says it was withdrawn, with no buttons left.
  for (const m of [held, await approvalCardOf(h, '李秀英', id)])
    await h.sb.waitFor(() => shown(h.sb.message(m.messageId)).includes('已撤回该申请'));
  expect(shown(h.sb.message(held.messageId))).not.toContain('同意');
  // A decision on the withdrawn stage is refused.
  const late = await forgeCardCallback(
    h,
    p('王建国'),
    held.messageId,
    { a: 'approval.approve', stage: stage!.id },
    { meeting_date: shanghaiDate(h.now()), minutes_no: '2026-第1次' },
  );
  expect(toastOf(late)).toMatchObject({ content: '该申请已被经办人撤回,无需审批' });
  expect((await state(id, lineId)).request).toBe('withdrawn');
  // The approval center's instance is cancelled.
  await syncApprovalCenter();
  expect(h.sb.approvalInstance(`gps-stage-${stage!.id}`)?.status).toBe('CANCELED');
  // Later, the same callback again (Feishu's retry): the same answer, nothing more written.
  const before = await state(id, lineId);
  const retried = await forgeCardCallback(
    h,
    p('张伟'),
    card.messageId,
    { a: 'purchase.withdraw', request: id },
    {},
  );
  expect(retried.toast).toEqual(first.toast);
  expect(await state(id, lineId)).toEqual(before);
}, 60_000);

it("another filer's forged 撤回 is refused and writes nothing", async () => {
  const { id, lineId } = await filed();
  const card = await openRequestCard(h, p('张伟'), id);
  const before = await state(id, lineId);
  // 刘芳 is a filer of another unit; the button value names 张伟's request.
  const forged = await forgeCardCallback(
    h,
    p('刘芳'),
    card.messageId,
    { a: 'purchase.withdraw', request: id },
    {},
  );
  expect(toastOf(forged)?.type).toBe('error');
  expect(JSON.stringify(forged)).not.toContain('已撤回');
  expect(await state(id, lineId)).toEqual(before);
  expect(before.request).toBe('pending');
  // Nor may she open the request's card.
  const peek = await forgeCardCallback(
    h,
    p('刘芳'),
    card.messageId,
    { a: 'purchase.request', request: id },
    {},
  );
  expect(toastOf(peek)?.type).toBe('error');
  expect(JSON.stringify(peek)).not.toContain('园区公共区域日常保洁服务');
}, 60_000);

it('after a stage is decided 撤回 is no longer offered, and a click on an old card is refused', async () => {
  const { id, lineId } = await filed('20万');
  const card = await openRequestCard(h, p('张伟'), id);
  const held = await approvalCardOf(h, '王建国', id);
  const decided = await h.sb.click(p('王建国'), held, '同意', {
    meeting_date: shanghaiDate(h.now()),
    minutes_no: '2026-第12次',
  });
  expect(toastOf(decided)?.type).toBe('success');
  // The decision's fan-out (the next stage opened, holders' cards, the filer told) runs in a job after
  // the click: wait for it, so the state taken next is not raced by it.
  await h.sb.waitFor(async () => {
    const [open] = await h.sql`select 1 from approval_stages
      where request_id = ${id} and decided_at is not null and fanned_out_at is null`;
    return !open;
  });
  const before = await state(id, lineId);
  const late = await h.sb.click(p('张伟'), card, '撤回申请');
  expect(toastOf(late)).toEqual({
    type: 'error',
    content: '「单位领导班子集体决策」已作出决定,该申请不能再撤回',
  });
  expect(await state(id, lineId)).toEqual(before);
  expect(before.request).toBe('pending');
  const fresh = await openRequestCard(h, p('张伟'), id);
  expect(shown(fresh)).not.toContain('撤回申请');
}, 60_000);

it('撤回 and 同意 clicked at the same moment: exactly one of them happens, and the other is refused', async () => {
  for (let round = 0; round < 3; round++) {
    const { id, lineId } = await filed();
    const card = await openRequestCard(h, p('张伟'), id);
    const held = await approvalCardOf(h, '王建国', id);
    const [w, a] = await Promise.all([
      h.sb.click(p('张伟'), card, '撤回申请'),
      h.sb.click(p('王建国'), held, '同意', {
        meeting_date: shanghaiDate(h.now()),
        minutes_no: `2026-第${round}次`,
      }),
    ]);
    const won = [toastOf(w)?.type, toastOf(a)?.type].filter((t) => t === 'success');
    expect(won).toHaveLength(1);
    const s = await state(id, lineId);
    if (toastOf(w)?.type === 'success') {
      expect(s).toMatchObject({ request: 'withdrawn', stages: 'withdrawn', committed: '0' });
      expect(toastOf(a)?.content).toBe('该申请已被经办人撤回,无需审批');
    } else {
      expect(s).toMatchObject({ request: 'approved', stages: 'approved', audits: 0, committed: '8000000' });
      expect(toastOf(w)?.content).toBe('「单位领导班子集体决策」已作出决定,该申请不能再撤回');
    }
  }
}, 60_000);
