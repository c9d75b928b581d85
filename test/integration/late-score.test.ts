/**
 * Issue 22, point 2 (DOMAIN.md "The order of dates"): a monthly score entered after its due date is
 * 逾期补录, stored with the due date at entry, said in the toast, shown on the score list, the
 * contract card, the 考核台账 exports and counted per assessor; an on-time one (entered on the due
 * day itself) is not; a correction keeps the month's flag whichever day it is made.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { shanghaiDate } from '../../src/domain/calendar';
import { lateLabel } from '../../src/domain/late-score';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { dueDate } from '../../src/domain/score-window';
import { lateScoresByAssessor } from '../../src/features/scoring/late';
import { askMenu } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { exportAs, nextFile } from '../helpers/export';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let p: (name: string) => string;
let contractId: number;
let scoring: { dueWorkingDay: number };
let asset: number;
let sanitation: number;

// Computed from the pinned date: month(-3) is always past its due date (the 5th working day of
// month(-2)); month(-2) is entered on its own due date, with the app's clock set back to that day.
const TODAY = shanghaiDate(new Date());
const THIS_MONTH = monthOfDate(TODAY);
const month = (n: number) => addMonths(THIS_MONTH, n);
const LATE = month(-3);
const ON_TIME = month(-2);
const yearOf = (m: string) => Number(m.slice(0, 4));

const text = (x: unknown) => JSON.stringify(x);
const FORM = { management: '90' };

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  [asset, sanitation] = (
    await h.sql`select id from units where code in ('asset', 'sanitation') order by code`
  ).map((r) => Number(r.id)) as [number, number];
  const { contract } = await createContract(h, { startsOn: `${month(-6)}-01`, endsOn: `${month(12)}-01` });
  contractId = contract.id;
  scoring = contract.clauses.scoring;
}, 60_000);
afterAll(() => h.stop());

/** Enters (or, with `reason`, corrects) a month's score through the cards as 张伟 does. */
async function enter(m: string, form: Record<string, string>, correct = false) {
  const zw = p('张伟');
  const menu = await askMenu(h.sb, zw);
  await h.sb.click(zw, menu.messageId, { a: 'score.list' });
  const opened = await h.sb.click(zw, menu.messageId, {
    a: correct ? 'score.correct' : 'score.form',
    contract: contractId,
    month: m,
  });
  const preview = await h.sb.click(zw, menu.messageId, '预览得分', form);
  const done = await h.sb.click(zw, menu.messageId, '确认提交');
  return { opened, preview, done, menu };
}

const rowsOf = (m: string) =>
  h.sql<{ id: string; late: boolean; due_on: string; current: boolean }[]>`
    select id, late, due_on, current from monthly_scores where contract_id = ${contractId} and month = ${m} order by id`;

it('a month entered after its due date is 逾期补录: the form warns, the toast says so, the row keeps the due date', async () => {
  const due = dueDate(LATE, scoring);
  expect(due < TODAY).toBe(true);
  const label = lateLabel(due, yearOf(LATE));
  const { opened, preview, done } = await enter(LATE, FORM);
  expect(text(opened.card)).toContain(`录入情况:**${label}**`);
  expect(text(preview.card)).toContain(`录入情况:**${label}**`);
  expect(done.toast).toMatchObject({ type: 'success', content: `${LATE} 考核成绩已录入,记为${label}` });
  expect(text(done.card)).toContain(label);
  const [row] = await rowsOf(LATE);
  expect(row).toMatchObject({ late: true, due_on: due, current: true });
  const [audit] = await h.sql<{ data: Record<string, unknown> }[]>`
    select data from audit_log where aggregate_type = 'monthly_score' and aggregate_id = ${row!.id} and action = 'score.recorded'`;
  expect(audit!.data).toMatchObject({ dueOn: due, late: true });
}, 60_000);

it('a month entered on its due date itself is on time: no mark anywhere', async () => {
  const due = dueDate(ON_TIME, scoring);
  h.clock.set(`${due}T16:00:00+08:00`);
  try {
    const { opened, done } = await enter(ON_TIME, FORM);
    expect(text(opened.card)).not.toContain('逾期补录');
    expect(done.toast).toMatchObject({ type: 'success', content: `${ON_TIME} 考核成绩已录入` });
  } finally {
    h.clock.set(new Date());
  }
  const [row] = await rowsOf(ON_TIME);
  expect(row).toMatchObject({ late: false, due_on: due });
}, 60_000);

