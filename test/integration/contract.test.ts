import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadPolicy } from '../../src/db/policy';
import { shanghaiDate } from '../../src/domain/calendar';
import { clausesFromPolicy, rubricTemplate } from '../../src/domain/clauses';
import { forgeCardCallback, titleOf } from '../helpers/cards';
import {
  approveThroughLegal,
  freshMenu,
  GOOD_FORM,
  openSigningForm,
  recordProcurement,
  requestInDb,
  signingCounts,
  toastOf,
  TERM_YEAR as Y,
} from '../helpers/contract-signing';
import { type Harness, startHarness } from '../helpers/harness';
import { fileStandard } from '../helpers/purchase';

// Filed today through the cards: a meeting may be no earlier than the filing, nor after today.
const today = shanghaiDate(new Date());

let h: Harness;
let p: (name: string) => string;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
});
afterAll(() => h.stop());

const text = (x: unknown) => JSON.stringify(x);
const idOf = async (name: string) =>
  Number((await h.sql`select id from people where open_id = ${p(name)}`)[0]!.id);

it('a filer signs an approved, procured request through the cards: clauses copied, assessors copied, leader told', async () => {
  // Filed and approved through the cards; the procurement (another card's work) goes straight in.
  const requestId = await fileStandard(h, '18万', 'cleaning');
  const approval = await h.sb.waitFor(() =>
    h.sb.inbox(p('王建国')).find((m) => titleOf(m)?.startsWith(`采购审批 #${requestId} ·`)),
  );
  await h.sb.click(p('王建国'), approval, '同意', { meeting_date: today, minutes_no: '2026-第30次' });
  await h.sb.waitFor(() => h.sb.inbox(p('张伟')).find((m) => text(m.content).includes(`#${requestId}(`)));
  const vendor = await recordProcurement(h, requestId, 17_500_000n);

  const { messageId, answer } = await openSigningForm(h, p('张伟'), requestId);
  const form = text(answer.card);
  expect(form).toContain(vendor.name);
  expect(form).toContain('不可修改');
  expect(form).toContain('175,000.00元'); // the amount is prefilled with the awarded price
  expect(form).toContain('公共区域保洁质量:最多扣 30.0 分');
  expect(form).toContain('月度得分低于 80.0 分,连续 2 个月或合同期内累计 3 次');
  expect(form).toContain('年度月均得分低于 85.0 分');
  expect(form).toContain('年度扣款上限 200,000.00元');
  expect(form).toContain('现行政策第5版');
  expect(form).not.toContain('确认签订'); // only after a successful check

  const schedule = `首期,${Y}-03-31,8.75万\n尾期,${Y}-12-31,87,500.00`;
  const preview = await h.sb.click(p('张伟'), messageId, '检查并预览', {
    ...GOOD_FORM,
    amount: '175,000.00元',
    schedule,
    starts_on: `${Y}-01-01 +0800`, // what the Feishu client sends from a date picker
    ends_on: `${Y}-12-31 +0800`,
  });
  expect(preview.toast).toMatchObject({ type: 'info' });
  expect(text(preview.card)).toContain('预览:将签订以下内容');
  expect(text(preview.card)).not.toContain('⚠');
  // 法务审核 first (rule 6): legal approves this very form, then 确认签订 is offered.
  expect(text(preview.card)).not.toContain('确认签订');
  await approveThroughLegal(h, p('张伟'), messageId, requestId);

  const before = await signingCounts(h);
  const signed = await h.sb.click(p('张伟'), messageId, '确认签订');
  expect(signed.toast).toMatchObject({ type: 'success' });
  const number = /HT-\d{4}-\d{4}/.exec(text(signed.toast))![0];
  expect(text(signed.card)).toContain(`合同已签订 ${number}`);

  const [c] = await h.sql`select * from contracts where request_id = ${requestId}`;
  const v2 = await loadPolicy(h.db, 3);
  expect(c).toMatchObject({
    amount_fen: '17500000',
    starts_on: `${Y}-01-01`,
    ends_on: `${Y}-12-31`,
    policy_version: 5,
    leader_id: String(await idOf('王建国')),
    signed_by: String(await idOf('张伟')),
    targets: GOOD_FORM.targets,
    status: 'active',
  });
  // Version 5 is version 3 plus the survey: the contract copies v3's clauses and the survey part
  // (满意度测评 by named people, the form's default).
  const { survey } = clausesFromPolicy(await loadPolicy(h.db, 5), {
    category: 'cleaning',
    recipients: 'named',
  });
  expect(c!.clauses).toEqual({ ...clausesFromPolicy(v2), survey });
  expect(c!.rubric).toEqual(rubricTemplate(v2, 'cleaning'));
  expect(c!.payment_schedule).toEqual([
    { label: '首期', dueOn: `${Y}-03-31`, amountFen: '8750000' },
    { label: '尾期', dueOn: `${Y}-12-31`, amountFen: '8750000' },
  ]);
  const assessors = await h.sql`select person_id from contract_assessors where contract_id = ${c!.id}`;
  expect(assessors.map((a) => Number(a.person_id))).toEqual([await idOf('张伟')]);
  const after = await signingCounts(h);
  expect(after.contracts - before.contracts).toBe(1);
  expect(after.audit - before.audit).toBe(1);
  // The leader is told; 张伟 (signer and assessor) sees the result card instead.
  expect(after.outbox - before.outbox).toBe(1);
  const audit =
    await h.sql`select actor, data from audit_log where aggregate_type = 'contract' and aggregate_id = ${String(c!.id)}`;
  expect(audit).toHaveLength(1);
  expect(audit[0]!.data).toMatchObject({ requestId, amountFen: '17500000', policyVersion: 5 });

  const notice = await h.sb.waitFor(() =>
    h.sb.inbox(p('王建国')).find((m) => titleOf(m) === `合同已签订 ${number}`),
  );
  expect(text(notice.content)).toContain('分管班子成员');
  const shown = await h.sb.click(p('王建国'), notice, '查看合同');
  expect(text(shown.card)).toContain(`合同 ${number}`);
  expect(text(shown.card)).toContain(`首期:${Y}-03-31 支付 87,500.00元`);
  expect(text(shown.card)).toContain('签订时取自政策第5版');

  // Zone roles read it; another unit's filer does not.
  const menu = await freshMenu(h, p('郑毅'));
  const list = await h.sb.click(p('郑毅'), menu, '合同管理');
  expect(text(list.card)).toContain(number);
  const zone = await h.sb.click(p('郑毅'), menu.messageId, { a: 'contract.show', contract: Number(c!.id) });
  expect(text(zone.card)).toContain(vendor.name);
  const other = await freshMenu(h, p('刘芳'));
  const refused = await forgeCardCallback(
    h,
    p('刘芳'),
    other.messageId,
    { a: 'contract.show', contract: Number(c!.id) },
    {},
  );
  expect(refused.toast).toEqual({ type: 'error', content: '您无权查看该合同' });
  // Once signed, the request leaves the list of requests awaiting a signature.
  const zhang = await freshMenu(h, p('张伟'));
  expect(text((await h.sb.click(p('张伟'), zhang, '合同管理')).card)).not.toContain(`"request":${requestId}`);
}, 60_000);

