import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { purchaseRequests, vendorBans, vendors } from '../../src/db/schema';
import { shanghaiDate } from '../../src/domain/calendar';
import { contractNumber } from '../../src/domain/contract-format';
import { contractStatusLabel } from '../../src/domain/contract-status';
import { askMenu, botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';
import { addLine, fileStandard } from '../helpers/purchase';

let h: Harness;
let p: (name: string) => string;
let vendorId: number;
let bannedId: number;
const today = shanghaiDate(new Date());
const year = Number(today.slice(0, 4));

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  const rows = await h.db
    .insert(vendors)
    .values([
      {
        name: '苏州洁美物业管理有限公司',
        uscc: '91350100M000100Y43',
        contactName: '孙经理',
        createdBy: 'test',
      },
      {
        name: '昆山安泰保安服务有限公司',
        uscc: '91330100799655058B',
        contactName: '钱经理',
        createdBy: 'test',
      },
    ])
    .returning();
  vendorId = rows[0]!.id;
  bannedId = rows[1]!.id;
});
afterAll(() => h.stop());

const count = async (q: ReturnType<typeof sql>) => (await h.db.execute<{ n: number }>(q))[0]!.n;
const written = async () => ({
  procurements: await count(sql`select count(*)::int as n from procurements`),
  audit: await count(sql`select count(*)::int as n from audit_log`),
  outbox: await count(sql`select count(*)::int as n from outbox`),
  splits: await count(sql`select count(*)::int as n from split_warnings`),
});

/** Files a request as 张伟 and has 王建国 approve it on his card (below 20万: one stage). */
async function approvedThroughCards(amount: string, category: string) {
  const id = await fileStandard(h, amount, category);
  const card = await h.sb.waitFor(() =>
    h.sb.inbox(p('王建国')).find((m) => titleOf(m)?.startsWith(`采购审批 #${id} ·`)),
  );
  const r = await h.sb.click(p('王建国'), card, '同意', {
    meeting_date: today,
    minutes_no: `${year}-第${id}次`,
  });
  expect(r.toast).toMatchObject({ type: 'success' });
  // The decision's fan-out (holders' cards, the filer told) writes its messages in a job after the
  // click: wait for it, so the counts a test takes next are not raced by it.
  await h.sb.waitFor(async () => {
    const [open] = await h.sql`select 1 from approval_stages
      where request_id = ${id} and decided_at is not null and fanned_out_at is null`;
    return !open;
  });
  return id;
}

/** An approved request of the asset company straight in the database, for the 化整为零 sums. */
async function approvedDirect(amountFen: bigint, category: 'equipment' | 'greening') {
  const line = await addLine(h, 'asset', amountFen * 2n, category);
  const [filer] = await h.sql`select id from people where open_id = ${p('张伟')}`;
  const [leader] = await h.sql`select id from people where open_id = ${p('王建国')}`;
  const [req] = await h.db
    .insert(purchaseRequests)
    .values({
      unitId: line.unitId,
      budgetLineId: line.id,
      category,
      description: '办公楼设备运行维护',
      whyOutsource: '无专业人员',
      suppliersAsked: 3,
      priceLowFen: amountFen,
      priceHighFen: amountFen,
      amountFen,
      method: 'competitive_negotiation',
      filerId: Number(filer!.id),
      leaderId: Number(leader!.id),
      departmentId: Number(leader!.id),
      policyVersion: 2,
      status: 'approved',
      decidedAt: new Date(),
    })
    .returning();
  return req!.id;
}

const showMenu = (who: string) => askMenu(h.sb, p(who));

/** 张伟 opens 采购与合同 from the menu and then the form of request `id`; returns the message. */
async function openForm(id: number, who = '张伟') {
  const menu = await showMenu(who);
  const list = await h.sb.click(p(who), menu, '采购与合同');
  expect(titleOf({ content: list.card } as never)).toBe('采购与合同');
  const form = await h.sb.click(p(who), menu, { a: 'procurement.form', request: id });
  expect(titleOf({ content: form.card } as never), JSON.stringify(form.toast)).toBe(`登记采购结果 #${id}`);
  return menu;
}

