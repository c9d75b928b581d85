import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { vendors } from '../../src/db/schema';
import { shanghaiDate } from '../../src/domain/calendar';
import { shortDate } from '../../src/domain/date-order';
import { askMenu, forgeCardCallback, titleOf } from '../helpers/cards';
import { toastOf } from '../helpers/contract-signing';
import { type Harness, startHarness } from '../helpers/harness';
import { addLine, fileThroughCards, requestIdOf } from '../helpers/purchase';

// Issue 10 section 4, the rule gaps a new user found: each refused through the cards, nothing written.

let h: Harness;
let p: (name: string) => string;
const today = shanghaiDate(new Date());
const tomorrow = shanghaiDate(new Date(Date.now() + 86_400_000));
const year = Number(today.slice(0, 4));
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
});
afterAll(() => h.stop());

const count = async (q: ReturnType<typeof sql>) => (await h.db.execute<{ n: number }>(q))[0]!.n;
const written = async () => ({
  requests: await count(sql`select count(*)::int as n from purchase_requests`),
  decided: await count(sql`select count(*)::int as n from approval_stages where decided_by is not null`),
  procurements: await count(sql`select count(*)::int as n from procurements`),
  contracts: await count(sql`select count(*)::int as n from contracts`),
  vendors: await count(sql`select count(*)::int as n from vendors`),
  lines: await count(sql`select count(*)::int as n from budget_lines`),
  savings: await count(sql`select count(*)::int as n from savings`),
  audit: await count(sql`select count(*)::int as n from audit_log`),
  outbox: await count(sql`select count(*)::int as n from outbox`),
});
const text = (x: unknown) => JSON.stringify(x);

/** The approval card `who` holds for request `id` at the stage named `stage`. */
const approvalCardOf = (who: string, id: number, stage: string) =>
  h.sb.waitFor(() =>
    h.sb
      .inbox(p(who))
      .find((m) => titleOf(m)?.startsWith(`采购审批 #${id} ·`) && titleOf(m)!.includes(stage)),
  );

/** 张伟 on a fresh menu, at step 1 of a clean draft; returns the message showing the filing card. */
async function startCleanFiling() {
  const menu = await askMenu(h.sb, p('张伟'));
  const start = await h.sb.click(p('张伟'), menu, '发起采购');
  if (!text(start.card).includes('第1步')) {
    await h.sb.click(p('张伟'), menu.messageId, '取消草稿');
    await h.sb.click(p('张伟'), menu.messageId, '发起采购');
  }
  return menu.messageId;
}

const draftOf = async () =>
  (
    await h.sql`select id, step, data from purchase_drafts where status = 'open' order by id desc limit 1`
  )[0]!;

it('the filing card offers the line’s category, not a choice, and the request takes it', async () => {
  const line = await addLine(h, 'asset', 50_000_000n, 'equipment');
  const msg = await startCleanFiling();
  const step1 = text(h.sb.message(msg)!.content);
  expect(step1).not.toContain('"name":"category"');
  expect(step1).toContain('随所选预算额度确定');
  await h.sb.click(p('张伟'), msg, '下一步', { line: String(line.id), description: '中央空调运行维护' });
  const back = await h.sb.click(p('张伟'), msg, '上一步');
  expect(text(back.card)).toContain('设备运行维护(随所选预算额度)');
  await h.sb.click(p('张伟'), msg, '取消草稿');

  const res = await fileThroughCards(h, p('张伟'), {
    line: line.id,
    amount: '5万',
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
    description: '中央空调运行维护',
  });
  const id = requestIdOf(res.toast);
  const [row] = await h.sql`select category from purchase_requests where id = ${id}`;
  expect(row!.category).toBe('equipment');
});

