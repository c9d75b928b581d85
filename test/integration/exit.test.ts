import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { monthlyScores } from '../../src/db/schema';
import { addCalendarDays } from '../../src/domain/business-date';
import { addWorkingDays, isWorkingDay, shanghaiDate } from '../../src/domain/calendar';
import { contractNumber } from '../../src/domain/contract-format';
import { shortDate } from '../../src/domain/date-order';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { chaseExitItems } from '../../src/features/termination/chase';
import { evaluateAfterScore } from '../../src/features/thresholds/after-score';
import { OutboxWriter } from '../../src/outbox/write';
import { botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

const TODAY = shanghaiDate(new Date());
const THIS_MONTH = monthOfDate(TODAY);
const month = (n: number) => addMonths(THIS_MONTH, n);
const END = addWorkingDays(TODAY, 3); // the recorded end date: a working day soon
const at = (date: string) => new Date(`${date}T09:30:00+08:00`);

let h: Harness;
let p: (name: string) => string;
let c: Awaited<ReturnType<typeof createContract>>;
let caseId: number;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  c = await createContract(h, { startsOn: `${month(-6)}-01`, endsOn: `${month(14)}-01` });
  const [zw] = await h.sql`select id from people where open_id = ${p('张伟')}`;
  for (const m of [month(-3), month(-2)]) {
    const ids = await h.db.transaction(async (tx) => {
      await tx.insert(monthlyScores).values({
        contractId: c.contract.id,
        month: m,
        deductions: [],
        dailyTenths: 700,
        managementTenths: 700,
        finalTenths: 700,
        enteredBy: Number(zw!.id),
      });
      const out = new OutboxWriter(tx);
      caseId =
        (await evaluateAfterScore(tx, c.contract.id, { now: new Date(), outbox: out })).opened ?? caseId;
      return out.ids;
    });
    await h.app.enqueueOutbox(ids);
  }
});
afterAll(() => h.stop());

const text = (x: unknown) => JSON.stringify(x);
const one = async (q: ReturnType<typeof sql>) => (await h.db.execute<{ n: number }>(q))[0]!.n;
const snapshot = async () => ({
  state: text(await h.sql`select status, ended_on from contracts where id = ${c.contract.id}`),
  cases: text(await h.sql`select * from termination_cases order by id`),
  items: text(await h.sql`select * from exit_items order by id`),
  audit: await one(sql`select count(*)::int as n from audit_log`),
  outbox: await one(sql`select count(*)::int as n from outbox`),
});
const itemCard = (who: string, title: string) =>
  h.sb.waitFor(() => botCards(h.sb.inbox(p(who))).find((m) => titleOf(m) === `清退事项 · ${title}`), 20_000);
const deps = { enqueueOutbox: (ids: string[]) => h.app.enqueueOutbox(ids) };

