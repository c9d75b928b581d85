/**
 * 问题整改 of the daily line (issue 23, point 3): an assessor raises a deduction of a recorded score
 * as a rectification item from the score card; only an assessor of the contract may (a forged click
 * is refused and writes nothing), a double click raises once; the item is chased once per working
 * day (never on a day off) and escalated when overdue; it shows on the next month's score form
 * (未整改问题) and in the settlement audit as a risk; raised again for the same rubric item while the
 * first is open it is counted as 重复发生; its owner closes it with evidence and an assessor confirms.
 */
import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb } from '../../src/db/client';
import { addCalendarDays } from '../../src/domain/business-date';
import { addWorkingDays, isWorkingDay, shanghaiDate } from '../../src/domain/calendar';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { chaseRectificationItems } from '../../src/features/inspections/chase';
import { askMenu, botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';
import { REDIS_URL } from '../helpers/redis';

const TODAY = shanghaiDate(new Date());
const THIS_MONTH = monthOfDate(TODAY);
const month = (n: number) => addMonths(THIS_MONTH, n);
const lastDay = (n: number) => {
  const [y, m] = month(n).split('-').map(Number);
  return `${month(n)}-${new Date(Date.UTC(y!, m!, 0)).getUTCDate()}`;
};
const M1 = month(-2);
const M2 = month(-1);
const DUE = addWorkingDays(TODAY, 2);
const at = (date: string) => new Date(`${date}T09:30:00+08:00`);
const text = (x: unknown) => JSON.stringify(x);
const FINDING = '11月12日早班缺岗1人,需补足保洁人员';

let h: Harness;
let p: (name: string) => string;
let contractId: number;
let firstItem: number;

const one = async (q: ReturnType<typeof sql>) => (await h.db.execute<{ n: number }>(q))[0]!.n;
const snapshot = async () => ({
  items: await one(sql`select count(*)::int as n from rectification_items`),
  audit: await one(sql`select count(*)::int as n from audit_log`),
  outbox: await one(sql`select count(*)::int as n from outbox`),
});

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  const { contract } = await createContract(h, { startsOn: `${month(-6)}-01`, endsOn: lastDay(12) });
  contractId = contract.id;
  await h.sql`update contracts set payment_schedule = ${JSON.stringify([
    { label: '全期', dueOn: lastDay(12), amountFen: '18000000' },
  ])}::jsonb where id = ${contractId}`;
  // The daily schedule would chase on its own; this test runs the chase at dates it chooses.
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const sweeps = new Queue('sweeps', { connection, prefix: h.prefix });
  await sweeps.removeJobScheduler('rectification-chase');
  await sweeps.close();
  await connection.quit();
}, 60_000);
afterAll(() => h.stop());

/** 菜单 → 月度考核 → the month's form → 预览得分 → 确认提交, as 张伟; returns the message and the answer. */
async function scoreMonth(m: string, form: Record<string, string>) {
  const zw = p('张伟');
  const menu = await askMenu(h.sb, zw);
  await h.sb.click(zw, menu, '月度考核');
  const opened = await h.sb.click(zw, menu, { a: 'score.form', contract: contractId, month: m });
  await h.sb.click(zw, menu, '预览得分', form);
  const done = await h.sb.click(zw, menu, '确认提交');
  expect(done.toast).toMatchObject({ type: 'success' });
  return { msg: menu.messageId, opened, done };
}

const raiseForm = (owner: string, due = DUE, problem = FINDING) => ({
  problem,
  problem_owner: p(owner),
  problem_due: `${due} +0800`,
});

