/**
 * Bringing last year in (history import): vendors, running contracts, past monthly scores with both
 * lines and the periods already paid feed the bans, the termination right and the settlement as if
 * typed month by month, without a warning or decision card for a month long past; each import sends
 * one summary per unit leadership member. The app runs on its own clock set to 2026-12-07.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rawSql } from '../../src/db/client';
import { actorByOpenId } from '../../src/db/sql/actor';
import { currentScoresOn } from '../../src/db/sql/contracts';
import type { Actor } from '../../src/domain/actor';
import { typedOf, validateEntry } from '../../src/domain/score-entry';
import { settlementRows } from '../../src/domain/settlement-rows';
import { HISTORY_KINDS } from '../../src/features/history/kinds';
import { runHistoryImport } from '../../src/features/history/run';
import type { ImportKind, ImportRow } from '../../src/features/import-kind/kind';
import { replay } from '../../src/features/replay';
import { sweepScoreReminders } from '../../src/features/scoring/reminders';
import { settlementReport } from '../../src/features/settlement/report';
import { evaluateAfterScore } from '../../src/features/thresholds/after-score';
import { OutboxWriter } from '../../src/outbox/write';
import { botCards, titleOf } from '../helpers/cards';
import { makeUscc } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

/** The import day: a Monday in December, November still in its scoring window, 2025 over. */
const TODAY = '2026-12-07T10:00:00+08:00';
let h: Harness;
let admin: Actor;
const kind = (key: string) => HISTORY_KINDS.find((k) => k.key === key)! as ImportKind<unknown>;

/** A sheet as the framework hands it: the template's header row first, then the rows (Excel numbers). */
function sheet(key: string, rows: string[][]): ImportRow[] {
  const header = kind(key).template.columns.map((c) => c.header);
  return [header, ...rows].map((cells, i) => ({ row: i + 1, cells }));
}
const run = (key: string, rows: string[][]) =>
  runHistoryImport(h.db, kind(key), sheet(key, rows), { actor: admin, now: h.now() });

const USCC = { a: makeUscc(9101), b: makeUscc(9102), c: makeUscc(9103), d: makeUscc(9104) };
const VENDOR_C = '昆山市绿源园林养护有限公司';
const VENDOR_D = '昆山市恒通设备维护有限公司';

const count = async (q: string) => Number((await h.sql.unsafe(q))[0]!.n);
const summaries = (name: string) =>
  count(
    `select count(*)::int as n from outbox where receive_id = '${h.person(name)}' and content->>'text' like '【历史数据导入】%'`,
  );
const warningCards = (name: string) =>
  count(
    `select count(*)::int as n from outbox where receive_id = '${h.person(name)}'
     and (content->'header'->'title'->>'content' like '考核预警%' or content->'header'->'title'->>'content' like '清退决策%')`,
  );

beforeAll(async () => {
  h = await startHarness({ now: TODAY });
  admin = (await actorByOpenId(h.db, h.person('马骏')))!;
  const vendors = await run('history_vendors', [
    ['昆山市洁美物业管理有限公司', USCC.a, '周经理', '0512-57671234', '', '', '', ''],
    ['昆山市安saf保安服务有限公司'.replace('saf', ''), USCC.b, '钱经理', '', '', '', '', ''],
    [VENDOR_C, USCC.c, '吴经理', '', '', '', '', ''],
    [VENDOR_D, USCC.d, '冯经理', '', '', '', '', ''],
  ]);
  expect(vendors.ok).toBe(true);
  const quarters = (y: number, each: string) =>
    ['03-31', '06-30', '09-30', '12-31'].map((d, i) => `第${'一二三四'[i]}季度,${y}-${d},${each}`).join(';');
  const contract = (uscc: string, cat: string, ref: string, y: number, cap = '') => [
    'asset',
    cat,
    uscc,
    '480000',
    `${y}-01-01`,
    `${y}-12-31`,
    `${y - 1}-12-25`,
    `${y - 1}-12-20`,
    '公开招标',
    '苏州市公共资源交易平台',
    ref,
    '王建国',
    '张伟',
    quarters(y, '120000'),
    '按合同约定提供服务',
    '',
    '',
    '',
    cap,
  ];
  const contracts = await run('history_contracts', [
    contract(USCC.a, '保洁', 'HIST-2024-A', 2025),
    contract(USCC.b, '保安', 'HIST-2024-B', 2025),
    // A cap of 16,000.00 yuan a year: the fourth quarter's deduction depends on the three paid before it.
    contract(USCC.c, '绿化养护', 'HIST-2025-C', 2026, '16000'),
    contract(USCC.d, '设备运行维护', 'HIST-2025-D', 2026),
  ]);
  expect(contracts.ok && contracts.outcome.counts.contracts).toBe(4);
}, 120_000);
afterAll(() => h.stop());