it('启动清退: only the leader, an end date from today to the contract end; a double click decides once', async () => {
  const card = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(p('王建国'))).find((m) => titleOf(m) === `清退决策 · ${c.vendor.name}`),
  );
  const start = { a: 'termination.start', case: caseId };
  const before = await snapshot();
  const refusals: [string, Record<string, unknown>, string][] = [
    ['张伟', { ends_on: `${END} +0800` }, '只有该合同的分管班子成员(王建国)可以作出清退决定'],
    ['王建国', {}, '请选择合同终止日期'],
    // The order of dates: each refusal names both dates (DOMAIN.md "The order of dates").
    [
      '王建国',
      { ends_on: `${addCalendarDays(TODAY, -1)} +0800` },
      `合同终止日期 ${shortDate(addCalendarDays(TODAY, -1), TODAY).join(' 早于今天 ')}`,
    ],
    [
      '王建国',
      { ends_on: `${month(15)}-01 +0800` },
      `合同终止日期 ${shortDate(`${month(15)}-01`, `${month(14)}-01`).join(' 晚于合同约定的服务结束日期 ')}`,
    ],
  ];
  for (const [who, form, message] of refusals) {
    const r = await forgeCardCallback(h, p(who), card.messageId, start, form);
    expect(r.toast).toMatchObject({ type: 'error', content: message });
  }
  expect(await snapshot()).toEqual(before);

  const clicks = await Promise.all([
    h.sb.click(p('王建国'), card, '启动清退', { ends_on: `${END} +0800` }),
    h.sb.click(p('王建国'), card, '启动清退', { ends_on: `${END} +0800` }),
  ]);
  const ok = clicks.filter((r) => (r.toast as { type?: string })?.type === 'success');
  expect(ok).toHaveLength(1);
  expect(text(clicks.find((r) => r !== ok[0])!.toast)).toMatch(/不能重复决定|已处理/);
  expect(text(ok[0]!.card)).toContain(`合同于 **${END}** 终止`);
  const [row] = await h.sql`select status, ended_on from contracts where id = ${c.contract.id}`;
  expect(row).toMatchObject({ status: 'terminating', ended_on: END });
  expect(await one(sql`select count(*)::int as n from audit_log where action = 'termination.started'`)).toBe(
    1,
  );

  const items =
    await h.sql`select title, owner_id, due_on from exit_items where case_id = ${caseId} order by id`;
  const names = await h.sql`select id, name from people`;
  const nameOf = (id: unknown) => names.find((x) => x.id === id)!.name;
  expect(items.map((i) => [i.title, nameOf(i.owner_id), i.due_on])).toEqual([
    ['服务资料与设施移交', '王建国', END], // the fixture's responsible department person is the leader
    ['人员退场与场地清理', '王建国', END],
    ['费用结算与扣款确认', '孙丽', addWorkingDays(END, 5)],
  ]);
  await itemCard('孙丽', '费用结算与扣款确认');
  await itemCard('王建国', '人员退场与场地清理');
  const told = await h.sb.waitFor(() =>
    h.sb.inbox(p('张伟')).find((m) => text(m.content).includes(`合同 ${contractNumber(c.contract)}`)),
  );
  expect(text(told.content)).toContain(`已决定启动清退,合同于 ${END} 终止`);
}, 60_000);

it('open items are chased once a working day from their due date, twice-run sweeps send once, overdue goes to the leader', async () => {
  const chases = () => one(sql`select count(*)::int as n from exit_item_chases`);
  expect(await chaseExitItems(h.db, at(addWorkingDays(TODAY, 1)), deps)).toEqual({
    checked: 0,
    chased: 0,
    escalated: 0,
  });
  expect(await chaseExitItems(h.db, at(END), deps)).toEqual({ checked: 2, chased: 2, escalated: 0 });
  const outbox = await one(sql`select count(*)::int as n from outbox`);
  expect(await chaseExitItems(h.db, at(END), deps)).toEqual({ checked: 2, chased: 0, escalated: 0 });
  expect(await one(sql`select count(*)::int as n from outbox`)).toBe(outbox);
  expect(await chases()).toBe(2);
  let dayOff = addCalendarDays(END, 1);
  while (isWorkingDay(dayOff)) dayOff = addCalendarDays(dayOff, 1);
  expect(await chaseExitItems(h.db, at(dayOff), deps)).toEqual({ checked: 0, chased: 0, escalated: 0 });
  // The settlement item (孙丽) is one working day overdue: she is chased and the leader told. The
  // leader's own two items are six working days overdue (1 + 5): they go up to the unit leadership.
  const late = addWorkingDays(END, 6);
  expect(await chaseExitItems(h.db, at(late), deps)).toEqual({ checked: 3, chased: 3, escalated: 3 });
  expect(await chaseExitItems(h.db, at(late), deps)).toEqual({ checked: 3, chased: 0, escalated: 0 });
  expect(await chases()).toBe(5);
  await h.sb.waitFor(() =>
    h.sb.inbox(p('孙丽')).find((m) => text(m.content).includes('【催办】清退事项「费用结算与扣款确认」')),
  );
  const escalated = await h.sb.waitFor(() =>
    h.sb.inbox(p('王建国')).find((m) => text(m.content).includes('【督办】')),
  );
  expect(text(escalated.content)).toContain('已逾期 1 个工作日仍未办结(责任人 孙丽)');
  // 李秀英, the asset company's other leadership member, hears of each of 王建国's own items once.
  await h.sb.waitFor(
    () => h.sb.inbox(p('李秀英')).filter((m) => text(m.content).includes('【督办】清退事项')).length === 2,
  );
  const above = h.sb.inbox(p('李秀英')).filter((m) => text(m.content).includes('【督办】清退事项'));
  for (const m of above)
    expect(text(m.content)).toContain(
      '已逾期 6 个工作日仍未办结(责任人为合同分管班子成员 王建国),请单位领导班子督促办理。',
    );
  expect(h.sb.inbox(p('王建国')).filter((m) => text(m.content).includes('【督办】')).length).toBe(1);
  // A card with its way on: 查看合同 opens the contract for the leader (his roles, checked now).
  expect(titleOf(escalated)).toBe('清退事项督办');
  const opened = await h.sb.click(p('王建国'), escalated, '查看合同');
  expect(opened.toast).toBeUndefined();
  expect(JSON.stringify(opened.card)).toContain('清退');
}, 60_000);