const good = (over: Record<string, unknown> = {}) => ({
  method: 'open_tender',
  reference_no: 'SZGG2026-0001',
  bidders: '3',
  vendor: String(vendorId),
  price: '15万',
  ...over,
});

it('a filer records the procurement of an approved request through the cards; a replay records once', async () => {
  const id = await approvedThroughCards('16万', 'cleaning');
  const card = await openForm(id);
  const before = await written();
  const r = await h.sb.click(p('张伟'), card, '确认登记', good());
  expect(r.toast).toEqual({
    type: 'success',
    content: `已登记采购申请 #${id} 的采购结果:苏州洁美物业管理有限公司,成交金额 150,000.00元`,
  });
  // The list now offers the contract for this request.
  expect(JSON.stringify(r.card)).toContain(`{"a":"contract.form","request":${id}}`);
  const [row] = await h.db.execute<Record<string, unknown>>(
    sql`select method, platform, reference_no, bidders, award_date, awarded_fen::text as fen, policy_version from procurements where request_id = ${id}`,
  );
  expect(row).toEqual({
    method: 'open_tender',
    platform: '苏州市公共资源交易平台',
    reference_no: 'SZGG2026-0001',
    bidders: 3,
    award_date: today,
    fen: '15000000',
    policy_version: 5,
  });
  expect(await written()).toEqual({
    ...before,
    procurements: before.procurements + 1,
    audit: before.audit + 1,
  });
  const [audit] = await h.db.execute<{ action: string; actor: string }>(
    sql`select action, actor from audit_log where aggregate_type = 'purchase' and aggregate_id = ${String(id)} order by seq desc limit 1`,
  );
  expect(audit).toEqual({ action: 'procurement.recorded', actor: p('张伟') });

  // The same callback delivered again, and a second submission from a stale form: still one record.
  const again = await h.sb.redeliver(r.delivery.eventId);
  expect(again.answer).toMatchObject({ toast: { type: 'info' } });
  const stale = await forgeCardCallback(
    h,
    p('张伟'),
    card.messageId,
    { a: 'procurement.record', request: id },
    {
      ...good(),
      award_date: today,
      platform: '苏州市公共资源交易平台',
    },
  );
  expect(stale.toast?.content).toMatch(new RegExp(`采购申请 #${id} 的采购结果已登记,不能重复登记`));
  expect(await written()).toEqual({
    ...before,
    procurements: before.procurements + 1,
    audit: before.audit + 1,
  });
  const form = await forgeCardCallback(
    h,
    p('张伟'),
    card.messageId,
    { a: 'procurement.form', request: id },
    {},
  );
  expect(form.toast?.content).toContain('不能重复登记');
});

