import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { vendors } from '../../src/db/schema';
import { shanghaiDate } from '../../src/domain/calendar';
import { askMenu, forgeCardCallback, sleep, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';
import { addLine, fileStandard, fileThroughCards, requestIdOf } from '../helpers/purchase';

// Rule 4's last bullet: an awarded price above the approved amount is approved again, through the
// bot, by the stages the new amount needs; only then is the procurement recorded and the budget moved.

let h: Harness;
let p: (name: string) => string;
let vendorId: number;
const today = shanghaiDate(new Date());
const year = Number(today.slice(0, 4));
let minutes = 0;
const meeting = () => ({ meeting_date: today, minutes_no: `${year}-第${++minutes}次` });

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  const [v] = await h.db
    .insert(vendors)
    .values({
      name: '苏州洁美物业管理有限公司',
      uscc: '91350100M000100Y43',
      contactName: '孙经理',
      createdBy: 'test',
    })
    .returning();
  vendorId = v!.id;
});
afterAll(() => h.stop());

const one = async <T>(q: ReturnType<typeof sql>) => (await h.db.execute<T & Record<string, unknown>>(q))[0]!;
const count = async (q: ReturnType<typeof sql>) => (await one<{ n: number }>(q)).n;
const written = async () => ({
  procurements: await count(sql`select count(*)::int as n from procurements`),
  stages: await count(sql`select count(*)::int as n from approval_stages`),
  audit: await count(sql`select count(*)::int as n from audit_log`),
  outbox: await count(sql`select count(*)::int as n from outbox`),
});
const request = (id: number) =>
  one<{ status: string; fen: string }>(
    sql`select status, amount_fen::text as fen from purchase_requests where id = ${id}`,
  );
const procurementOf = (id: number) =>
  h.db.execute<{ fen: string; ref: string | null; by: string }>(
    sql`select p.awarded_fen::text as fen, p.reapproval_ref as ref, pe.open_id as by
        from procurements p join people pe on pe.id = p.recorded_by where p.request_id = ${id}`,
  );
/** What the request's budget line has committed (pending and approved requests). */
const committed = (id: number) =>
  one<{ fen: string }>(sql`
    select coalesce(sum(o.amount_fen), 0)::text as fen from purchase_requests o
    where o.budget_line_id = (select budget_line_id from purchase_requests where id = ${id})
      and o.status in ('pending', 'approved')`).then((r) => r.fen);

/** The approval card `who` holds for request `id` whose title includes `part`. */
const cardOf = (who: string, id: number, part: string) =>
  h.sb.waitFor(() =>
    h.sb.inbox(p(who)).find((m) => titleOf(m)?.startsWith(`采购审批 #${id} ·`) && titleOf(m)!.includes(part)),
  );

async function approve(id: number) {
  const card = await cardOf('王建国', id, '单位领导班子');
  const r = await h.sb.click(p('王建国'), card, '同意', meeting());
  expect(r.toast).toMatchObject({ type: 'success' });
  // The decision's fan-out (cards patched, the filer told) has run once the filer is told.
  await h.sb.waitFor(() =>
    h.sb.inbox(p('张伟')).find((m) => JSON.stringify(m.content).includes(`采购申请 #${id}(`)),
  );
}

/** 张伟 records the procurement of request `id` at `price` through the form card. */
async function record(id: number, price: string, beforeSubmit?: () => Promise<void>) {
  const menu = await askMenu(h.sb, p('张伟'));
  await h.sb.click(p('张伟'), menu, '采购与合同');
  const form = await h.sb.click(p('张伟'), menu, { a: 'procurement.form', request: id });
  expect(titleOf({ content: form.card } as never), JSON.stringify(form.toast)).toBe(`登记采购结果 #${id}`);
  await beforeSubmit?.();
  return h.sb.click(p('张伟'), menu, '确认登记', {
    method: 'open_tender',
    reference_no: `SZGG${year}-${id}`,
    bidders: '3',
    vendor: String(vendorId),
    price,
  });
}

