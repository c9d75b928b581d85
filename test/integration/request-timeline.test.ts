/**
 * The request's own card (我的申请 → 查看, issue 25, point 1): every step with its time and person —
 * filed, each stage opened and decided (through the approvers' cards), the procurement and the
 * contract — the stage pending now with who holds it, and nothing left to withdraw or chase once it
 * is approved. A double click on 刷新 answers the same card twice; another filer's forged click
 * shows nothing of the request. A re-approval round shows on it too.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadPolicy } from '../../src/db/policy';
import { contracts, vendors } from '../../src/db/schema';
import { shanghaiDate } from '../../src/domain/calendar';
import { clausesFromPolicy, rubricTemplate } from '../../src/domain/clauses';
import { askMenu, forgeCardCallback } from '../helpers/cards';
import { testClock } from '../helpers/clock';
import { makeUscc, recordProcurement } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';
import { addLine, fileThroughCards, requestIdOf } from '../helpers/purchase';
import { approvalCardOf, openRequestCard, shown, toastOf } from '../helpers/request-card';

const clock = testClock('2026-12-07T10:00:00+08:00');
let h: Harness;
let p: (name: string) => string;
beforeAll(async () => {
  h = await startHarness({ now: clock });
  p = h.person;
});
afterAll(() => h?.stop());

/** The timeline's lines as the card writes them (`- 2026-12-07 10:00 · 张伟:…`). */
function steps(card: string): string[] {
  const md = JSON.parse(card).body.elements.find((e: { content?: string }) =>
    e.content?.startsWith('**办理过程**'),
  );
  return (md.content as string).split('\n').slice(1);
}

it('filed, each stage opened and decided, procurement and contract: each with its time and person', async () => {
  const line = await addLine(h, 'asset', 50_000_000n, 'cleaning', h.now());
  const res = await fileThroughCards(h, p('张伟'), {
    line: line.id,
    amount: '20万',
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
  });
  const id = requestIdOf(res.toast);
  let card = shown(await openRequestCard(h, p('张伟'), id));
  expect(card).toContain('**当前环节**:单位领导班子集体决策(2026-12-07 10:');
  expect(card).toContain('**审批人**:王建国、李秀英');
  expect(steps(card)).toEqual([
    expect.stringMatching(/^- 2026-12-07 10:0\d · 张伟:提交采购申请\(200,000\.00元\)$/),
    expect.stringMatching(/^- 2026-12-07 10:0\d · 系统:提交「单位领导班子集体决策」审批$/),
  ]);

  // The unit leadership decides the next day, the committee the day after, each through its card.
  clock.set('2026-12-08T15:20:00+08:00');
  const unit = await approvalCardOf(h, '王建国', id);
  const a = await h.sb.click(p('王建国'), unit, '同意', {
    meeting_date: shanghaiDate(h.now()),
    minutes_no: '2026-第12次',
  });
  expect(toastOf(a)?.type).toBe('success');
  await h.sb.waitFor(() =>
    h.sb
      .inbox(p('周国平'))
      .find((m) => JSON.stringify(m.content).includes(`采购审批 #${id} · 党工委管委会审批`)),
  );
  card = shown(await openRequestCard(h, p('张伟'), id));
  expect(card).toContain('**当前环节**:党工委管委会审批(2026-12-08 15:2');
  clock.set('2026-12-09T09:05:00+08:00');
  const committee = h.sb
    .inbox(p('周国平'))
    .find((m) => JSON.stringify(m.content).includes(`采购审批 #${id} · 党工委管委会审批`))!;
  const b = await h.sb.click(p('周国平'), committee, '同意', {
    meeting_date: shanghaiDate(h.now()),
    minutes_no: '管委会2026-第8次',
  });
  expect(toastOf(b)?.type).toBe('success');

  // The procurement and the contract that follow.
  const vendor = await recordProcurement(h, id, 19_500_000n);
  const policy = await loadPolicy(h.db);
  const [c] = await h.db
    .insert(contracts)
    .values({
      procurementId: vendor.procurement.id,
      requestId: id,
      unitId: line.unitId,
      vendorId: vendor.id,
      category: 'cleaning',
      amountFen: 19_500_000n,
      startsOn: '2027-01-01',
      endsOn: '2027-12-31',
      paymentSchedule: [],
      targets: '保洁覆盖率100%',
      rubric: rubricTemplate(policy, 'cleaning'),
      clauses: clausesFromPolicy(policy),
      policyVersion: policy.version,
      leaderId: Number((await h.sql`select id from people where name = '王建国'`)[0]!.id),
      signedOn: '2026-12-09',
      signedBy: Number((await h.sql`select id from people where name = '张伟'`)[0]!.id),
      createdAt: h.now(),
    })
    .returning();

  const final = await openRequestCard(h, p('张伟'), id);
  card = shown(final);
  const lines = steps(card);
  // The procurement row is stamped by the database's clock (now() as it is inserted), not the test's,
  // so its place in the order is checked apart from the others.
  const timed = lines.filter((l) => !l.includes('登记采购结果'));
  expect(timed.slice(0, 5)).toEqual([
    expect.stringMatching(/^- 2026-12-07 10:0\d · 张伟:提交采购申请/),
    expect.stringMatching(/^- 2026-12-07 10:0\d · 系统:提交「单位领导班子集体决策」审批$/),
    '- 2026-12-08 15:20 · 王建国:同意「单位领导班子集体决策」,会议 2026-12-08,纪要 2026-第12次',
    '- 2026-12-08 15:20 · 系统:提交「党工委管委会审批」审批',
    '- 2026-12-09 09:05 · 周国平:同意「党工委管委会审批」,会议 2026-12-09,纪要 管委会2026-第8次',
  ]);
  expect(lines).toContainEqual(
    expect.stringMatching(/ · 张伟:登记采购结果\(成交 195,000\.00元,2026-11-20 定标\)$/),
  );
  expect(lines).toContainEqual(
    `- 2026-12-09 09:05 · 张伟:签订合同 HT-2026-${String(c!.id).padStart(4, '0')}`,
  );
  expect(lines).toHaveLength(7);
  // Approved: no stage pending, nothing to withdraw or chase.
  expect(card).toContain('**状态**:已审批通过');
  expect(card).not.toContain('当前环节');
  expect(card).not.toContain('撤回申请');
  expect(card).not.toContain('"催办"');

  // 刷新 clicked twice at once: the same card both times, nothing written.
  const [r1, r2] = await Promise.all([
    h.sb.click(p('张伟'), final, '刷新'),
    forgeCardCallback(h, p('张伟'), final.messageId, { a: 'purchase.request', request: id }, {}),
  ]);
  expect(r1.toast).toBeUndefined();
  // The raw callback answer wraps the card as Feishu's card.type = raw does; the card is the same.
  expect((r2.card as { data: unknown }).data).toEqual(r1.card);
  // Another filer's forged click shows nothing of it.
  const forged = await forgeCardCallback(
    h,
    p('刘芳'),
    final.messageId,
    { a: 'purchase.request', request: id },
    {},
  );
  expect(toastOf(forged)).toEqual({ type: 'error', content: '只有该采购申请的经办人本人可以查看或办理' });
  expect(JSON.stringify(forged)).not.toContain('园区公共区域日常保洁服务');
}, 60_000);

