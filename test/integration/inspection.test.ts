/**
 * 专项督查 and 整改 (rule 13) through the cards: the inspection team records an inspection, owners are
 * told once, a photo is attached with its SHA-256, only the owner submits, the team confirms or
 * reopens, and the report shows days overdue. People without the roles are refused. The chase is
 * in rectification-chase.test.ts.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addCalendarDays } from '../../src/domain/business-date';
import { addWorkingDays, isWorkingDay, shanghaiDate, workingDaysBetween } from '../../src/domain/calendar';
import { shortDate } from '../../src/domain/date-order';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { askMenu, botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

const TODAY = shanghaiDate(new Date());
const MONTH = monthOfDate(TODAY);
const DUE_A = addWorkingDays(TODAY, 5); // 李秀英's item: far off
const DUE_B = addWorkingDays(TODAY, 1); // 张伟's item: due soon, then overdue
const text = (x: unknown) => JSON.stringify(x);

let h: Harness;
let p: (name: string) => string;
let contractId: number;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  const c = await createContract(h, {
    startsOn: `${addMonths(MONTH, -3)}-01`,
    endsOn: `${addMonths(MONTH, 9)}-01`,
  });
  contractId = c.contract.id;
}, 60_000);
afterAll(() => h.stop());

const count = async (q: ReturnType<typeof sql>) => (await h.db.execute<{ n: number }>(q))[0]!.n;
const snapshot = async () => ({
  inspections: text(await h.sql`select * from inspections order by id`),
  items: text(await h.sql`select * from rectification_items order by id`),
  images: await count(sql`select count(*)::int as n from evidence_images`),
  audit: await count(sql`select count(*)::int as n from audit_log`),
  outbox: await count(sql`select count(*)::int as n from outbox`),
});
const itemCards = (who: string) =>
  botCards(h.sb.inbox(p(who))).filter((m) => titleOf(m)?.startsWith('整改事项 · '));
const itemIdOf = (m: { content: unknown }) => Number(/"item":(\d+)/.exec(text(m.content))![1]);
const errorToast = (r: { toast?: unknown }) => (r.toast as { type?: string })?.type === 'error';

const form = (over: Record<string, unknown> = {}) => ({
  inspected_on: `${TODAY} +0800`,
  participants: '何静、郑毅',
  checked: '保洁作业现场、人员在岗及台账',
  finding_1: '楼道垃圾未及时清运',
  owner_1: p('李秀英'),
  due_1: `${DUE_A} +0800`,
  severity_1: 'major',
  finding_2: '作业人员未按规定着装',
  owner_2: p('张伟'),
  due_2: `${DUE_B} +0800`,
  severity_2: 'minor',
  ...over,
});

it('people without the roles see no 专项督查 and are refused, reading too', async () => {
  const menu = await askMenu(h.sb, p('张伟'));
  expect(text(menu.content)).not.toContain('专项督查');
  for (const who of ['张伟', '孙丽']) {
    for (const value of [
      { a: 'inspection.list' },
      { a: 'rectification.report' },
      { a: 'rectification.report', contract: contractId },
      { a: 'inspection.form', contract: contractId },
    ]) {
      const r = await forgeCardCallback(h, p(who), menu.messageId, value, {});
      expect(r.toast?.type, `${who} ${text(value)}`).toBe('error');
    }
  }
  // Discipline inspection reads, but may not record.
  const before = await snapshot();
  const r = await forgeCardCallback(
    h,
    p('郑毅'),
    menu.messageId,
    { a: 'inspection.record', contract: contractId },
    form(),
  );
  expect(r.toast).toMatchObject({ type: 'error', content: '只有督查小组可以登记专项督查和确认整改' });
  expect(await snapshot()).toEqual(before);
}, 60_000);

it('登记督查: refused inputs change nothing; a double click records once; each owner is told once', async () => {
  const menu = await askMenu(h.sb, p('何静'));
  const list = await h.sb.click(p('何静'), menu, '专项督查');
  expect(text(list.card)).toContain('登记督查');
  await h.sb.click(p('何静'), menu, '登记督查');
  const formCard = h.sb.message(menu.messageId)!;
  expect(titleOf(formCard)).toMatch(/^登记专项督查 · /);
  // 整改责任人 is offered from the contract's unit, not the whole zone.
  const owners = /"name":"owner_1".*?"options":(\[.*?\])/.exec(JSON.stringify(formCard.content))![1]!;
  const ofUnit = await h.sql`select p.open_id from people p join contracts c on c.unit_id = p.unit_id
    where c.id = ${contractId} order by p.id`;
  expect((JSON.parse(owners) as { value: string }[]).map((o) => o.value)).toEqual(
    ofUnit.map((r) => String(r.open_id)),
  );
  const [all] = await h.sql`select count(*)::int as n from people`;
  expect(ofUnit.length).toBeLessThan(all!.n);

  const before = await snapshot();
  const tomorrow = shortDate(addCalendarDays(TODAY, 1), TODAY);
  const dueBefore = shortDate(addCalendarDays(TODAY, -1), addCalendarDays(TODAY, 1));
  const { severity_2: _unset, ...withoutSeverity } = form();
  const bad = await h.sb.click(p('何静'), formCard, '登记督查', {
    ...withoutSeverity,
    inspected_on: `${addCalendarDays(TODAY, 1)} +0800`,
    due_1: `${addCalendarDays(TODAY, -1)} +0800`,
  });
  expect(bad.toast).toMatchObject({
    type: 'error',
    // Each refusal names both dates (DOMAIN.md "The order of dates"); the deadline is checked against
    // the inspection's date first.
    content: `督查日期 ${tomorrow[0]} 晚于今天 ${tomorrow[1]};问题1:整改期限 ${dueBefore[0]} 早于督查日期 ${dueBefore[1]};问题2:请选择严重程度`,
  });
  expect(await snapshot()).toEqual(before);

  const clicks = await Promise.all([
    h.sb.click(p('何静'), formCard, '登记督查', form()),
    h.sb.click(p('何静'), formCard, '登记督查', form()),
  ]);
  expect(clicks.filter((r) => (r.toast as { type?: string })?.type === 'success')).toHaveLength(1);
  expect(await count(sql`select count(*)::int as n from inspections`)).toBe(1);
  expect(await count(sql`select count(*)::int as n from rectification_items`)).toBe(2);
  expect(
    await count(sql`select count(*)::int as n from audit_log where action = 'inspection.recorded'`),
  ).toBe(1);
  // A replay of the successful event is a duplicate too.
  const ok = clicks.find((r) => (r.toast as { type?: string })?.type === 'success')!;
  await h.sb.redeliver(ok.delivery.eventId);
  expect(await count(sql`select count(*)::int as n from inspections`)).toBe(1);

  const a = await h.sb.waitFor(() => itemCards('李秀英')[0]);
  const b = await h.sb.waitFor(() => itemCards('张伟')[0]);
  expect(text(a.content)).toContain('楼道垃圾未及时清运');
  expect(text(a.content)).toContain('较重');
  expect(text(b.content)).toContain(DUE_B);
  await new Promise((r) => setTimeout(r, 500));
  expect(itemCards('李秀英')).toHaveLength(1);
  expect(itemCards('张伟')).toHaveLength(1);
}, 60_000);

it('a photo sent in a private chat is attached once, with the SHA-256 of the bytes served, by its sender only', async () => {
  const bytes = Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'binary'),
    Buffer.from(`现场照片 ${Date.now()}`),
  ]);
  const sent = await h.sb.sendImage(p('李秀英'), bytes);
  const offer = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(p('李秀英'))).find((m) => titleOf(m) === '附加整改照片'),
  );
  // Her open item is offered (张伟's is not hers).
  expect(text(offer.content)).toContain('楼道垃圾未及时清运');
  expect(text(offer.content)).not.toContain('作业人员未按规定着装');
  const itemA = itemIdOf(itemCards('李秀英')[0]!);

  // Someone else cannot attach her photo (nor to her item).
  const before = await snapshot();
  const forged = await forgeCardCallback(
    h,
    p('张伟'),
    offer.messageId,
    { a: 'rectification.attach', item: itemA, msg: sent.messageId, key: sent.imageKey },
    {},
  );
  expect(forged.toast).toMatchObject({ type: 'error', content: '只能附加您本人私聊发送给机器人的图片' });
  expect(await snapshot()).toEqual(before);

  const clicks = await Promise.all([
    h.sb.click(p('李秀英'), offer, '附加到此整改事项'),
    h.sb.click(p('李秀英'), offer, '附加到此整改事项'),
  ]);
  expect(clicks.filter((r) => (r.toast as { type?: string })?.type === 'success')).toHaveLength(1);
  const rows = await h.sql`select sha256, bytes, item_id, message_id, file_key from evidence_images`;
  expect(rows).toHaveLength(1);
  const sha = createHash('sha256').update(bytes).digest('hex');
  expect(rows[0]).toMatchObject({
    sha256: sha,
    item_id: String(itemA),
    message_id: sent.messageId,
    file_key: sent.imageKey,
  });
  expect(Buffer.from(rows[0]!.bytes as Uint8Array).equals(bytes)).toBe(true);
  const [audit] = await h.sql`select data from audit_log where action = 'rectification.photo_attached'`;
  expect((audit!.data as { sha256: string }).sha256).toBe(sha);
  expect(
    await count(sql`select count(*)::int as n from audit_log where action = 'rectification.photo_attached'`),
  ).toBe(1);
  const ok = clicks.find((r) => (r.toast as { type?: string })?.type === 'success')!;
  expect(text(ok.card)).toContain(sha.slice(0, 12));
}, 60_000);

it('only the owner submits, with evidence; the team reopens with a reason and confirms; each side told', async () => {
  const card = itemCards('李秀英')[0]!;
  const item = itemIdOf(card);
  const before = await snapshot();
  for (const who of ['张伟', '何静', '王建国']) {
    const r = await forgeCardCallback(
      h,
      p(who),
      card.messageId,
      { a: 'rectification.close', item },
      {
        evidence: '垃圾已全部清运完毕',
      },
    );
    expect(r.toast).toMatchObject({ type: 'error', content: '只有该事项的整改责任人(李秀英)可以提交整改' });
  }
  expect(await snapshot()).toEqual(before);

  const done = await h.sb.click(p('李秀英'), card, '提交整改', { evidence: '垃圾已全部清运,增设清运班次' });
  expect(done.toast).toEqual({ type: 'success', content: '已提交整改,待督查小组确认' });
  const status = async () =>
    (await h.sql`select status, reopened from rectification_items where id = ${item}`)[0];
  expect(await status()).toMatchObject({ status: 'submitted', reopened: 0 });
  const teamCard = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(p('何静'))).find(
      (m) => titleOf(m)?.startsWith('整改事项 · ') && text(m.content).includes('确认销号'),
    ),
  );

  // Not the team: refused.
  const snap = await snapshot();
  const r = await forgeCardCallback(
    h,
    p('郑毅'),
    teamCard.messageId,
    { a: 'rectification.confirm', item },
    {},
  );
  expect(r.toast).toMatchObject({ type: 'error', content: '只有督查小组可以登记专项督查和确认整改' });
  const noReason = await h.sb.click(p('何静'), teamCard, '退回重新整改', { reason: '' });
  expect(errorToast(noReason)).toBe(true);
  expect(await snapshot()).toEqual(snap);

  const reopened = await h.sb.click(p('何静'), teamCard, '退回重新整改', {
    reason: '复查发现楼道仍有积存垃圾',
  });
  expect(reopened.toast).toMatchObject({ type: 'success', content: '已退回重新整改' });
  expect(await status()).toMatchObject({ status: 'open', reopened: 1 });
  await h.sb.waitFor(() =>
    h.sb
      .inbox(p('李秀英'))
      .find((m) => text(m.content).includes('经复查退回重新整改:复查发现楼道仍有积存垃圾')),
  );
  const teamSeen = new Set(botCards(h.sb.inbox(p('何静'))).map((m) => m.messageId));
  const again = await h.sb.waitFor(() =>
    itemCards('李秀英').length >= 2 ? itemCards('李秀英').at(-1) : undefined,
  );
  expect(
    (await h.sb.click(p('李秀英'), again, '提交整改', { evidence: '已彻底清理并每日巡查' })).toast,
  ).toMatchObject({
    type: 'success',
  });
  const team2 = await h.sb.waitFor(() => {
    const cards = botCards(h.sb.inbox(p('何静'))).filter((m) => !teamSeen.has(m.messageId));
    return cards.find((m) => text(m.content).includes('确认销号'));
  });
  const confirmed = await h.sb.click(p('何静'), team2, '确认销号');
  expect(confirmed.toast).toMatchObject({ type: 'success', content: '已确认销号' });
  expect(await status()).toMatchObject({ status: 'closed' });
  const told = await h.sb.waitFor(() =>
    h.sb.inbox(p('李秀英')).find((m) => text(m.content).includes('已经督查小组确认销号')),
  );
  expect(titleOf(told)).toBe('整改事项已销号');
  expect(text(told.content)).toContain('"a":"contract.show"');
  for (const action of ['rectification.submitted', 'rectification.reopened', 'rectification.closed'])
    expect(
      await count(sql`select count(*)::int as n from audit_log where action = ${action}`),
      action,
    ).toBeGreaterThan(0);
  // Confirming twice changes nothing.
  const closed = await snapshot();
  const twice = await forgeCardCallback(
    h,
    p('何静'),
    team2.messageId,
    { a: 'rectification.confirm', item },
    {},
  );
  expect(twice.toast?.type).toBe('error');
  expect(await snapshot()).toEqual(closed);
}, 60_000);

it('督查问题整改情况报告 shows owner, deadline, status, evidence and working days overdue, to its readers only', async () => {
  // 张伟's item was recorded earlier and its deadline has passed: 3 working days ago.
  let due = addCalendarDays(TODAY, -1);
  while (workingDaysBetween(due, TODAY) < 3 || !isWorkingDay(due)) due = addCalendarDays(due, -1);
  await h.sql`update rectification_items set due_on = ${due} where owner_id = (select id from people where name = '张伟')`;
  for (const who of ['何静', '郑毅', '王建国', '李秀英']) {
    const menu = await askMenu(h.sb, p(who));
    await h.sb.click(p(who), menu, '专项督查');
    const r = await h.sb.click(p(who), menu, { a: 'rectification.report', contract: contractId });
    const body = text(r.card);
    expect(body, who).toContain('督查问题整改情况报告');
    expect(body).toContain(`逾期 ${workingDaysBetween(due, TODAY)} 个工作日`);
    expect(body).toContain('作业人员未按规定着装');
    expect(body).toContain('已销号');
    expect(body).toContain('已彻底清理并每日巡查');
    const [img] = await h.sql`select sha256 from evidence_images`;
    expect(body).toContain(img!.sha256 as string);
  }
  const menu = await askMenu(h.sb, p('张伟'));
  for (const who of ['张伟', '孙丽', '周国平']) {
    const r = await forgeCardCallback(
      h,
      p(who),
      menu.messageId,
      { a: 'rectification.report', contract: contractId },
      {},
    );
    expect(r.toast, who).toMatchObject({ type: 'error' });
  }
}, 60_000);
