/**
 * 催办 of contract drafts waiting for legal (法务审核, rule 6), like approval stages: from the third
 * working day after submission, each legal reviewer of the unit (and zone-wide) is reminded once per
 * working day, however many workers run it and across a restart; nothing on a day off; nothing once
 * the draft is decided. The draft is submitted through the cards.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendAudit } from '../../src/audit/append';
import { createDb } from '../../src/db/client';
import { addCalendarDays } from '../../src/domain/business-date';
import { addWorkingDays, isWorkingDay, shanghaiDate } from '../../src/domain/calendar';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { boardLines } from '../../src/features/board/board';
import { chaseLegalReviews, overdueReviews } from '../../src/features/contracts/review-chase';
import { botCards, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import {
  GOOD_FORM,
  LEGAL,
  openSigningForm,
  outboxSent,
  requestInDb,
  reviewCardOf,
} from '../helpers/contract-signing';
import { type Harness, startHarness } from '../helpers/harness';

const TODAY = shanghaiDate(new Date());
const at = (date: string) => new Date(`${date}T10:00:00+08:00`);

let h: Harness;
let requestId: number;
beforeAll(async () => {
  h = await startHarness();
  ({ requestId } = await requestInDb(h));
  const { messageId } = await openSigningForm(h, h.person('张伟'), requestId);
  await h.sb.click(h.person('张伟'), messageId, '检查并预览', GOOD_FORM);
  const r = await h.sb.click(h.person('张伟'), messageId, '提交法务审核');
  expect(r.toast).toMatchObject({ type: 'success' });
}, 60_000);
afterAll(() => h.stop());

const reminders = async () =>
  (await h.db.execute<{ n: number }>(sql`select count(*)::int as n from contract_draft_reminders`))[0]!.n;
const chaseTexts = () =>
  h.sb
    .inbox(h.person(LEGAL))
    .filter((m) => JSON.stringify(m.content).includes('【催办】'))
    .map((m) => JSON.stringify(m.content));

it('chased from the third working day, once a day across two workers and a restart, never on a day off', async () => {
  const deps = { enqueueOutbox: (ids: string[]) => h.app.enqueueOutbox(ids) };
  let second = createDb(h.dbUrl, { max: 4 });
  const both = async (date: string) =>
    (
      await Promise.all([
        chaseLegalReviews(h.db, at(date), deps),
        chaseLegalReviews(second.db, at(date), deps),
      ])
    ).reduce((s, r) => s + r.reminded, 0);

  // Two working days' wait is not yet chased.
  expect(await both(TODAY)).toBe(0);
  expect(await both(addWorkingDays(TODAY, 2))).toBe(0);
  // The third working day: 冯蕾 (zone-wide legal, the only one) is reminded once.
  const third = addWorkingDays(TODAY, 3);
  expect(await both(third)).toBe(1);
  expect(await both(third)).toBe(0);
  await second.sql.end();
  second = createDb(h.dbUrl, { max: 4 });
  expect(await both(third)).toBe(0);
  let dayOff = addCalendarDays(third, 1);
  while (isWorkingDay(dayOff)) dayOff = addCalendarDays(dayOff, 1);
  expect(await both(dayOff)).toBe(0);
  const fourth = addWorkingDays(TODAY, 4);
  expect(await both(fourth)).toBe(1);
  expect(await reminders()).toBe(2);
  await h.sb.waitFor(() => (chaseTexts().length >= 2 ? true : undefined));
  expect(chaseTexts()[0]).toContain(`采购申请 #${requestId} 的合同草案第1版已提交 3 个工作日,尚待法务审核`);
  const audit = await h.sql`select data from audit_log where action = 'contract.draft_chased' order by id`;
  expect(audit.map((a) => a.data.onDate)).toEqual([third, fourth]);

  // Overdue on the board's terms after 5 working days' wait.
  expect(await overdueReviews(h.db, addWorkingDays(TODAY, 5), null)).toHaveLength(0);
  expect((await overdueReviews(h.db, addWorkingDays(TODAY, 6), null)).map((d) => d.requestId)).toEqual([
    requestId,
  ]);

  // Decided: no longer chased.
  const review = await reviewCardOf(h, h.person(LEGAL), requestId);
  expect((await h.sb.click(h.person(LEGAL), review, '通过')).toast).toMatchObject({ type: 'success' });
  expect(await both(addWorkingDays(TODAY, 5))).toBe(0);
  expect(await reminders()).toBe(2);
  await second.sql.end();
}, 60_000);

it('the board lists a review pending more than 5 working days, and a running imported contract never reviewed', async () => {
  const zone = { units: null };
  // A fresh draft, pending: overdue on the 6th working day of its wait, not on the 5th.
  await outboxSent(h); // the first test's notice is not taken for this one's menu
  const { requestId: waiting } = await requestInDb(h);
  const { messageId } = await openSigningForm(h, h.person('张伟'), waiting);
  await h.sb.click(h.person('张伟'), messageId, '检查并预览', GOOD_FORM);
  await h.sb.click(h.person('张伟'), messageId, '提交法务审核');
  const overdue = async (date: string) =>
    (await boardLines(h.db, zone, date)).filter((l) => l.key === 'review_overdue').map((l) => l.text);
  expect(await overdue(addWorkingDays(TODAY, 5))).toEqual([]);
  const [line] = await overdue(addWorkingDays(TODAY, 6));
  expect(line).toContain(`采购申请 #${waiting} 合同草案第1版:${TODAY} 提交法务审核,已等待 6 个工作日`);
  // Another unit's board does not see it.
  const [sanitation] = await h.sql`select id::int from units where code = 'sanitation'`;
  const other = await boardLines(h.db, { units: [sanitation!.id] }, addWorkingDays(TODAY, 6));
  expect(other.filter((l) => l.key === 'review_overdue')).toEqual([]);

  // An imported contract running now, and one signed through the form: only the import is listed.
  const month = monthOfDate(TODAY);
  const imported = await createContract(h, {
    startsOn: `${addMonths(month, -2)}-01`,
    endsOn: `${addMonths(month, 9)}-01`,
  });
  await h.db.transaction((tx) =>
    appendAudit(tx, {
      aggregateType: 'contract',
      aggregateId: imported.contract.id,
      actor: 'import:test',
      action: 'contract.imported',
      data: {},
    }),
  );
  const unreviewed = (await boardLines(h.db, zone, TODAY)).filter((l) => l.key === 'unreviewed');
  expect(unreviewed.map((l) => l.id)).toEqual([imported.contract.id]);
  expect(unreviewed[0]!.text).toContain('导入登记,履行中,未经法务审核');
  // Through the card: 郑毅's 纪检监察看板 has the section with it.
  const before = new Set(h.sb.inbox(h.person('郑毅')).map((x) => x.messageId));
  await h.sb.say(h.person('郑毅'), '看板');
  const board = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(h.person('郑毅'))).find(
      (x) => !before.has(x.messageId) && titleOf(x) === '纪检监察看板',
    ),
  );
  expect(JSON.stringify(board.content)).toContain('**法务审核**(1)');
  const detail = await h.sb.click(h.person('郑毅'), board, {
    a: 'board.detail',
    key: 'unreviewed',
    id: imported.contract.id,
  });
  expect(JSON.stringify(detail.card)).toContain('法务审核:无通过的审核记录');
  // After the term it is no longer running: not listed.
  expect(
    (await boardLines(h.db, zone, `${addMonths(month, 10)}-01`)).filter((l) => l.key === 'unreviewed'),
  ).toEqual([]);
}, 60_000);