it('a term above one year is allowed with a warning on the preview, its confirmation and the result; above three years is refused', async () => {
  const { requestId } = await requestInDb(h);
  const { messageId } = await openSigningForm(h, p('张伟'), requestId);
  const long = {
    ...GOOD_FORM,
    ends_on: `${Y + 2}-12-31`,
    schedule: `${Y}年度,${Y}-12-31,6万\n${Y + 1}年度,${Y + 1}-12-31,6万\n${Y + 2}年度,${Y + 2}-12-31,6万`,
  };
  const before = await signingCounts(h);
  const tooLong = await h.sb.click(p('张伟'), messageId, '检查并预览', {
    ...long,
    ends_on: `${Y + 3}-01-01`,
  });
  expect(tooLong.toast).toEqual({
    type: 'error',
    content: `服务期限超过政策上限3年:自 ${Y}-01-01 起最晚只能到 ${Y + 2}-12-31`,
  });
  expect(text(tooLong.card)).toContain(`${Y + 3}-01-01`); // what was typed is kept
  await h.sb.click(p('张伟'), messageId, '检查并预览', long);
  expect(await signingCounts(h)).toEqual(before);
  const preview = await approveThroughLegal(h, p('张伟'), messageId, requestId, long);
  const approved = await signingCounts(h);
  expect(preview.toast).toMatchObject({ type: 'warning' });
  expect(toastOf(preview)!.content).toContain('⚠ 服务期限超过1年');
  expect(text(preview.card)).toContain('⚠ 服务期限超过1年');
  // The confirmation dialog of 确认签订 says it too.
  expect(text(preview.card)).toContain('必要。签订后合同条款不可修改,确认签订?');
  expect(await signingCounts(h)).toEqual(approved);
  // Signing with an end date changed to past the limit is refused at signing too.
  const lateEdit = await h.sb.click(p('张伟'), messageId, '确认签订', { ends_on: `${Y + 3}-01-01` });
  expect(toastOf(lateEdit)!.content).toContain('服务期限超过政策上限3年');
  expect(await signingCounts(h)).toEqual(approved);
  await h.sb.click(p('张伟'), messageId, '检查并预览', long);
  const signed = await h.sb.click(p('张伟'), messageId, '确认签订');
  expect(toastOf(signed)!.content).toContain('⚠ 服务期限超过1年');
  expect(text(signed.card)).toContain('⚠ 服务期限超过1年');
  const [c] = await h.sql`select ends_on from contracts where request_id = ${requestId}`;
  expect(c!.ends_on).toBe(`${Y + 2}-12-31`);
}, 30_000);