/** Last year's 11 months (January to November 2025) of the two 2025 contracts, and 2026 to October of the third. */
const SCORES = [
  ...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'].map((m) => [
    'HIST-2024-A',
    `2025-${m}`,
    '85',
    '85',
    '',
  ]),
  // 10 × 85.0 + 83.9 = 933.9 over 11 months: exactly 84.9.
  ['HIST-2024-A', '2025-11', '83.9', '83.9', '83.9'],
  ...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11'].map((m) => [
    'HIST-2024-B',
    `2025-${m}`,
    '85',
    '85',
    '',
  ]),
  // Two months below 80, not adjacent (March and July): two of the three the cumulative rule needs.
  ...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10'].map((m) => {
    const low = m === '03' ? '75' : m === '07' ? '76' : '88';
    return ['HIST-2025-C', `2026-${m}`, low, low, ''];
  }),
  // September and October below 80: the imported months alone already make the right (2 in a row).
  ['HIST-2025-D', '2026-09', '70', '70', ''],
  ['HIST-2025-D', '2026-10', '72', '72', ''],
];

it('the scoring sweep on the import day chases no month long past of the imported contracts', async () => {
  const ids: string[] = [];
  const counts = await sweepScoreReminders(h.db, h.now(), {
    async enqueueOutbox(x: string[]) {
      ids.push(...x);
    },
  });
  // November 2026 of the two running contracts is in its window: chased as usual, never escalated.
  expect(counts.escalate).toBe(0);
  const months =
    await h.sql`select distinct month from score_reminders where kind <> 'escalate' order by month`;
  expect(months.map((m) => m.month)).toEqual(['2026-11']);
  const [text] = await h.sql`select content->>'text' as t from outbox
    where receive_id = ${h.person('王建国')} and content->>'text' like '【历史数据导入】%导入了本单位的历史合同%'`;
  expect(text!.t).toContain('2026-01 至 2026-10 已过催办期限');
});

it('a bad row imports nothing and names the row', async () => {
  const before = await count('select count(*)::int as n from monthly_scores');
  const r = await run('history_scores', [
    ...SCORES.slice(0, 5),
    ['HIST-2025-C', '2027-01', '90', '90', ''], // row 7: outside the term, and not yet over
    ['HIST-2025-C', '2026-12', '90', '90', ''], // row 8: December is not over on 2026-12-07
    ['HIST-2024-A', '2025-12', '85', '85', '86'], // row 9: a final score the weights do not give
    ['HIST-2025-C', '2026-11', '90', '90', ''], // row 10: November is still in its window (its assessor types it)
  ]);
  expect(r.ok).toBe(false);
  expect(r.plan.errors.map((e) => e.row)).toEqual([7, 8, 9, 10]);
  expect(r.plan.errors[3]!.message).toContain('仍在考核期内');
  expect(r.plan.errors[0]!.message).toContain('不在合同');
  expect(r.plan.errors[1]!.message).toContain('尚未结束');
  expect(r.plan.errors[2]!.message).toContain('不一致');
  expect(await count('select count(*)::int as n from monthly_scores')).toBe(before);
  expect(
    await count(
      `select count(*)::int as n from audit_log where action = 'import.history' and data->>'kind' = 'history_scores'`,
    ),
  ).toBe(0);
});