it('each refusal, tried through the card, gives its message and writes nothing', async () => {
  const id = await approvedThroughCards('12万', 'security');
  // The ban is on the project: this unit's service category.
  const [req] = await h.db.execute<{ unit_id: number; category: 'security' }>(
    sql`select unit_id::int, category from purchase_requests where id = ${id}`,
  );
  expect(req!.category).toBe('security');
  await h.db.insert(vendorBans).values({
    vendorId: bannedId,
    unitId: req!.unit_id,
    category: req!.category,
    year,
    reason: `${year - 1}年度考核平均分84.9分,低于85分`,
    createdBy: 'test',
  });
  const card = await openForm(id);
  const base = (over: Record<string, unknown>) => good({ price: '12万', ...over });
  const cases: [Record<string, unknown>, string][] = [
    [{ vendor: undefined }, '请选择中标(成交)供应商'],
    [{ reference_no: '' }, '请填写交易平台上的项目编号'],
    [{ platform: ' ' }, '请填写交易平台,如 苏州市公共资源交易平台'],
    [{ bidders: '三' }, '参与供应商数量应为正整数,如 3'],
    [{ bidders: '2' }, '公开招标须至少有3家供应商参与,本次为2家'],
    [
      { method: 'single_source', bidders: '2', single_source_reason: '专利技术,仅此一家能够提供' },
      '单一来源采购的供应商只能是1家',
    ],
    [
      { method: 'single_source', bidders: '1', single_source_reason: '情况紧急' },
      '单一来源采购须填写书面理由(不少于10个字)',
    ],
    [{ award_date: '2099-01-01 +0800' }, `成交日期 2099-01-01 晚于今天(${today}),请核对`],
    [{ price: '0' }, '成交金额:金额必须大于0'],
    [{ price: '十二万' }, '成交金额:无法识别的金额格式'],
    [
      { method: 'inquiry', price: '250万' },
      '采购金额 2,500,000.00元 达到公开招标数额标准 2,000,000.00元,采用询价须填写批准文号',
    ],
    [
      { vendor: String(bannedId) },
      `供应商「昆山安泰保安服务有限公司」${year}年不得参与资产经营公司保安项目的投标:${year - 1}年度考核平均分84.9分,低于85分`,
    ],
  ];
  for (const [over, message] of cases) {
    const before = await written();
    const r = await h.sb.click(p('张伟'), card, '确认登记', base(over));
    expect(r.toast, message).toEqual({ type: 'error', content: expect.stringContaining(message) });
    expect(await written(), message).toEqual(before);
  }

  // Another unit's filer, and someone who is no filer at all.
  const before = await written();
  const other = await forgeCardCallback(
    h,
    p('刘芳'),
    card.messageId,
    { a: 'procurement.record', request: id },
    good(),
  );
  // Refused by the action's scope, without naming the other unit.
  expect(other.toast).toEqual({ type: 'error', content: '您无权查看或办理该采购申请' });
  const leader = await forgeCardCallback(h, p('王建国'), card.messageId, { a: 'procurement.list' }, {});
  expect(leader.toast).toEqual({ type: 'error', content: '只有经办人可以查看和登记采购结果' });
  expect(await written()).toEqual(before);

  // A price above the approved amount is not recorded: it starts a re-approval through the bot (a
  // typed reference no longer suffices; see reapproval.test.ts for the whole round).
  const above = await h.sb.click(p('张伟'), card, '确认登记', good({ price: '12.5万' }));
  expect(above.toast).toMatchObject({ type: 'info', content: expect.stringContaining('重新报批') });
  const [row] = await h.db.execute<{ n: number }>(
    sql`select count(*)::int as n from procurements where request_id = ${id}`,
  );
  expect(row!.n).toBe(0);
});

it('a request not yet approved cannot be recorded', async () => {
  await showMenu('张伟');
  const id = await fileStandard(h, '8万', 'greening');
  const before = await written();
  const menu = botCards(h.sb.inbox(p('张伟'))).at(-1)!;
  const form = await forgeCardCallback(
    h,
    p('张伟'),
    menu.messageId,
    { a: 'procurement.form', request: id },
    {},
  );
  expect(form.toast).toEqual({ type: 'error', content: `采购申请 #${id} 尚未审批通过,不能登记采购结果` });
  const rec = await forgeCardCallback(
    h,
    p('张伟'),
    menu.messageId,
    { a: 'procurement.record', request: id },
    good(),
  );
  expect(rec.toast).toEqual({ type: 'error', content: `采购申请 #${id} 尚未审批通过,不能登记采购结果` });
  expect(await written()).toEqual(before);
});