it('a category forged against the line is refused at the step and at submission, nothing written', async () => {
  const line = await addLine(h, 'asset', 50_000_000n, 'equipment');
  const msg = await startCleanFiling();
  const draft = await draftOf();
  const before = await written();
  const forged = await forgeCardCallback(
    h,
    p('张伟'),
    msg,
    { a: 'purchase.step', draft: Number(draft.id), step: 1, go: 'next' },
    { line: String(line.id), category: 'cleaning', description: '园区公共区域日常保洁' },
  );
  expect(forged.toast).toEqual({
    type: 'error',
    content: '服务类别须与所选预算额度一致:该额度为「设备运行维护」',
  });
  expect(await written()).toEqual(before);
  expect(Number((await draftOf()).step)).toBe(1);

  // Walk to step 5 honestly, then a forged "save" slips the category into the draft: submit refuses it.
  await h.sb.click(p('张伟'), msg, '下一步', { line: String(line.id), description: '中央空调运行维护' });
  await h.sb.click(p('张伟'), msg, '下一步', {
    why: '专业设备需要专业维保',
    suppliers: '3',
    price_low: '8000',
    price_high: '9000',
  });
  await h.sb.click(p('张伟'), msg, '下一步', { amount: '8000', method: 'inquiry' });
  await h.sb.click(p('张伟'), msg, '下一步', {
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
  });
  expect(text(h.sb.message(msg)!.content)).toContain('**服务**:设备运行维护');
  await forgeCardCallback(
    h,
    p('张伟'),
    msg,
    { a: 'purchase.step', draft: Number(draft.id), step: 1, go: 'save' },
    { line: String(line.id), category: 'cleaning', description: '园区公共区域日常保洁' },
  );
  const mid = await written();
  const submitted = await h.sb.click(p('张伟'), msg, '提交审批');
  expect(toastOf(submitted)?.type).toBe('error');
  expect(text(submitted.toast)).toContain('服务类别须与所选预算额度一致');
  expect(await written()).toEqual(mid);
  await h.sb.click(p('张伟'), msg, '取消草稿');
});

it('the submit message names the stage and who decides it', async () => {
  const line = await addLine(h, 'asset', 50_000_000n, 'cleaning');
  const res = await fileThroughCards(h, p('张伟'), {
    line: line.id,
    amount: '20万元',
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
  });
  const id = requestIdOf(res.toast);
  expect(res.toast).toEqual({
    type: 'success',
    content: `已提交采购申请 #${id},现由「单位领导班子集体决策」审批:王建国、李秀英;之后报党工委管委会审批`,
  });
});

it('both stages record their meeting; a meeting in the future is refused at each; the card shows both', async () => {
  const line = await addLine(h, 'asset', 50_000_000n, 'security');
  const res = await fileThroughCards(h, p('张伟'), {
    line: line.id,
    amount: '20万元',
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
  });
  const id = requestIdOf(res.toast);
  const unitCard = await approvalCardOf('李秀英', id, '单位领导班子集体决策');
  let before = await written();
  const future = await h.sb.click(p('李秀英'), unitCard, '同意', {
    meeting_date: tomorrow,
    minutes_no: 'A-1',
  });
  expect(future.toast).toEqual({
    type: 'error',
    content: `会议日期 ${tomorrow} 晚于今天(${today}),不能审批尚未召开的会议`,
  });
  expect(await written()).toEqual(before);
  await h.sb.click(p('李秀英'), unitCard, '同意', { meeting_date: today, minutes_no: '班子2026-第13次' });

  const committee = await approvalCardOf('周国平', id, '党工委管委会审批');
  expect(text(committee.content)).toContain('党工委管委会会议日期');
  before = await written();
  const none = await h.sb.click(p('周国平'), committee, '同意', {});
  expect(none.toast).toEqual({ type: 'error', content: '请选择党工委管委会会议日期(审批须记录会议)' });
  const noMinutes = await h.sb.click(p('周国平'), committee, '同意', { meeting_date: today });
  expect(noMinutes.toast).toEqual({ type: 'error', content: '请填写会议纪要编号' });
  const later = await h.sb.click(p('周国平'), committee, '同意', {
    meeting_date: `${tomorrow} +0800`,
    minutes_no: '管委会-9',
  });
  expect(toastOf(later)?.content).toContain('晚于今天');
  expect(await written()).toEqual(before);

  const ok = await h.sb.click(p('周国平'), committee, '同意', {
    meeting_date: `${today} +0800`,
    minutes_no: '管委会2026-第9次',
  });
  expect(ok.toast).toMatchObject({ type: 'success' });
  const [stage] = await h.sql`select meeting_date, minutes_no from approval_stages
    where request_id = ${id} and kind = 'zone_committee'`;
  expect(stage).toEqual({ meeting_date: today, minutes_no: '管委会2026-第9次' });
  const shown = text(ok.card);
  expect(shown).toContain('班子2026-第13次');
  expect(shown).toContain('管委会2026-第9次');
});