it('imported months judge last year: 84.9 over 11 months bans the vendor next year, 85.0 does not; no card, one summary', async () => {
  const r = await run('history_scores', SCORES);
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  expect(r.outcome.counts).toMatchObject({ scores: 34, contracts: 4, bans: 1, kept: 1 });
  const bans = await h.sql`
    select v.uscc, b.year, b.category, b.lifted_at from vendor_bans b join vendors v on v.id = b.vendor_id`;
  expect(bans.map((b) => [b.uscc, b.year, b.category])).toEqual([[USCC.a, 2026, 'cleaning']]);
  // An imported daily line reads as rubric deductions: a correction through 月度考核 starts from it.
  const [march] = await h.sql`select s.deductions, s.daily_tenths, s.management_tenths, c.rubric, c.clauses
    from monthly_scores s join contracts c on c.id = s.contract_id join procurements p on p.id = c.procurement_id
    where p.reference_no = 'HIST-2025-C' and s.month = '2026-03'`;
  const again = validateEntry(
    march!.rubric,
    march!.clauses,
    typedOf({ deductions: march!.deductions, managementTenths: march!.management_tenths }),
    false,
  );
  expect(again.ok && [again.entry.dailyTenths, again.entry.finalTenths]).toEqual([750, 750]);
  // The contract with two months below 80 gets no termination question and no warning on import;
  // the one whose imported months already make the right has it recorded as kept, not put to the leader.
  const cases = await h.sql`select p.reference_no as ref, t.status, t.rule, t.months from termination_cases t
    join contracts c on c.id = t.contract_id join procurements p on p.id = c.procurement_id`;
  expect(cases.map((x) => [x.ref, x.status, x.rule, x.months])).toEqual([
    ['HIST-2025-D', 'kept', 'consecutive', ['2026-09', '2026-10']],
  ]);
  expect(await warningCards('王建国')).toBe(0);
  expect(await warningCards('张伟')).toBe(0);
  // The warnings those months give count as said (covered by the summary), so none goes out later.
  const keys = await h.sql`select key from threshold_notices order by key`;
  expect(keys.map((k) => k.key)).toEqual(
    expect.arrayContaining(['below:2026-03', 'below:2026-07', 'cumulative:2']),
  );
  // The next score typed runs the engine: nothing of the imported months is announced then either.
  const [c] =
    await h.sql`select c.id::int as id from contracts c join procurements p on p.id = c.procurement_id
    where p.reference_no = 'HIST-2025-C'`;
  const next = await h.db.transaction((tx) =>
    evaluateAfterScore(tx, c!.id, { now: h.now(), outbox: new OutboxWriter(tx) }),
  );
  expect(next).toEqual({ warningsSent: [] });
  // One summary per leadership member of the unit, not one per month.
  expect(await summaries('王建国')).toBe(2); // the contracts' import and the scores'
  expect(await summaries('李秀英')).toBe(2);
  const [text] = await h.sql`select content->>'text' as t from outbox
    where receive_id = ${h.person('王建国')} and content->>'text' like '【历史数据导入】%导入了本单位的历史月度考核%'`;
  expect(text!.t).toContain('84.9');
  expect(text!.t).toContain('2026-03、2026-07');
  expect(text!.t).toContain('已满足清退条件');
  const audit =
    await h.sql`select data from audit_log where action = 'import.history' and data->>'kind' = 'history_scores'`;
  expect(audit).toHaveLength(1);
  expect(audit[0]!.data).toMatchObject({ history: true, counts: { scores: 34, bans: 1 } });
});