it('化整为零: non-open purchases that together reach the threshold warn leadership and discipline once', async () => {
  const record = async (id: number) => {
    const card = await openForm(id);
    const before = await written();
    const r = await h.sb.click(
      p('张伟'),
      card,
      '确认登记',
      good({ method: 'competitive_negotiation', price: '90万' }),
    );
    return { r, before };
  };
  const ids = [
    await approvedDirect(100_000_000n, 'equipment'),
    await approvedDirect(100_000_000n, 'equipment'),
  ];
  ids.push(await approvedDirect(100_000_000n, 'equipment'));
  const first = await record(ids[0]!);
  expect(first.r.toast).toMatchObject({ type: 'success' });
  const second = await record(ids[1]!);
  expect(second.r.toast).toMatchObject({ type: 'success' }); // 180万 < 200万
  const { r: third, before } = await record(ids[2]!); // 270万 ≥ 200万
  expect(third.toast).toMatchObject({
    type: 'warning',
    content: expect.stringContaining('已预警单位领导班子和纪检监察'),
  });
  const after = await written();
  expect(after.splits).toBe(before.splits + 1);
  // 王建国 and 李秀英 (the asset company's leadership) and 郑毅 (discipline, zone-wide).
  expect(after.outbox).toBe(before.outbox + 3);
  for (const who of ['王建国', '李秀英', '郑毅']) {
    const warned = await h.sb.waitFor(() =>
      h.sb.inbox(p(who)).find((m) => titleOf(m) === '化整为零预警 · 资产经营公司'),
    );
    expect(JSON.stringify(warned.content)).toContain('2,700,000.00元');
  }
  // A fourth purchase in the same category and year sends nothing more.
  const fourth = await record(await approvedDirect(100_000_000n, 'equipment'));
  expect(fourth.r.toast).toMatchObject({ type: 'success' });
  expect(await written()).toMatchObject({ outbox: fourth.before.outbox, splits: fourth.before.splits });
  const [w] = await h.db.execute<{ n: number; total: string }>(
    sql`select count(*)::int as n, max(total_fen)::text as total from split_warnings`,
  );
  expect(w).toEqual({ n: 1, total: '270000000' });
  expect(h.sb.inbox(p('郑毅')).filter((m) => titleOf(m)?.startsWith('化整为零预警'))).toHaveLength(1);
});

it('a double click records once; the list shows each request at its stage', async () => {
  const id = await approvedThroughCards('9万', 'cleaning');
  const card = await openForm(id);
  const before = await written();
  const clicks = await Promise.all([
    h.sb.click(p('张伟'), card, '确认登记', good({ price: '9万' })),
    forgeCardCallback(
      h,
      p('张伟'),
      card.messageId,
      { a: 'procurement.record', request: id },
      {
        ...good({ price: '9万' }),
        award_date: today,
        platform: '苏州市公共资源交易平台',
      },
    ),
  ]);
  const toasts = clicks.map((c) => c.toast as { type: string; content: string });
  expect(toasts.filter((t) => t.type === 'success')).toHaveLength(1);
  expect(toasts.filter((t) => t.type === 'error')[0]!.content).toContain('不能重复登记');
  expect(await written()).toMatchObject({ procurements: before.procurements + 1, audit: before.audit + 1 });

  // A signed contract shows as its number (合同 HT-2026-0012), and a fresh approval offers 登记采购结果.
  const { contract, request } = await createContract(h, { startsOn: '2026-01-01', endsOn: '2026-12-31' });
  const fresh = await approvedThroughCards('7万', 'cleaning');
  const menu = await showMenu('张伟');
  const list = JSON.stringify((await h.sb.click(p('张伟'), menu, '采购与合同')).card);
  expect(list).toContain(`**#${request.id}**`);
  // With its status on the day: the term ends on 12-31, so later tries of the suite see 已到期.
  const status = contractStatusLabel(
    { status: 'active', startsOn: '2026-01-01', endsOn: '2026-12-31', endedOn: null },
    today,
  );
  expect(list).toContain(`合同 ${contractNumber(contract)}(`);
  expect(list).toContain(`· ${status}`);
  expect(list).toContain(`{"a":"procurement.form","request":${fresh}}`);
  expect(list).toContain(`{"a":"contract.form","request":${id}}`);
  expect(list).not.toContain(`{"a":"procurement.form","request":${id}}`);
});