it('我的申请 lists the filer’s own requests with the stage and its approvers; others see none of them', async () => {
  const asset = await addLine(h, 'asset', 50_000_000n, 'greening');
  const mine = await fileThroughCards(h, p('张伟'), {
    line: asset.id,
    amount: '3万',
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
    description: '园区绿化日常养护',
  });
  const mineId = requestIdOf(mine.toast);
  const other = await addLine(h, 'enforcement', 50_000_000n, 'security');
  const theirs = await fileThroughCards(h, p('刘芳'), {
    line: other.id,
    amount: '4万',
    leader: p('陈志强'),
    department: p('陈志强'),
    assessors: [p('刘芳')],
    description: '网格化联勤辅助服务',
  });
  const theirId = requestIdOf(theirs.toast);

  const menu = await askMenu(h.sb, p('张伟'));
  const list = await h.sb.click(p('张伟'), menu, '我的申请');
  expect(titleOf({ content: list.card } as never)).toBe('我的申请');
  const shown = text(list.card);
  expect(shown).toContain(`**#${mineId}** 30,000.00元 · 审批中`);
  expect(shown).toContain('当前环节:**单位领导班子集体决策**,审批人:王建国、李秀英');
  expect(shown).toContain('园区绿化日常养护');
  // Newest first: this request comes before the earlier ones of this file.
  expect(shown.indexOf(`#${mineId}**`)).toBeLessThan(shown.indexOf('中央空调运行维护'));
  // A decided stage shows its outcome.
  expect(shown).toMatch(/单位领导班子集体决策:同意\(李秀英,会议 \d{4}-\d{2}-\d{2},纪要 班子2026-第13次\)/);
  expect(shown).not.toContain(`#${theirId}**`);
  expect(shown).not.toContain('网格化联勤辅助服务');

  // 刘芳 sees hers only; someone who files nothing (no button for them) sees nothing of anyone's.
  const hers = await h.sb.click(p('刘芳'), await askMenu(h.sb, p('刘芳')), '我的申请');
  expect(text(hers.card)).toContain(`**#${theirId}**`);
  expect(text(hers.card)).toContain('审批人:陈志强');
  expect(text(hers.card)).not.toContain('园区绿化日常养护');
  const committeeMenu = await askMenu(h.sb, p('周国平'));
  expect(text(committeeMenu.content)).not.toContain('我的申请');
  const forged = await forgeCardCallback(h, p('周国平'), committeeMenu.messageId, { a: 'purchase.mine' }, {});
  expect(text(forged)).toContain('您还没有提交过采购申请');
  expect(text(forged)).not.toContain('园区绿化日常养护');
  expect(text(forged)).not.toContain('网格化联勤辅助服务');
});

/** An approved request of 张伟 through the cards (below 20万: one stage), its number. */
async function approvedRequest(amount: string, category: string) {
  const line = await addLine(h, 'asset', 50_000_000n, category);
  const res = await fileThroughCards(h, p('张伟'), {
    line: line.id,
    amount,
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
  });
  const id = requestIdOf(res.toast);
  const card = await approvalCardOf('王建国', id, '单位领导班子集体决策');
  const r = await h.sb.click(p('王建国'), card, '同意', {
    meeting_date: today,
    minutes_no: `${year}-第${id}次`,
  });
  expect(r.toast).toMatchObject({ type: 'success' });
  return id;
}