it('已完成: only the owner, with evidence, once; the last item closed terminates the contract', async () => {
  const card = await itemCard('孙丽', '费用结算与扣款确认');
  const item = Number(/"item":(\d+)/.exec(text(card.content))![1]);
  const close = { a: 'exit.close', item };
  const before = await snapshot();
  const other = await forgeCardCallback(h, p('张伟'), card.messageId, close, {
    evidence: '结算单已签字确认',
  });
  expect(other.toast).toMatchObject({
    type: 'error',
    content: '只有该事项的责任人(孙丽)可以办结「费用结算与扣款确认」',
  });
  const empty = await forgeCardCallback(h, p('孙丽'), card.messageId, close, { evidence: ' 好 ' });
  expect(empty.toast).toMatchObject({ type: 'error', content: '请填写办结说明(完成情况及凭证,至少4个字)' });
  expect(await snapshot()).toEqual(before);

  const done = await h.sb.click(p('孙丽'), card, '已完成', { evidence: '结算单 JS-2026-031 已签字确认' });
  expect(done.toast).toMatchObject({ type: 'success', content: '「费用结算与扣款确认」已办结' });
  expect(text(done.card)).toContain('办结说明:结算单 JS-2026-031 已签字确认');
  const closed = await snapshot();
  const again = await forgeCardCallback(h, p('孙丽'), card.messageId, close, {
    evidence: '结算单已签字确认',
  });
  expect(again.toast?.content).toMatch(
    /^「费用结算与扣款确认」已办结\(孙丽,\d{4}-\d{2}-\d{2}\),无需重复提交$/,
  );
  expect(await snapshot()).toEqual(closed);
  const status = async () =>
    (await h.sql`select status from contracts where id = ${c.contract.id}`)[0]!.status;
  expect(await status()).toBe('terminating');

  for (const title of ['服务资料与设施移交', '人员退场与场地清理']) {
    const r = await h.sb.click(p('王建国'), await itemCard('王建国', title), '已完成', {
      evidence: '已现场核验完毕',
    });
    expect(r.toast).toMatchObject({ type: 'success' });
  }
  expect(await status()).toBe('terminated');
  expect(await one(sql`select count(*)::int as n from audit_log where action = 'contract.terminated'`)).toBe(
    1,
  );
  await h.sb.waitFor(() =>
    h.sb.inbox(p('王建国')).find((m) => text(m.content).includes('移交、退场事项已全部办结')),
  );
  // Closed items are chased no more.
  expect(await chaseExitItems(h.db, at(addWorkingDays(END, 7)), deps)).toEqual({
    checked: 0,
    chased: 0,
    escalated: 0,
  });
}, 60_000);