it('re-importing the same file changes nothing and sends nothing', async () => {
  const state = async () => ({
    scores: await count('select count(*)::int as n from monthly_scores'),
    bans: await count('select count(*)::int as n from vendor_bans'),
    notices: await count('select count(*)::int as n from threshold_notices'),
    contracts: await count('select count(*)::int as n from contracts'),
    vendors: await count('select count(*)::int as n from vendors'),
    outbox: await count('select count(*)::int as n from outbox'),
  });
  const before = await state();
  const r = await run('history_scores', SCORES);
  expect(r.ok && r.plan.unchanged).toBe(34);
  expect(r.plan.adds).toEqual([]);
  const again = await run('history_contracts', []);
  expect(again.ok).toBe(true);
  expect(await state()).toEqual(before);
});

it("an admin of one unit cannot bring in another unit's history", async () => {
  const [zm] = await h.sql`select id from people where open_id = ${h.person('赵敏')}`;
  const [san] = await h.sql`select id from units where code = 'sanitation'`;
  await h.sql`insert into role_grants (person_id, role, unit_id, granted_by) values (${zm!.id}, 'admin', ${san!.id}, 'test')`;
  const unitAdmin = (await actorByOpenId(h.db, h.person('赵敏')))!;
  const r = await runHistoryImport(
    h.db,
    kind('history_scores'),
    sheet('history_scores', [['HIST-2025-C', '2026-10', '88', '88', '']]),
    { actor: unitAdmin, now: h.now() },
  );
  expect(r.ok).toBe(false);
  expect(r.plan.errors).toEqual([{ row: 2, message: '您没有「资产经营公司」的导入权限,不能导入其数据' }]);
});

it('the same file imported twice at once is imported once', async () => {
  const uscc = makeUscc(9105);
  const rows = [
    ['昆山市永安保安服务有限公司', uscc, '郑经理', '', 'asset', '保安', '2026', '2025年度考核平均分83.0分'],
  ];
  const before = await summaries('王建国');
  const [a, b] = await Promise.all([run('history_vendors', rows), run('history_vendors', rows)]);
  expect([a.ok, b.ok]).toEqual([true, true]);
  expect([a.plan.adds.length, b.plan.adds.length].sort()).toEqual([0, 2]);
  const bans =
    await h.sql`select b.year from vendor_bans b join vendors v on v.id = b.vendor_id where v.uscc = ${uscc}`;
  expect(bans.map((x) => x.year)).toEqual([2026]);
  expect(await summaries('王建国')).toBe(before + 1);
});

it('the settlement continues from the imported paid periods to the fen', async () => {
  const bad = await run('history_payments', [
    ['HIST-2025-C', '第一季度', '2026-04-10', ''],
    ['HIST-2025-C', '第三季度', '2026-10-10', ''], // row 3: the second quarter is not paid before it
    ['HIST-2025-C', '第四季度', '2027-01-10', ''], // row 4: after today
  ]);
  expect(bad.plan.errors.map((e) => e.row)).toEqual([3, 4]);
  expect(await count('select count(*)::int as n from settlements')).toBe(0);

  const r = await run('history_payments', [
    ['HIST-2025-C', '第一季度', '2026-04-10', '114000'],
    ['HIST-2025-C', '第二季度', '2026-07-10', ''],
    ['HIST-2025-C', '第三季度', '2026-10-10', ''],
  ]);
  expect(r.ok).toBe(true);
  const [c] =
    await h.sql`select c.id::int as id from contracts c join procurements p on p.id = c.procurement_id
    where p.reference_no = 'HIST-2025-C'`;
  const report = (await settlementReport(h.db, c!.id))!;
  // The same months typed one by one and nothing confirmed: what each period would come to.
  const k = report.contract;
  const expected = settlementRows({
    schedule: k.schedule,
    startsOn: k.startsOn,
    endsOn: k.endsOn,
    bands: k.clauses.deduction.bands,
    annualCapFen: BigInt(k.clauses.deduction.annualCapFen),
    scores: await currentScoresOn(rawSql(h.db), c!.id),
    confirmed: [],
  });
  const money = (x: { deductionFen: bigint; payableFen: bigint; capRoomFen: bigint }) => [
    x.deductionFen,
    x.payableFen,
    x.capRoomFen,
  ];
  expect(report.rows.map(money)).toEqual(expected.map(money));
  // 6,000.00 + 2,400.00 + 6,000.00 paid: the fourth quarter (2%) is held to what the cap leaves, 1,600.00.
  expect(report.rows.map((x) => x.deductionFen)).toEqual([600_000n, 240_000n, 600_000n, 160_000n]);
  expect(report.rows.map((x) => !!x.confirmed)).toEqual([true, true, true, false]);
});