it('a double click on 确认签订 signs once; a replay changes nothing', async () => {
  const { requestId } = await requestInDb(h);
  const { messageId } = await openSigningForm(h, p('张伟'), requestId);
  await h.sb.click(p('张伟'), messageId, '检查并预览', GOOD_FORM);
  await approveThroughLegal(h, p('张伟'), messageId, requestId);
  const before = await signingCounts(h);
  const [a, b] = await Promise.all([
    h.sb.click(p('张伟'), messageId, '确认签订'),
    h.sb.click(p('张伟'), messageId, '确认签订'),
  ]);
  const ok = [a, b].filter((r) => toastOf(r)?.type === 'success');
  expect(ok).toHaveLength(1);
  const other = ok[0] === a ? b : a;
  expect(other.toast).toMatchObject({ type: 'error' });
  expect(toastOf(other)!.content).toMatch(/已签订合同 HT-\d{4}-\d{4},不能重复签订/);
  await h.sb.redeliver(ok[0]!.delivery.eventId);
  const after = await signingCounts(h);
  expect(after.contracts - before.contracts).toBe(1);
  expect(after.assessors - before.assessors).toBe(1);
  expect(after.audit - before.audit).toBe(1);
  expect(after.outbox - before.outbox).toBe(1);
  expect(await h.sql`select id from contracts where request_id = ${requestId}`).toHaveLength(1);
}, 30_000);

it('each refusal of the form gives its message and writes nothing', async () => {
  const { requestId } = await requestInDb(h);
  const { messageId } = await openSigningForm(h, p('张伟'), requestId);
  const cases: [Record<string, string>, string][] = [
    [{ amount: '0' }, '合同金额有误:金额必须大于0'],
    [{ amount: '-1' }, '合同金额有误:金额必须大于0'],
    [{ amount: '十八万' }, '合同金额有误:无法识别的金额格式'],
    [{ amount: '180000.01' }, '合同金额 180,000.01元 超过中标价 180,000.00元,不能签订'],
    [
      { starts_on: `${Y}-06-01`, ends_on: `${Y}-05-31` },
      `服务开始日期(${Y}-06-01)不能晚于结束日期(${Y}-05-31)`,
    ],
    [{ schedule: `第一季度 ${Y}-03-31 18万` }, `付款计划第1行「第一季度 ${Y}-03-31 18万」格式不对`],
    [{ schedule: `全年,${Y}-02-30,18万` }, '付款日期应为真实日期'],
    [
      { schedule: `上半年,${Y}-06-30,9万\n下半年,${Y}-12-31,8.99万` },
      '付款计划合计 179,900.00元,与合同金额 180,000.00元 不一致(少 100.00元)',
    ],
    [{ schedule: '' }, '请填写付款计划'],
  ];
  await h.sb.click(p('张伟'), messageId, '检查并预览', GOOD_FORM);
  await approveThroughLegal(h, p('张伟'), messageId, requestId, GOOD_FORM);
  const before = await signingCounts(h);
  for (const [override, message] of cases) {
    const r = await h.sb.click(p('张伟'), messageId, '检查并预览', { ...GOOD_FORM, ...override });
    expect(toastOf(r)?.type, message).toBe('error');
    expect(toastOf(r)!.content).toContain(message);
  }
  // The same at 确认签订, after a good preview put the button on the card.
  await h.sb.click(p('张伟'), messageId, '检查并预览', GOOD_FORM);
  for (const [override, message] of cases) {
    const r = await h.sb.click(p('张伟'), messageId, '确认签订', { ...GOOD_FORM, ...override });
    expect(toastOf(r)!.content).toContain(message);
    await h.sb.click(p('张伟'), messageId, '检查并预览', GOOD_FORM);
  }
  // A payment plan with several faults, beside a fault elsewhere in the form: every one is reported.
  const several = await h.sb.click(p('张伟'), messageId, '检查并预览', {
    ...GOOD_FORM,
    amount: '180000.01',
    schedule: `上半年,${Y}-02-30,9万\n下半年 ${Y}-12-31 9万\n尾款,${Y}-12-31,十万`,
  });
  expect(toastOf(several)?.type).toBe('error');
  for (const message of [
    '合同金额 180,000.01元 超过中标价 180,000.00元,不能签订',
    `付款计划第1行「上半年,${Y}-02-30,9万」付款日期应为真实日期`,
    `付款计划第2行「下半年 ${Y}-12-31 9万」格式不对`,
    `付款计划第3行「尾款,${Y}-12-31,十万」金额有误`,
  ])
    expect(toastOf(several)!.content).toContain(message);
  expect(await signingCounts(h)).toEqual(before);
  // The targets box is required (the client will not send it empty); a forged empty one is refused.
  const empty = await forgeCardCallback(
    h,
    p('张伟'),
    messageId,
    { a: 'contract.sign', request: requestId },
    {
      ...GOOD_FORM,
      targets: '  ',
    },
  );
  expect(empty.toast).toEqual({ type: 'error', content: '请填写绩效目标(服务标准与考核要求)' });
  expect(await signingCounts(h)).toEqual(before);
}, 60_000);