it('the procurement form reports all its errors at once, and a contract cannot start before the award', async () => {
  const [vendor] = await h.db
    .insert(vendors)
    .values({
      name: '苏州洁美物业管理有限公司',
      uscc: '91350100M000100Y43',
      contactName: '孙经理',
      createdBy: 't',
    })
    .returning();
  const id = await approvedRequest('16万', 'cleaning');
  const menu = await askMenu(h.sb, p('张伟'));
  await h.sb.click(p('张伟'), menu, '采购与合同');
  await h.sb.click(p('张伟'), menu, { a: 'procurement.form', request: id });
  const good = {
    method: 'open_tender',
    reference_no: 'SZGG2026-0009',
    bidders: '3',
    vendor: String(vendor!.id),
    price: '15万',
    award_date: `${today} +0800`,
  };
  let before = await written();
  const bad = await h.sb.click(p('张伟'), menu, '确认登记', {
    ...good,
    reference_no: '',
    bidders: '三',
    price: '十五万',
  });
  expect(toastOf(bad)?.type).toBe('error');
  for (const m of [
    '请填写交易平台上的项目编号',
    '参与供应商数量应为正整数,如 3',
    '成交金额:无法识别的金额格式',
  ])
    expect(toastOf(bad)?.content).toContain(m);
  expect(toastOf(bad)?.content.split(';')).toHaveLength(3);
  expect(await written()).toEqual(before);
  const ok = await h.sb.click(p('张伟'), menu, '确认登记', good);
  expect(ok.toast, text(ok.toast)).toMatchObject({ type: 'success' });

  // Signing: a term starting the day before the award is refused, naming the award date.
  await h.sb.click(p('张伟'), menu, { a: 'contract.form', request: id });
  const dayBefore = shanghaiDate(new Date(Date.now() - 86_400_000));
  const form = {
    amount: '15万',
    starts_on: `${dayBefore} +0800`,
    ends_on: `${year + 1}-06-30 +0800`,
    schedule: `首期,${year + 1}-06-30,15万`,
    targets: '公共区域每日清扫两次,保洁覆盖率100%',
  };
  before = await written();
  const early = await h.sb.click(p('张伟'), menu, '检查并预览', form);
  const [startShown, awardShown] = shortDate(dayBefore, today);
  expect(early.toast).toEqual({
    type: 'error',
    content: `服务开始日期 ${startShown} 早于成交日期 ${awardShown},合同不能在成交前开始`,
  });
  // Three problems at once: the amount, a term ending before it starts, and the start before the award.
  const many = await h.sb.click(p('张伟'), menu, '检查并预览', {
    ...form,
    amount: '二十万',
    ends_on: `${year - 1}-01-01 +0800`,
  });
  expect(toastOf(many)?.content.split(';')).toEqual([
    expect.stringContaining('合同金额有误'),
    `服务开始日期(${dayBefore})不能晚于结束日期(${year - 1}-01-01)`,
    expect.stringContaining(`早于成交日期 ${awardShown}`),
  ]);
  expect(await written()).toEqual(before);
});

it('the vendor, budget line and savings forms report all their errors at once, nothing written', async () => {
  const vendorMenu = await askMenu(h.sb, p('张伟'));
  await h.sb.click(p('张伟'), vendorMenu, '供应商');
  let before = await written();
  const v = await h.sb.click(p('张伟'), vendorMenu, '登记供应商', {
    vendor_name: '',
    uscc: '123',
    contact_name: '',
    contact_phone: 'abc',
  });
  expect(toastOf(v)?.content.split(';')).toEqual([
    '请填写供应商名称',
    '统一社会信用代码应为18位,您输入了3位',
    '请填写联系人',
    '联系电话格式不正确,如 0512-57671234 或 13800000000',
  ]);
  expect(await written()).toEqual(before);

  const budgetMenu = await askMenu(h.sb, p('孙丽'));
  await h.sb.click(p('孙丽'), budgetMenu, '预算额度');
  before = await written();
  const b = await h.sb.click(p('孙丽'), budgetMenu, '登记', { year: '26', line_amount: '很多' });
  expect(toastOf(b)?.type).toBe('error');
  const problems = toastOf(b)!.content.split(';');
  expect(problems).toContain('请选择您有权登记的单位');
  expect(problems).toContain('年度应为四位数字,如 2026');
  expect(problems).toContain('请选择有效的服务类别');
  expect(problems.some((x) => x.startsWith('无法识别的金额格式'))).toBe(true);
  expect(text(b.card)).toContain('很多'); // the card keeps what was typed
  expect(await written()).toEqual(before);

  const savingsMenu = await askMenu(h.sb, p('孙丽'));
  await h.sb.click(p('孙丽'), savingsMenu, '节约资金');
  before = await written();
  const s = await h.sb.click(p('孙丽'), savingsMenu, '登记', { amount: '0', evidence: '无' });
  const sp = toastOf(s)!.content.split(';');
  expect(sp).toContain('请选择您有权登记的单位');
  expect(sp).toContain('请选择节约原因(考核扣减由结算自动记入,无需手工登记)');
  expect(sp).toContain('金额必须大于0');
  expect(sp).toContain('请填写依据(文件编号或情况说明,至少4个字)');
  expect(await written()).toEqual(before);
});