it('a correction keeps the month’s flag: a late month stays late, an on-time month corrected late stays on time', async () => {
  const lateLabelText = lateLabel(dueDate(LATE, scoring), yearOf(LATE));
  const late = await enter(LATE, { management: '88', reason: '复核后更正' }, true);
  expect(text(late.opened.card)).toContain(`该月首次录入为**${lateLabelText}**`);
  expect(late.done.toast).toMatchObject({
    content: `${LATE} 考核成绩已更正;该月首次录入为${lateLabelText}`,
  });
  const onTime = await enter(ON_TIME, { management: '88', reason: '复核后更正' }, true);
  expect(text(onTime.opened.card)).not.toContain('逾期补录');
  expect(onTime.done.toast).toMatchObject({ content: `${ON_TIME} 考核成绩已更正` });

  const [oldLate, newLate] = await rowsOf(LATE);
  expect(newLate).toMatchObject({ current: true, late: true, due_on: oldLate!.due_on });
  const [, newOnTime] = await rowsOf(ON_TIME);
  expect(newOnTime).toMatchObject({ current: true, late: false, due_on: dueDate(ON_TIME, scoring) });
  const [sup] = await h.sql<{ data: Record<string, unknown> }[]>`
    select data from audit_log where aggregate_type = 'monthly_score' and aggregate_id = ${oldLate!.id} and action = 'score.superseded'`;
  expect(sup!.data).toMatchObject({ late: true, dueOn: oldLate!.due_on });
}, 90_000);

it('the score list and the contract card mark the late month, not the on-time one', async () => {
  const label = lateLabel(dueDate(LATE, scoring), yearOf(LATE));
  const zw = p('张伟');
  const menu = await askMenu(h.sb, zw);
  const list = text((await h.sb.click(zw, menu.messageId, { a: 'score.list' })).card);
  expect(list).toContain(`${LATE} · 95.2分 · ${label} · 更正`);
  expect(list).toContain(`${ON_TIME} · 95.2分 · 更正`);

  const menu2 = await askMenu(h.sb, zw);
  await h.sb.click(zw, menu2.messageId, { a: 'contract.list' });
  const card = text(
    (await h.sb.click(zw, menu2.messageId, { a: 'contract.show', contract: contractId })).card,
  );
  expect(card).toContain(`逾期补录的月份:${LATE} ${label}`);
  expect(card).not.toContain(`${ON_TIME} 逾期补录`);
}, 60_000);

it('the contract’s 考核台账 and the year’s ledger: 录入情况, the due date and the first entry’s date', async () => {
  const check = (rows: unknown[][]) => {
    const head = rows[0]!;
    const col = (name: string) => head.indexOf(name);
    expect(col('录入情况')).toBeGreaterThan(0);
    const byMonth = new Map(rows.slice(1).map((r) => [r[col('月份')], r]));
    const of = (m: string) => {
      const r = byMonth.get(m)!;
      return [r[col('应录入截止日')], r[col('首次录入日期')], r[col('录入情况')]];
    };
    expect(of(LATE)).toEqual([dueDate(LATE, scoring), TODAY, '逾期补录']);
    const due = dueDate(ON_TIME, scoring);
    expect(of(ON_TIME)).toEqual([due, due, '按时']);
  };
  let before = h.sb.filesReceived(p('张伟')).length;
  await exportAs(h, '张伟', { k: 'scores', contract: contractId });
  check((await nextFile(h, '张伟', before)).sheets[0]!.rows);

  // The year's ledger of each month's year (early in a year the two months are in two years).
  for (const year of new Set([yearOf(LATE), yearOf(ON_TIME)])) {
    before = h.sb.filesReceived(p('郑毅')).length;
    const r = await exportAs(h, '郑毅', { k: 'scores', year });
    expect(r.toast?.type).not.toBe('error');
    const rows = (await nextFile(h, '郑毅', before)).sheets[0]!.rows;
    const head = rows[0]!;
    const shown = rows
      .slice(1)
      .map((row) => `${row[head.indexOf('月份')]} ${row[head.indexOf('录入情况')]}`)
      .sort();
    const want = [
      ...(yearOf(LATE) === year ? [`${LATE} 逾期补录`] : []),
      ...(yearOf(ON_TIME) === year ? [`${ON_TIME} 按时`] : []),
    ].sort();
    expect(shown).toEqual(want);
  }
}, 120_000);

it('lateScoresByAssessor: the late first entry counted once for its assessor, in the board’s unit scope', async () => {
  const [first] = await rowsOf(LATE);
  const [zw] = await h.sql`select id, name from people where open_id = ${p('张伟')}`;
  const zone = await lateScoresByAssessor(h.db, { units: null });
  expect(zone).toEqual([
    expect.objectContaining({
      assessorId: Number(zw!.id),
      name: zw!.name,
      count: 1,
      scoreIds: [Number(first!.id)],
    }),
  ]);
  expect(zone[0]!.scores[0]).toMatchObject({ contractId, month: LATE, dueOn: dueDate(LATE, scoring) });
  expect(await lateScoresByAssessor(h.db, { units: [asset] })).toHaveLength(1);
  expect(await lateScoresByAssessor(h.db, { units: [sanitation] })).toEqual([]);
  expect(await lateScoresByAssessor(h.db, { units: [] })).toEqual([]);
});