it('a re-approval round is on the timeline, its stage shown as pending and open to 催办', async () => {
  clock.set('2026-12-10T09:00:00+08:00');
  const line = await addLine(h, 'asset', 50_000_000n, 'cleaning', h.now());
  const res = await fileThroughCards(h, p('张伟'), {
    line: line.id,
    amount: '199,000.00',
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
  });
  const id = requestIdOf(res.toast);
  const meeting = (n: string) => ({ meeting_date: shanghaiDate(h.now()), minutes_no: n });
  await h.sb.click(p('王建国'), await approvalCardOf(h, '王建国', id), '同意', meeting('2026-第20次'));
  const [vendor] = await h.db
    .insert(vendors)
    .values({
      name: '苏州洁美物业管理有限公司',
      uscc: makeUscc(4242),
      contactName: '孙经理',
      createdBy: 'test',
    })
    .returning();
  // 张伟 records an award above the approved amount through the procurement form: re-approval.
  clock.set('2026-12-10T14:00:00+08:00');
  const menu = await askMenu(h.sb, p('张伟'));
  await h.sb.click(p('张伟'), menu, '采购与合同');
  await h.sb.click(p('张伟'), menu, { a: 'procurement.form', request: id });
  const rec = await h.sb.click(p('张伟'), menu, '确认登记', {
    method: 'open_tender',
    reference_no: `SZGG2026-${id}`,
    bidders: '3',
    vendor: String(vendor!.id),
    price: '200,000.00',
  });
  expect(JSON.stringify(rec.toast)).toContain('重新报批');
  const card = await openRequestCard(h, p('张伟'), id);
  const lines = steps(shown(card));
  expect(lines.slice(-3)).toEqual([
    '- 2026-12-10 09:00 · 王建国:同意「单位领导班子集体决策」,会议 2026-12-10,纪要 2026-第20次',
    '- 2026-12-10 14:00 · 张伟:发起重新报批(成交金额 200,000.00元)',
    '- 2026-12-10 14:00 · 系统:提交「重新报批 · 单位领导班子集体决策」审批',
  ]);
  expect(shown(card)).toContain('**当前环节**:重新报批 · 单位领导班子集体决策(2026-12-10 14:00 起)');
  // Approved already, so 撤回 is not offered; the round's stage may be chased.
  expect(shown(card)).not.toContain('撤回申请');
  const chased = await h.sb.click(p('张伟'), card, '催办');
  expect(toastOf(chased)?.type).toBe('success');
}, 60_000);
