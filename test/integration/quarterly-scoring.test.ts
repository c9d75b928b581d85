import { afterAll, beforeAll, expect, it } from 'vitest';
import { runYearEnd } from '../../src/features/bans/year-end';
import { settlementReport } from '../../src/features/settlement/report';
import { botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { testClock } from '../helpers/clock';
import { createContract } from '../helpers/contract';
import { freshMenu } from '../helpers/contract-signing';
import { type Harness, startHarness } from '../helpers/harness';

// A fixed clock, moved forward only: 2026's quarters, then 2027's first, scored in March's window (from the 25th).
const clock = testClock('2026-03-26T10:00:00+08:00');
const at = (iso: string) => clock.set(iso);

let h: Harness;
let p: (name: string) => string;
beforeAll(async () => {
  h = await startHarness({ now: clock });
  p = h.person;
});
afterAll(() => h.stop());

const text = (x: unknown) => JSON.stringify(x);
type Made = Awaited<ReturnType<typeof createContract>>;
const quarterly = (startsOn = '2027-01-01', endsOn = '2027-12-31') =>
  createContract(h, { startsOn, endsOn, managementPeriod: 'quarter' });

/** 菜单 → 月度考核: the message the assessor then clicks on. */
async function openScoring(who: string) {
  const menu = await freshMenu(h, who);
  await h.sb.click(who, menu, '月度考核');
  return menu.messageId;
}

/** Opens the month's form, previews what is typed and confirms: the answers of each step. */
async function scoreMonth(who: string, c: Made, month: string, form: Record<string, string>) {
  const msg = await openScoring(who);
  const opened = await h.sb.click(who, msg, { a: 'score.form', contract: c.contract.id, month });
  if (opened.toast) return { opened };
  const preview = await h.sb.click(who, msg, '预览得分', form);
  if (preview.toast) return { opened, preview };
  const done = await h.sb.click(who, msg, '确认提交');
  return { opened, preview, done, msg };
}

const rowsOf = (id: number) =>
  h.sql`select month, management_tenths::int as m, final_tenths::int as f, quarter_score_id::int as q, current
        from monthly_scores where contract_id = ${id} order by month, id`;
const quartersOf = (id: number) =>
  h.sql`select id::int, quarter, management_tenths::int as m, current, supersedes_id::int as sup, correction_reason as reason
        from quarter_scores where contract_id = ${id} order by id`;
const casesOf = async (id: number) =>
  (await h.sql`select count(*)::int as n from termination_cases where contract_id = ${id}`)[0]!.n as number;

it('a year of quarterly scores averaging below 85 gives the ban; the settlement of a quarter takes its months’ band', async () => {
  const c = await quarterly('2026-01-01', '2027-12-31');
  await h.sql`update contracts set payment_schedule = ${JSON.stringify([
    { label: '2026年第1季度', dueOn: '2026-03-31', amountFen: '4500000' },
    { label: '其余', dueOn: '2027-12-31', amountFen: '13500000' },
  ])}::jsonb where id = ${c.contract.id}`;
  const zw = p('张伟');
  // Each quarter of 2026 in its own window (late: 逾期补录, still counted): 100 × 60% + 60 × 40% = 84.0.
  for (const [quarter, months] of [
    ['2026-03-26', ['2026-01', '2026-02', '2026-03']],
    ['2026-06-26', ['2026-04', '2026-05', '2026-06']],
    ['2026-09-28', ['2026-07', '2026-08', '2026-09']],
    ['2026-12-28', ['2026-10', '2026-11', '2026-12']],
  ] as const) {
    at(`${quarter}T10:00:00+08:00`);
    for (const [i, m] of months.entries()) {
      const r = await scoreMonth(zw, c, m, i === 0 ? { management: '60' } : {});
      expect(r.done?.toast).toMatchObject({ type: 'success' });
    }
  }
  const rows = (await rowsOf(c.contract.id)).filter((r) => r.current);
  expect(rows).toHaveLength(12);
  expect(new Set(rows.map((r) => r.f))).toEqual(new Set([840]));
  expect(new Set(rows.map((r) => r.q)).size).toBe(4);
  at('2027-01-04T10:00:00+08:00');
  await runYearEnd(h.db, 2026, h.app, { now: clock.now() });
  const bans = await h.sql`select year from vendor_bans where vendor_id = ${c.vendor.id}`;
  expect(bans.map((b) => b.year)).toEqual([2027]);
  // The first quarter's period: its three months at 84.0, the 80–85 band.
  const report = await settlementReport(h.db, c.contract.id);
  const band = c.contract.clauses.deduction.bands.find((b) => b.minTenths === 800)!;
  expect(report!.rows[0]).toMatchObject({
    months: ['2026-01', '2026-02', '2026-03'],
    unscored: [],
    scoreDisplay: '84.0',
    deductBp: band.deductBp,
    rawFen: (4_500_000n * BigInt(band.deductBp)) / 10_000n,
  });
});

it("a quarter's months cannot be scored before the quarter's window opens: the refusal names the date", async () => {
  const c = await quarterly();
  at('2027-03-24T10:00:00+08:00');
  const zw = p('张伟');
  const msg = await openScoring(zw);
  // The list offers no month of the quarter yet; the reminder's (or a forged) click is refused.
  const r = await forgeCardCallback(
    h,
    zw,
    msg,
    { a: 'score.form', contract: c.contract.id, month: '2027-01' },
    {},
  );
  expect(text(r)).toContain('2027年第1季度');
  expect(text(r)).toContain('2027-03-25');
  // Not even January, whose own month-end window (a monthly contract's) opened on 2027-01-25.
  const forged = await forgeCardCallback(
    h,
    zw,
    msg,
    {
      a: 'score.confirm',
      contract: c.contract.id,
      month: '2027-01',
      d: {},
      m: 500,
    },
    {},
  );
  expect(text(forged)).toContain('2027-03-25');
  expect(await rowsOf(c.contract.id)).toEqual([]);
  expect(await quartersOf(c.contract.id)).toEqual([]);
  // The clock only moves forward in this file: the next tests run in the quarter's window.
  at('2027-03-26T10:00:00+08:00');
});

it("the quarter's management score is typed once, stands for each month, and the second month below 80 gives the termination right", async () => {
  const c = await quarterly();
  const zw = p('张伟');
  // January: the form asks for the quarter's score; 100 × 60% + 40 × 40% = 76.0, below 80.
  const jan = await scoreMonth(zw, c, '2027-01', { management: '40' });
  expect(text(jan.opened!.card)).toContain('本季度管理考核(每季度评一次,代表本季度每个月)');
  expect(text(jan.done!.card)).toContain('最终得分:**76.0** 分');
  const [q] = await quartersOf(c.contract.id);
  expect(q).toMatchObject({ quarter: '2027-Q1', m: 400, current: true, sup: null });
  expect(await rowsOf(c.contract.id)).toEqual([
    { month: '2027-01', m: 400, f: 760, q: q!.id, current: true },
  ]);
  const audit =
    await h.sql`select action from audit_log where aggregate_type = 'quarter_score' and aggregate_id = ${String(q!.id)}`;
  expect(audit.map((a) => a.action)).toEqual(['quarter_score.recorded']);
  expect(await casesOf(c.contract.id)).toBe(0);

  // February: the quarter's score is shown read-only, not asked again; a typed one is not taken.
  const msg = await openScoring(zw);
  const feb = await h.sb.click(zw, msg, { a: 'score.form', contract: c.contract.id, month: '2027-02' });
  expect(text(feb.card)).toContain('已录入 **40.0** 分');
  expect(text(feb.card)).not.toContain('"name":"management"');
  const preview = await h.sb.click(zw, msg, '预览得分', {});
  expect(text(preview.card)).toContain('最终得分:**76.0** 分');
  const done = await h.sb.click(zw, msg, '确认提交');
  expect(done.toast).toMatchObject({ type: 'success' });
  expect(await rowsOf(c.contract.id)).toEqual([
    { month: '2027-01', m: 400, f: 760, q: q!.id, current: true },
    { month: '2027-02', m: 400, f: 760, q: q!.id, current: true },
  ]);
  expect(await quartersOf(c.contract.id)).toHaveLength(1);
  // Two consecutive months below 80: the right arises when February's row is written.
  expect(await casesOf(c.contract.id)).toBe(1);
  await h.sb.waitFor(() =>
    botCards(h.sb.inbox(p('王建国'))).find((m) => titleOf(m) === `清退决策 · ${c.vendor.name}`),
  );

  // A forged confirm for March with another management score is refused and writes nothing.
  const forged = await forgeCardCallback(
    h,
    zw,
    msg,
    {
      a: 'score.confirm',
      contract: c.contract.id,
      month: '2027-03',
      d: {},
      m: 990,
    },
    {},
  );
  expect(text(forged)).toContain('已录入为 40.0 分');
  expect(await rowsOf(c.contract.id)).toHaveLength(2);
});

it('a correction of the quarter score supersedes it and corrects each month of the quarter already scored', async () => {
  const c = await quarterly();
  const zw = p('张伟');
  await scoreMonth(zw, c, '2027-01', { management: '70' });
  await scoreMonth(zw, c, '2027-02', {});
  const [old] = await quartersOf(c.contract.id);
  const [jan] =
    await h.sql`select id::int from monthly_scores where contract_id = ${c.contract.id} and month = '2027-01'`;
  const msg = await openScoring(zw);
  const form = await h.sb.click(zw, msg, { a: 'score.correct', contract: c.contract.id, month: '2027-01' });
  expect(text(form.card)).toContain('修改此分将更正本季度管理考核');
  expect(text(form.card)).toContain('"default_value":"70"');
  const noReason = await h.sb.click(zw, msg, '预览得分', { management: '90' });
  expect(text(noReason.toast)).toContain('更正原因');
  await h.sb.click(zw, msg, '预览得分', { management: '90', reason: '季度考核复核后调整' });
  const done = await h.sb.click(zw, msg, '确认提交');
  expect(done.toast).toMatchObject({ type: 'success' });
  expect(text(done.toast)).toContain('2027-02 已同步更正');
  const qs = await quartersOf(c.contract.id);
  expect(qs).toEqual([
    { id: old!.id, quarter: '2027-Q1', m: 700, current: false, sup: null, reason: null },
    { id: qs[1]!.id, quarter: '2027-Q1', m: 900, current: true, sup: old!.id, reason: '季度考核复核后调整' },
  ]);
  // 100 × 60% + 90 × 40% = 96.0 for both months; the old rows are kept, no longer current.
  expect(await rowsOf(c.contract.id)).toEqual([
    { month: '2027-01', m: 700, f: 880, q: old!.id, current: false },
    { month: '2027-01', m: 900, f: 960, q: qs[1]!.id, current: true },
    { month: '2027-02', m: 700, f: 880, q: old!.id, current: false },
    { month: '2027-02', m: 900, f: 960, q: qs[1]!.id, current: true },
  ]);
  const actions = await h.sql`select action, data->>'month' as month from audit_log
    where (aggregate_type = 'quarter_score' and aggregate_id in (${String(old!.id)}, ${String(qs[1]!.id)}))
       or (aggregate_type = 'monthly_score' and data->>'contractId' = ${String(c.contract.id)} and action <> 'score.recorded')
    order by id`;
  expect(actions.map((a) => `${a.action} ${a.month}`)).toEqual([
    'quarter_score.recorded 2027-01',
    'quarter_score.superseded 2027-01',
    'quarter_score.corrected 2027-01',
    'score.superseded 2027-01',
    'score.corrected 2027-01',
    'score.superseded 2027-02',
    'score.corrected 2027-02',
  ]);
  expect(jan).toBeDefined();
});