it('raised from the recorded score card: only an assessor, dates checked, a double click raises once', async () => {
  const zw = p('张伟');
  const { msg, done } = await scoreMonth(M1, {
    d_area_cleanliness: '2',
    n_area_cleanliness: '3号楼大厅地面有污渍',
    d_staffing: '1.5',
    n_staffing: '11月12日早班缺岗1人',
    management: '80',
  });
  expect(text(done.card)).toContain('转为整改');
  const form = await h.sb.click(zw, msg, { a: 'daily.form', item: 'staffing' });
  expect(form.toast).toBeUndefined();
  const shown = text(form.card);
  expect(shown).toContain('转为整改');
  expect(shown).toContain('11月12日早班缺岗1人'); // the note is the default finding
  // 整改责任人 offers exactly the people of the contract's unit (the rule 转为整改 applies below).
  const owners = /"name":"problem_owner".*?"options":(\[.*?\])/.exec(shown)![1]!;
  const ofUnit = await h.sql`select p.open_id from people p join contracts c on c.unit_id = p.unit_id
    where c.id = ${contractId} order by p.id`;
  expect((JSON.parse(owners) as { value: string }[]).map((o) => o.value)).toEqual(
    ofUnit.map((r) => String(r.open_id)),
  );
  expect(ofUnit.map((r) => String(r.open_id))).not.toContain(p('刘芳'));

  const value = { a: 'daily.raise', contract: contractId, month: M1, item: 'staffing' };
  const before = await snapshot();
  // Not an assessor of the contract (李秀英 leads its unit's department; 刘芳 assesses elsewhere).
  for (const who of ['李秀英', '刘芳', '何静']) {
    const r = await forgeCardCallback(h, p(who), msg, value, raiseForm('李秀英'));
    expect(r.toast?.type).toBe('error');
  }
  // A deadline before today, and an owner outside the contract's unit, are refused with the reason.
  const early = await forgeCardCallback(h, zw, msg, value, raiseForm('李秀英', addCalendarDays(TODAY, -1)));
  expect(early.toast).toMatchObject({ type: 'error' });
  expect(early.toast!.content).toContain('整改期限');
  const outsider = await forgeCardCallback(h, zw, msg, value, raiseForm('刘芳'));
  expect(outsider.toast!.content).toContain('整改责任人');
  // A rubric item the month did not deduct under is refused too.
  const none = await forgeCardCallback(h, zw, msg, { ...value, item: 'equipment' }, raiseForm('李秀英'));
  expect(none.toast?.type).toBe('error');
  expect(await snapshot()).toEqual(before);

  // A double click: two callbacks at once raise one item.
  const both = await Promise.all([
    forgeCardCallback(h, zw, msg, value, raiseForm('李秀英')),
    forgeCardCallback(h, zw, msg, value, raiseForm('李秀英')),
  ]);
  expect(both.map((r) => r.toast?.type).sort()).toEqual(['error', 'success']);
  const rows = await h.sql`select * from rectification_items where contract_id = ${contractId}`;
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    source: 'daily',
    month: M1,
    rubric_item: 'staffing',
    inspection_id: null,
    finding: FINDING,
    due_on: DUE,
    status: 'open',
    repeat_of: null,
  });
  firstItem = Number(rows[0]!.id);
  const audit = await h.sql`select action, actor from audit_log
    where aggregate_type = 'rectification_item' and aggregate_id = ${String(firstItem)}`;
  expect(audit).toEqual([{ action: 'rectification.raised', actor: zw }]);
  // The owner gets the item's card, saying where it came from.
  const card = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(p('李秀英'))).find((m) => titleOf(m)?.startsWith('整改事项')),
  );
  expect(text(card.content)).toContain(`${M1} 日常考核「`);
  // Opening the form again says it was raised (no second form).
  const again = await forgeCardCallback(h, zw, msg, { ...value, a: 'daily.form' }, {});
  expect(text(again.card)).toContain('该扣分问题已转为整改');
}, 90_000);

it('chased once per working day: two runs the same day once, a day off none, the next working day again', async () => {
  const deps = { enqueueOutbox: (ids: string[]) => h.app.enqueueOutbox(ids) };
  const second = createDb(h.dbUrl, { max: 4 });
  const both = async (date: string) => {
    const rs = await Promise.all([
      chaseRectificationItems(h.db, at(date), deps),
      chaseRectificationItems(second.db, at(date), deps),
    ]);
    return {
      reminded: rs.reduce((s, r) => s + r.reminded, 0),
      escalated: rs.reduce((s, r) => s + r.escalated, 0),
    };
  };
  try {
    const w1 = addWorkingDays(TODAY, 1);
    expect(await both(w1)).toEqual({ reminded: 1, escalated: 0 });
    expect(await both(w1)).toEqual({ reminded: 0, escalated: 0 });
    let dayOff = addCalendarDays(w1, 1);
    while (isWorkingDay(dayOff)) dayOff = addCalendarDays(dayOff, 1);
    expect(await both(dayOff)).toEqual({ reminded: 0, escalated: 0 });
    const w2 = addWorkingDays(w1, 1);
    expect(await both(w2)).toEqual({ reminded: 1, escalated: 0 });
    // Overdue: the owner chased and the responsible leader (王建国) told, once that day.
    const late = addWorkingDays(DUE, 1);
    expect(await both(late)).toEqual({ reminded: 1, escalated: 1 });
    expect(await both(late)).toEqual({ reminded: 0, escalated: 0 });
  } finally {
    await second.sql.end();
  }
  const chases = await h.sql`select on_date, kind from rectification_chases where item_id = ${firstItem}
    order by on_date, kind`;
  expect(chases).toHaveLength(4);
  await h.sb.waitFor(
    () => h.sb.inbox(p('王建国')).find((m) => text(m.content).includes('【督办】整改事项')),
    20_000,
  );
  const audit = await one(sql`select count(*)::int as n from audit_log
    where aggregate_type = 'rectification_item' and action = 'rectification.chased'`);
  expect(audit).toBe(3);
}, 90_000);

