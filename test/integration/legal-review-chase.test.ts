/**
 * 催办 of contract drafts waiting for legal (法务审核, rule 6), like approval stages: from the third
 * working day after submission, each legal reviewer of the unit (and zone-wide) is reminded once per
 * working day, however many workers run it and across a restart; nothing on a day off; nothing once
 * the draft is decided. The draft is submitted through the cards.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb } from '../../src/db/client';
import { addCalendarDays } from '../../src/domain/business-date';
import { addWorkingDays, isWorkingDay, shanghaiDate } from '../../src/domain/calendar';
import { chaseLegalReviews, overdueReviews } from '../../src/features/contracts/review-chase';
import { GOOD_FORM, LEGAL, openSigningForm, requestInDb, reviewCardOf } from '../helpers/contract-signing';
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