/** Says 菜单, opens 月度考核 and enters a month with the given management score (no daily deductions). */
async function enterThroughCards(contractId: number, m: string, management: string) {
  const who = h.person('张伟');
  const before = botCards(h.sb.inbox(who)).length;
  await h.sb.say(who, '菜单');
  const menu = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(who))
      .slice(before)
      .filter((x) => JSON.stringify(x.content).includes('"score.list"'))
      .at(-1),
  );
  await h.sb.click(who, menu, '月度考核');
  await h.sb.click(who, menu, { a: 'score.form', contract: contractId, month: m });
  await h.sb.click(who, menu, '预览得分', { management });
  const done = await h.sb.click(who, menu, '确认提交');
  expect(done.toast).toMatchObject({ type: 'success' });
}

it('the next month below 80 typed through the score card gives the termination right (the third cumulative)', async () => {
  const [c] =
    await h.sql`select c.id::int as id from contracts c join procurements p on p.id = c.procurement_id
    where p.reference_no = 'HIST-2025-C'`;
  // No daily deductions: 100 × 60% + 40 × 40% = 76.0.
  await enterThroughCards(c!.id, '2026-11', '40');
  const card = await h.sb.waitFor(
    () => botCards(h.sb.inbox(h.person('王建国'))).find((m) => titleOf(m) === `清退决策 · ${VENDOR_C}`),
    20_000,
  );
  expect(JSON.stringify(card.content)).toContain('76.0');
  const cases = await h.sql`select rule, months, status from termination_cases where contract_id = ${c!.id}`;
  expect(cases.map((x) => [x.rule, x.months, x.status])).toEqual([
    ['cumulative', ['2026-03', '2026-07', '2026-11'], 'pending'],
  ]);
}, 60_000);

it('a contract whose imported months already made the right is asked on its next month below 80, not before', async () => {
  const [c] =
    await h.sql`select c.id::int as id from contracts c join procurements p on p.id = c.procurement_id
    where p.reference_no = 'HIST-2025-D'`;
  expect(await h.sb.inbox(h.person('王建国')).filter((m) => titleOf(m) === `清退决策 · ${VENDOR_D}`)).toEqual(
    [],
  );
  await enterThroughCards(c!.id, '2026-11', '40');
  await h.sb.waitFor(
    () => botCards(h.sb.inbox(h.person('王建国'))).find((m) => titleOf(m) === `清退决策 · ${VENDOR_D}`),
    20_000,
  );
  const cases =
    await h.sql`select status, months from termination_cases where contract_id = ${c!.id} order by id`;
  expect(cases.map((x) => [x.status, x.months])).toEqual([
    ['kept', ['2026-09', '2026-10']],
    ['pending', ['2026-09', '2026-10', '2026-11']],
  ]);
}, 60_000);

it('the replay recomputes the imported history and what followed, and agrees', async () => {
  const r = await replay(h.db, { units: null, now: h.now() });
  expect(r.findings).toEqual([]);
});