it('199,000.00 awarded at 200,000.00 goes to the committee, and only then is recorded; the budget follows', async () => {
  const id = await fileStandard(h, '199,000.00');
  await approve(id);
  expect(await request(id)).toEqual({ status: 'approved', fen: '19900000' });
  expect(await committed(id)).toBe('19900000');

  const r = await record(id, '200,000.00');
  expect(r.toast).toEqual({
    type: 'info',
    content:
      '成交金额 200,000.00元 超过批准金额 199,000.00元,已按新金额提交重新报批(单位领导班子集体决策 → 党工委管委会审批),审批通过后自动登记采购结果',
  });
  // Nothing recorded yet; the request keeps its approval and amount while the round is under way.
  expect(await procurementOf(id)).toEqual([]);
  expect(await request(id)).toEqual({ status: 'approved', fen: '19900000' });
  // A second record while the round is under way is refused.
  const again = await record(id, '199,000.00').catch((e) => ({ toast: String(e) }));
  expect(JSON.stringify(again.toast)).toContain('正在重新报批');

  // The leadership's re-approval card says what it is and shows the new amount.
  const unitCard = await cardOf('王建国', id, '重新报批');
  const shown = JSON.stringify(unitCard.content);
  expect(shown).toContain('重新报批');
  expect(shown).toContain('成交金额 200,000.00元 超过原批准金额 199,000.00元');
  expect(titleOf(unitCard)).toBe(`采购审批 #${id} · 重新报批 · 单位领导班子集体决策`);
  await h.sb.click(p('王建国'), unitCard, '同意', meeting());
  // The committee is asked: 200,000.00 crosses its threshold.
  const committee = await cardOf('周国平', id, '重新报批 · 党工委管委会审批');
  expect(await procurementOf(id)).toEqual([]);
  expect(await request(id)).toEqual({ status: 'approved', fen: '19900000' });

  const before = await written();
  const ok = await h.sb.click(p('周国平'), committee, '同意', meeting());
  expect(ok.toast).toMatchObject({ type: 'success' });
  const rows = await procurementOf(id);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ fen: '20000000', by: p('张伟') });
  expect(rows[0]!.ref).toContain('会议纪要');
  expect(await request(id)).toEqual({ status: 'approved', fen: '20000000' });
  expect(await committed(id)).toBe('20000000');

  // Double click: the same callback again, and a second committee member on his copy: decided once.
  const replay = await h.sb.redeliver(ok.delivery.eventId);
  expect(replay.answer).toMatchObject({ toast: { type: 'info' } });
  const stageId = Number(/"stage":(\d+)/.exec(JSON.stringify(committee.content))![1]);
  const other = await cardOf('吴晓东', id, '重新报批 · 党工委管委会审批');
  const second = await forgeCardCallback(
    h,
    p('吴晓东'),
    other.messageId,
    { a: 'approval.approve', stage: stageId },
    meeting(),
  );
  expect(second.toast).toMatchObject({ type: 'error', content: expect.stringContaining('不能重复决定') });
  const after = await written();
  expect(after.procurements).toBe(before.procurements + 1);
  expect(await procurementOf(id)).toHaveLength(1);
  // The filer is told, once.
  const toldOf = () =>
    h.sb.inbox(p('张伟')).filter((m) => JSON.stringify(m.content).includes('批准金额调整为 200,000.00元'));
  await h.sb.waitFor(() => toldOf()[0]);
  await sleep(300);
  expect(toldOf()).toHaveLength(1);
});

