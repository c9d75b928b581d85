/**
 * 提交审批 clicked twice (issue 25, point 1): the second click of a double click, or a callback Feishu
 * retries, answers with the same green result as the first, never a red "already submitted", and
 * files once. Another filer's forged click on the draft is refused and writes nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { askMenu, forgeCardCallback } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';
import { addLine } from '../helpers/purchase';

let h: Harness;
let p: (name: string) => string;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
});
afterAll(() => h?.stop());

/** Walks 张伟's filing to its last step; returns the card's message and the draft's id. */
async function atLastStep() {
  const line = await addLine(h, 'asset', 50_000_000n, 'cleaning');
  const menu = await askMenu(h.sb, p('张伟'));
  await h.sb.click(p('张伟'), menu, '发起采购');
  const msg = menu.messageId;
  for (const form of [
    { line: String(line.id), description: '园区公共区域日常保洁服务' },
    { why: '本单位无专职保洁人员,外包更专业', suppliers: '3', price_low: '18万', price_high: '22万' },
    { amount: '18万', method: 'open_tender' },
    { leader: p('王建国'), department: p('李秀英'), assessors: [p('张伟')] },
  ]) {
    const r = await h.sb.click(p('张伟'), msg, '下一步', form);
    if (r.toast) throw new Error(`step refused: ${JSON.stringify(r.toast)}`);
  }
  const [d] =
    await h.sql`select id from purchase_drafts where status = 'open' and filer_id = (select id from people where name = '张伟') order by id desc limit 1`;
  return { msg, draft: Number(d!.id), lineId: line.id };
}

async function written(draft: number, lineId: number) {
  const [r] = await h.sql`select
    (select count(*)::int from purchase_requests where draft_id = ${draft}) as requests,
    (select count(*)::int from audit_log where action = 'purchase.submitted') as audits,
    (select count(*)::int from approval_stages) as stages,
    (select count(*)::int from outbox) as outbox,
    (select coalesce(sum(amount_fen), 0)::text from purchase_requests where budget_line_id = ${lineId}) as committed`;
  return r!;
}

it('a double click and a retried callback answer as the first click did, and file once', async () => {
  const { msg, draft, lineId } = await atLastStep();
  const value = { a: 'purchase.submit', draft };
  const [first, second] = await Promise.all([
    h.sb.click(p('张伟'), msg, '提交审批'),
    forgeCardCallback(h, p('张伟'), msg, value, {}),
  ]);
  const toast = first.toast as { type: string; content: string };
  expect(toast.type).toBe('success');
  expect(toast.content).toMatch(/^已提交采购申请 #\d+,现由「单位领导班子集体决策」审批:王建国、李秀英$/);
  expect(second.toast).toEqual(toast);
  const after = await written(draft, lineId);
  expect(after.requests).toBe(1);
  expect(after.committed).toBe('18000000');
  // Later, the same callback again (Feishu's retry): the same answer, nothing more written.
  const retried = await forgeCardCallback(h, p('张伟'), msg, value, {});
  expect(retried.toast).toEqual(toast);
  expect(await written(draft, lineId)).toEqual(after);
}, 60_000);

it("another filer's click on the submitted draft is refused and writes nothing", async () => {
  const { msg, draft, lineId } = await atLastStep();
  await h.sb.click(p('张伟'), msg, '提交审批');
  const before = await written(draft, lineId);
  const forged = await forgeCardCallback(h, p('刘芳'), msg, { a: 'purchase.submit', draft }, {});
  expect((forged.toast as { type: string }).type).toBe('error');
  expect(JSON.stringify(forged.toast)).not.toContain('已提交采购申请');
  expect(await written(draft, lineId)).toEqual(before);
}, 60_000);