it('requests that may not be signed, and people who may not sign, are refused and nothing is written', async () => {
  const pending = await requestInDb(h, { status: 'pending' });
  const rejected = await requestInDb(h, { status: 'rejected' });
  const unprocured = await requestInDb(h, { procured: false });
  const good = await requestInDb(h);
  const menu = await freshMenu(h, p('张伟'));
  const before = await signingCounts(h);
  const both = async (who: string, requestId: number) => [
    await forgeCardCallback(h, p(who), menu.messageId, { a: 'contract.form', request: requestId }, {}),
    await forgeCardCallback(h, p(who), menu.messageId, { a: 'contract.sign', request: requestId }, GOOD_FORM),
  ];
  const expectations: [string, number, string][] = [
    ['张伟', pending.requestId, `采购申请 #${pending.requestId} 审批中,只有审批通过的申请才能签订合同`],
    ['张伟', rejected.requestId, `采购申请 #${rejected.requestId} 已驳回,只有审批通过的申请才能签订合同`],
    [
      '张伟',
      unprocured.requestId,
      `采购申请 #${unprocured.requestId} 尚未登记采购结果(采购方式、承接主体、中标价),请先登记再签订合同`,
    ],
    ['王建国', good.requestId, '只有资产经营公司的经办人可以签订该合同'], // a leader, not a filer
    // Another unit's filer: refused without naming the unit (issue 11, refusals name nothing of another unit).
    ['刘芳', good.requestId, '您无权查看或办理该采购申请'],
    ['张伟', 999_999, '采购申请 #999999 不存在'],
  ];
  for (const [who, requestId, message] of expectations)
    for (const r of await both(who, requestId))
      expect(r.toast, `${who} #${requestId}`).toEqual({ type: 'error', content: message });
  // Not offered on the list either.
  const list = text((await h.sb.click(p('张伟'), menu, '合同管理')).card);
  for (const r of [pending, rejected, unprocured]) expect(list).not.toContain(`"request":${r.requestId}`);
  expect(list).toContain(`"request":${good.requestId}`);
  expect(await signingCounts(h)).toEqual(before);

  // A second signature of a signed request is refused, from the form and at signing.
  const { messageId } = await openSigningForm(h, p('张伟'), good.requestId);
  await h.sb.click(p('张伟'), messageId, '检查并预览', GOOD_FORM);
  await approveThroughLegal(h, p('张伟'), messageId, good.requestId);
  await h.sb.click(p('张伟'), messageId, '确认签订');
  const signed = await signingCounts(h);
  for (const r of await both('张伟', good.requestId))
    expect(toastOf(r)!.content).toMatch(/已签订合同 HT-\d{4}-\d{4},不能重复签订/);
  expect(await signingCounts(h)).toEqual(signed);
  expect(
    (
      await h.db.execute<{ n: number }>(
        sql`select count(*)::int as n from contracts where request_id = ${good.requestId}`,
      )
    )[0]!.n,
  ).toBe(1);
}, 60_000);