it('above the approved amount but still below the committee threshold: the leadership re-approves alone', async () => {
  const id = await fileStandard(h, '10万', 'security');
  await approve(id);
  const r = await record(id, '12万');
  expect(r.toast).toMatchObject({ type: 'info', content: expect.stringContaining('(单位领导班子集体决策)') });
  const card = await cardOf('李秀英', id, '重新报批');
  await h.sb.click(p('李秀英'), card, '同意', meeting());
  expect((await procurementOf(id))[0]).toMatchObject({ fen: '12000000' });
  expect(await request(id)).toEqual({ status: 'approved', fen: '12000000' });
  const kinds = await h.db.execute<{ kind: string; status: string }>(
    sql`select kind, status from approval_stages where request_id = ${id} order by seq`,
  );
  expect(kinds.map((k) => `${k.kind}:${k.status}`)).toEqual([
    'unit_leadership:approved',
    'unit_leadership:approved',
  ]);
});

it('refused, with nothing written, when the budget line cannot take the difference', async () => {
  const line = await addLine(h, 'asset', 15_000_000n, 'greening');
  const res = await fileThroughCards(h, p('张伟'), {
    line: line.id,
    amount: '15万',
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
    category: 'greening',
  });
  const id = requestIdOf(res.toast);
  await approve(id);
  let before = await written();
  const r = await record(id, '150,000.01', async () => {
    before = await written();
  });
  expect(r.toast).toEqual({
    type: 'error',
    content:
      '超出预算:成交金额 150,000.01元 比批准金额 150,000.00元 多 0.01元,该预算额度仅剩 0.00元,不能重新报批',
  });
  expect(await written()).toEqual(before);
  expect(await request(id)).toEqual({ status: 'approved', fen: '15000000' });
});

it('a rejected re-approval leaves the request approved at its old amount, and nothing recorded', async () => {
  const id = await fileStandard(h, '10万', 'greening');
  await approve(id);
  await record(id, '11万');
  const card = await cardOf('王建国', id, '重新报批');
  const r = await h.sb.click(p('王建国'), card, '驳回', { reason: '超出部分无依据' });
  expect(r.toast).toMatchObject({ type: 'success' });
  expect(await request(id)).toEqual({ status: 'approved', fen: '10000000' });
  expect(await procurementOf(id)).toEqual([]);
  await h.sb.waitFor(() =>
    h.sb
      .inbox(p('张伟'))
      .find(
        (m) =>
          JSON.stringify(m.content).includes(`#${id} 的重新报批`) &&
          JSON.stringify(m.content).includes('本次采购结果未登记'),
      ),
  );
  // The old approval stands: a price within it is recorded directly.
  const ok = await record(id, '9.8万');
  expect(ok.toast).toMatchObject({ type: 'success' });
  expect((await procurementOf(id))[0]).toMatchObject({ fen: '9800000', ref: null });
});

it('the last approval is refused, with nothing written, when the line can no longer take the difference', async () => {
  const line = await addLine(h, 'asset', 16_000_000n, 'equipment');
  const file = async (amount: string) =>
    requestIdOf(
      (
        await fileThroughCards(h, p('张伟'), {
          line: line.id,
          amount,
          leader: p('王建国'),
          department: p('李秀英'),
          assessors: [p('张伟')],
          category: 'equipment',
        })
      ).toast,
    );
  const id = await file('15万');
  await approve(id);
  // The difference (10,000.00) fits exactly when the re-approval starts...
  const started = await record(id, '16万');
  expect(started.toast).toMatchObject({ type: 'info' });
  // ...but another filing takes the rest of the line before the leadership decides.
  await file('1万');
  const card = await cardOf('王建国', id, '重新报批');
  const before = await written();
  const r = await h.sb.click(p('王建国'), card, '同意', meeting());
  expect(r.toast).toEqual({
    type: 'error',
    content:
      '超出预算:成交金额 160,000.00元 比批准金额 150,000.00元 多 10,000.00元,该预算额度仅剩 0.00元,不能重新报批',
  });
  expect(await written()).toEqual(before);
  expect(await request(id)).toEqual({ status: 'approved', fen: '15000000' });
  // The leadership can still reject it.
  const rejected = await h.sb.click(p('王建国'), card, '驳回', { reason: '预算不足' });
  expect(rejected.toast).toMatchObject({ type: 'success' });
  expect(await procurementOf(id)).toEqual([]);
});
