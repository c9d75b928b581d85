/**
 * Issue 22, point 1 (DOMAIN.md "The order of dates"), the dates typed after a contract is signed:
 * an inspection lies within the service (term start to its end or termination date) and not after
 * today, a rectification deadline not before its inspection, and a payment period is settled from
 * the day after its last month. Each earlier-than case is refused through the card with both dates
 * named, and nothing is written or sent; the same day is accepted. (The termination date and the
 * score window are covered in exit.test.ts and score-card.test.ts.)
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../src/domain/business-date';
import { shanghaiDate } from '../../src/domain/calendar';
import { shortDate } from '../../src/domain/date-order';
import { addMonths, monthOfDate, termMonths } from '../../src/domain/months';
import { askMenu, forgeCardCallback } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let p: (name: string) => string;
const TODAY = shanghaiDate(new Date());
const MONTH = monthOfDate(TODAY);
const START = addCalendarDays(TODAY, -40);
/** The last day of this month: the settled period's last served day. */
const MONTH_END = addCalendarDays(`${addMonths(MONTH, 1)}-01`, -1);

let running: number; // START to a year on
let ended: number; // terminated 5 days ago

const count = async (q: ReturnType<typeof sql>) => (await h.db.execute<{ n: number }>(q))[0]!.n;
const snapshot = async () => ({
  inspections: await count(sql`select count(*)::int as n from inspections`),
  items: await count(sql`select count(*)::int as n from rectification_items`),
  settlements: await count(sql`select count(*)::int as n from settlements`),
  audit: await count(sql`select count(*)::int as n from audit_log`),
  outbox: await count(sql`select count(*)::int as n from outbox`),
});
/** `督查日期 07-10 早于合同服务开始日期 08-01`, as date-order.ts shortens two dates. */
const pair = (a: string, word: string, b: string) => {
  const [x, y] = shortDate(a, b);
  return `${x} ${word}${y}`;
};

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  running = (await createContract(h, { startsOn: START, endsOn: addCalendarDays(START, 365) })).contract.id;
  ended = (await createContract(h, { startsOn: START, endsOn: addCalendarDays(START, 365) })).contract.id;
  await h.sql`update contracts set status = 'terminating', ended_on = ${addCalendarDays(TODAY, -5)} where id = ${ended}`;
}, 60_000);
afterAll(() => h.stop());

describe('专项督查 and its rectification deadlines', () => {
  const form = (inspectedOn: string, dueOn: string, checked = '保洁作业现场') => ({
    inspected_on: `${inspectedOn} +0800`,
    participants: '何静',
    checked,
    finding_1: '楼道垃圾未及时清运',
    owner_1: p('李秀英'),
    due_1: `${dueOn} +0800`,
    severity_1: 'major',
  });
  /** Submits the form on a fresh menu card; `before` is taken once the menu is out. */
  const record = async (contract: number, values: Record<string, unknown>) => {
    const menu = await askMenu(h.sb, p('何静'));
    const before = await snapshot();
    const r = await forgeCardCallback(
      h,
      p('何静'),
      menu.messageId,
      { a: 'inspection.record', contract },
      values,
    );
    return { ...r, before };
  };

  const refused: [string, () => number, () => Record<string, unknown>, () => string][] = [
    [
      'before the term starts',
      () => running,
      () => form(addCalendarDays(START, -1), TODAY),
      () => `督查日期 ${pair(addCalendarDays(START, -1), '早于合同服务开始日期 ', START)}`,
    ],
    [
      'after today',
      () => running,
      () => form(addCalendarDays(TODAY, 1), addCalendarDays(TODAY, 1)),
      () => `督查日期 ${pair(addCalendarDays(TODAY, 1), '晚于今天 ', TODAY)}`,
    ],
    [
      'after the contract was terminated',
      () => ended,
      () => form(addCalendarDays(TODAY, -4), TODAY),
      () => `督查日期 ${pair(addCalendarDays(TODAY, -4), '晚于合同终止日期 ', addCalendarDays(TODAY, -5))}`,
    ],
    [
      'a deadline before the inspection',
      () => running,
      () => form(addCalendarDays(TODAY, -3), addCalendarDays(TODAY, -4)),
      () => `问题1:整改期限 ${pair(addCalendarDays(TODAY, -4), '早于督查日期 ', addCalendarDays(TODAY, -3))}`,
    ],
  ];
  for (const [name, contract, values, message] of refused)
    it(`refused ${name}: both dates named, nothing written or sent`, async () => {
      const r = await record(contract(), values());
      expect(r.toast).toMatchObject({ type: 'error', content: message() });
      expect(await snapshot()).toEqual(r.before);
    }, 30_000);

  it('the same day is accepted: on the term’s first day, on the termination day, a deadline on the inspection day', async () => {
    const cases: [number, Record<string, unknown>][] = [
      [running, form(START, TODAY, '服务开始当日督查')],
      [ended, form(addCalendarDays(TODAY, -5), TODAY, '终止当日督查')],
      [running, form(TODAY, TODAY, '当日督查当日整改')],
    ];
    for (const [contract, values] of cases) {
      const r = await record(contract, values);
      expect(r.toast?.type, String(values.checked)).toBe('success');
    }
    expect(await count(sql`select count(*)::int as n from inspections`)).toBe(3);
    expect(await count(sql`select count(*)::int as n from rectification_items`)).toBe(3);
  }, 60_000);
});