it('shown on the next month’s score form (未整改问题); raised again while open it counts as 重复发生', async () => {
  const zw = p('张伟');
  const menu = await askMenu(h.sb, zw);
  await h.sb.click(zw, menu, '月度考核');
  const opened = await h.sb.click(zw, menu, { a: 'score.form', contract: contractId, month: M2 });
  const form = text(opened.card);
  expect(form).toContain('未整改问题(1项)');
  expect(form).toContain(FINDING);
  expect(form).toContain(`期限 ${DUE}`);
  expect(form).toContain('未逾期');

  const { msg } = await scoreMonth(M2, {
    d_staffing: '1',
    n_staffing: '12月3日晚班缺岗1人',
    management: '85',
  });
  await h.sb.click(zw, msg, { a: 'daily.form', item: 'staffing' });
  const raised = await h.sb.click(zw, msg, '转为整改', raiseForm('李秀英', DUE, '12月3日晚班缺岗1人'));
  expect(raised.toast).toMatchObject({ type: 'success' });
  expect(text(raised.toast)).toContain('重复发生 1 次');
  expect(text(raised.card)).toContain('重复发生');
  const [row] = await h.sql`select repeat_of::int as "repeatOf" from rectification_items
    where contract_id = ${contractId} and month = ${M2}`;
  expect(row!.repeatOf).toBe(firstItem);
}, 90_000);

it('the settlement audit lists open daily problems as a risk, with the repeated count', async () => {
  const who = p('孙丽');
  const menu = await askMenu(h.sb, who);
  await h.sb.click(who, menu, '结算审核');
  await h.sb.click(who, menu, { a: 'settlement.show', contract: contractId });
  const shown = text((await h.sb.click(who, menu, '结算审计')).card);
  expect(shown).toContain('日常考核问题未整改');
  expect(shown).toContain(`问题「${FINDING}」(${M1} 日常考核`);
  expect(shown).toContain('重复发生 1 次');
}, 60_000);

it('closed by its owner with evidence and confirmed by an assessor (not the inspection team)', async () => {
  const owner = p('李秀英');
  const cards = botCards(h.sb.inbox(owner)).filter((m) => titleOf(m)?.startsWith('整改事项'));
  const first = cards.find((m) => text(m.content).includes(`${M1} 日常考核`))!;
  const short = await h.sb.click(owner, first, '提交整改', { evidence: '补' });
  expect(short.toast).toMatchObject({ type: 'error' });
  const sent = await h.sb.click(owner, first, '提交整改', { evidence: '已补足早班保洁人员并排班公示' });
  expect(sent.toast).toEqual({ type: 'success', content: '已提交整改,待考核人确认' });
  // The assessor (not the inspection team) gets the card to confirm it.
  const zw = p('张伟');
  const toConfirm = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(zw)).find(
      (m) => titleOf(m)?.startsWith('整改事项') && text(m.content).includes('待考核人确认'),
    ),
  );
  expect(botCards(h.sb.inbox(p('何静'))).some((m) => text(m.content).includes(FINDING))).toBe(false);
  const before = await snapshot();
  const forged = await forgeCardCallback(
    h,
    p('何静'),
    toConfirm.messageId,
    { a: 'rectification.confirm', item: firstItem },
    {},
  );
  expect(forged.toast?.type).toBe('error');
  expect(await snapshot()).toEqual(before);
  const ok = await h.sb.click(zw, toConfirm, '确认销号', { reason: '' });
  expect(ok.toast).toMatchObject({ type: 'success' });
  const [row] = await h.sql`select status, evidence from rectification_items where id = ${firstItem}`;
  expect(row).toEqual({ status: 'closed', evidence: '已补足早班保洁人员并排班公示' });
  const chain = await h.sql`select action from audit_log
    where aggregate_type = 'rectification_item' and aggregate_id = ${String(firstItem)} order by id`;
  expect(chain.map((r) => r.action)).toEqual([
    'rectification.raised',
    'rectification.chased',
    'rectification.chased',
    'rectification.chased',
    'rectification.submitted',
    'rectification.closed',
  ]);
  await h.sb.waitFor(() => h.sb.inbox(owner).find((m) => text(m.content).includes('已经考核人确认销号')));
}, 60_000);