describe('确认结算: from the day after the period’s last served day', () => {
  let contractId: number;
  const finance = () => p('孙丽');
  const confirm = async () => {
    const menu = await askMenu(h.sb, finance());
    const before = await snapshot();
    const r = await forgeCardCallback(
      h,
      finance(),
      menu.messageId,
      { a: 'settlement.confirm', contract: contractId, period: '本期' },
      {},
    );
    return { ...r, before };
  };

  beforeAll(async () => {
    // One period paying for every month of the term up to this month's end, all of them scored.
    const startsOn = `${addMonths(MONTH, -2)}-01`;
    contractId = (await createContract(h, { startsOn, endsOn: MONTH_END })).contract.id;
    const schedule = [{ label: '本期', dueOn: MONTH_END, amountFen: '3000000' }];
    await h.sql`update contracts set payment_schedule = ${JSON.stringify(schedule)}::jsonb where id = ${contractId}`;
    const [by] = await h.sql`select id from people where open_id = ${p('张伟')}`;
    for (const m of termMonths({ startMonth: addMonths(MONTH, -2), endMonth: MONTH }))
      await h.sql`insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by)
        values (${contractId}, ${m}, '[]', 950, 950, 950, ${by!.id})`;
  }, 60_000);

  it('refused before and on the last day of its last month, with both dates named; nothing written or sent', async () => {
    const from = addCalendarDays(MONTH_END, 1);
    for (const day of [TODAY, MONTH_END]) {
      h.clock.set(`${day}T10:00:00+08:00`);
      try {
        const r = await confirm();
        const [t, f] = shortDate(day, from);
        expect(r.toast).toMatchObject({
          type: 'error',
          content: `结算确认日期(今天) ${t} 早于「本期」可结算日期(服务期最后一日 ${MONTH_END} 的次日) ${f},该期服务尚未期满,不能确认结算`,
        });
        expect(await snapshot()).toEqual(r.before);
      } finally {
        h.clock.set(new Date());
      }
    }
  }, 60_000);

  it('the settlement card offers no 确认 button while the period is served: it says from when', async () => {
    const shown = async () => {
      const menu = await askMenu(h.sb, finance());
      const r = await forgeCardCallback(
        h,
        finance(),
        menu.messageId,
        { a: 'settlement.show', contract: contractId },
        {},
      );
      return JSON.stringify(r.card);
    };
    const from = addCalendarDays(MONTH_END, 1);
    h.clock.set(`${MONTH_END}T10:00:00+08:00`);
    try {
      const card = await shown();
      expect(card).toContain(`「本期」服务期至 ${MONTH_END},${from} 起可确认结算`);
      expect(card).not.toContain('"a":"settlement.confirm"');
      h.clock.set(`${from}T10:00:00+08:00`);
      const later = await shown();
      expect(later).toContain('"a":"settlement.confirm"');
      expect(later).not.toContain('起可确认结算');
    } finally {
      h.clock.set(new Date());
    }
  }, 60_000);

  it('accepted on the day after', async () => {
    h.clock.set(`${addCalendarDays(MONTH_END, 1)}T10:00:00+08:00`);
    try {
      const r = await confirm();
      expect(r.toast?.type, r.toast?.content).toBe('success');
    } finally {
      h.clock.set(new Date());
    }
    expect(
      await count(sql`select count(*)::int as n from settlements where contract_id = ${contractId}`),
    ).toBe(1);
  }, 60_000);
});
