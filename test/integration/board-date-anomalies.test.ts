/**
 * 日期异常 (issue 22, point 2): the 纪检监察看板's section lists each 补签 contract with its reason
 * (or 未填写原因) and whether its term had ended when it was recorded, each assessor's late scores
 * (逾期补录, a month counted once however often it is corrected), and each paid period with a month
 * that had no score when it was paid; each line opens its rows; a unit-scoped officer sees only their
 * units; the contract's settlement audit lists the same as risks; the weekly digest counts them.
 *
 * Dates are relative to the pinned test date, so the file holds on every date CI tries. The rows of
 * the other helpers' features (a signing's reason, a score's late flag) are written straight in SQL.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { firstWorkingDayOfWeek, isoWeekMonday } from '../../src/domain/board-rules';
import { addCalendarDays, shanghaiDate } from '../../src/domain/business-date';
import { contractNumber } from '../../src/domain/contract-format';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { monthLabel } from '../../src/domain/score-window';
import { sendBoardDigest } from '../../src/features/board/digest';
import { lateScoresByAssessor } from '../../src/features/scoring/late';
import type { MessageView } from '../../src/sandbox';
import { renderCardText } from '../../src/sandbox/card-text';
import { buttonsOf } from '../../src/sandbox/card-walk';
import { askMenu, botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

const TODAY = shanghaiDate(new Date());
const M = monthOfDate(TODAY);
const m = (n: number) => addMonths(M, n);
const day = (n: number) => addCalendarDays(TODAY, n);
/** 10:00 in Shanghai on `date`. */
const at = (date: string) => new Date(`${date}T10:00:00+08:00`);
const iso = (date: string) => at(date).toISOString();
const lastDay = (month: string) => addCalendarDays(`${addMonths(month, 1)}-01`, -1);
const UNIT_OFFICER = { openId: 'ou_date_anomaly_unit_discipline', name: '钱明' };

let h: Harness;
let ids: Record<string, number>;
/** The contracts: `ended` recorded after its term ended, `running` during it, `other` in another unit. */
let c: Record<'ended' | 'running' | 'other', { id: number; signedOn: string; vendor: string }>;
let settlementId: number;

beforeAll(async () => {
  h = await startHarness();
  const personId = async (name: string) =>
    Number((await h.sql`select id from people where open_id = ${h.person(name)}`)[0]!.id);
  ids = { zhang: await personId('张伟'), liu: await personId('刘芳') };
  const make = async (o: {
    unitCode: string;
    startsOn: string;
    endsOn: string;
    signedOn: string;
    reason: string | null;
    assessor: string;
    leader: string;
  }) => {
    const r = await createContract(h, {
      unitCode: o.unitCode,
      startsOn: o.startsOn,
      endsOn: o.endsOn,
      assessors: [o.assessor],
      leader: o.leader,
    });
    await h.sql`update contracts set signed_on = ${o.signedOn}, late_signing_reason = ${o.reason} where id = ${r.contract.id}`;
    return { id: r.contract.id, signedOn: o.signedOn, vendor: r.vendor.name };
  };
  c = {
    // Term m(-5) to m(-3), recorded three days ago: after the term had ended, with a reason.
    ended: await make({
      unitCode: 'asset',
      startsOn: `${m(-5)}-01`,
      endsOn: lastDay(m(-3)),
      signedOn: day(-3),
      reason: '原合同遗失,补录',
      assessor: '张伟',
      leader: '王建国',
    }),
    // Recorded on the 15th of the month its term started: during the term, no reason (an old row).
    running: await make({
      unitCode: 'asset',
      startsOn: `${m(-2)}-01`,
      endsOn: lastDay(m(6)),
      signedOn: `${m(-2)}-15`,
      reason: null,
      assessor: '张伟',
      leader: '王建国',
    }),
    // Another unit's 补签, the one a unit-scoped officer of that unit sees.
    other: await make({
      unitCode: 'enforcement',
      startsOn: `${m(-2)}-01`,
      endsOn: lastDay(m(6)),
      signedOn: `${m(-2)}-03`,
      reason: '项目紧急,先行进场',
      assessor: '刘芳',
      leader: '陈志强',
    }),
  };
  await h.sql`update contracts set payment_schedule = ${JSON.stringify([
    { label: '全期', dueOn: lastDay(m(-3)), amountFen: '18000000' },
  ])}::jsonb where id = ${c.ended.id}`;
  const score = async (contractId: number, month: string, by: number, enteredOn: string, late: boolean) => {
    const [row] = await h.sql`insert into monthly_scores
      (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by, entered_at, due_on, late)
      values (${contractId}, ${month}, '[]', 950, 950, 950, ${by}, ${iso(enteredOn)}, ${`${addMonths(month, 1)}-08`}, ${late})
      returning id`;
    return Number(row!.id);
  };
  // 张伟: m(-5) two days ago, late; m(-4) today (after the payment), late; the running contract's
  // m(-2) today, late. m(-5) is then corrected (the correction keeps the flag): still 3, not 4.
  const first = await score(c.ended.id, m(-5), ids.zhang!, day(-2), true);
  await score(c.ended.id, m(-4), ids.zhang!, TODAY, true);
  await score(c.running.id, m(-2), ids.zhang!, TODAY, true);
  await h.sql`update monthly_scores set current = false where id = ${first}`;
  await h.sql`insert into monthly_scores
    (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by, entered_at,
     supersedes_id, correction_reason, current, due_on, late)
    values (${c.ended.id}, ${m(-5)}, '[]', 940, 940, 940, ${ids.zhang!}, ${iso(TODAY)}, ${first}, '更正', true,
      ${`${m(-4)}-08`}, true)`;
  // 刘芳 scored on time: no line for her.
  await score(c.other.id, m(-2), ids.liu!, `${m(-1)}-05`, false);
  // The whole term paid yesterday: m(-5) was scored then, m(-4) only today, m(-3) never.
  const [st] =
    await h.sql`insert into settlements (contract_id, period_label, period_year, amount_fen, months,
      deduct_bp, raw_deduction_fen, deduction_fen, payable_fen, created_at)
    values (${c.ended.id}, '全期', ${Number(m(-3).slice(0, 4))}, 18000000, ${JSON.stringify([m(-5), m(-4), m(-3)])}::jsonb,
      0, 0, 0, 18000000, ${iso(day(-1))}) returning id`;
  settlementId = Number(st!.id);
  // A discipline officer of 综合行政执法局 only.
  const [officer] = await h.sql`insert into people (open_id, name, unit_id)
    values (${UNIT_OFFICER.openId}, ${UNIT_OFFICER.name}, (select id from units where code = 'enforcement')) returning id`;
  await h.sql`insert into role_grants (person_id, role, unit_id, granted_by)
    values (${officer!.id}, 'discipline', (select id from units where code = 'enforcement'), 'test')`;
  h.sb.addUser({ openId: UNIT_OFFICER.openId, name: UNIT_OFFICER.name });
}, 90_000);
afterAll(() => h.stop());

type Detail = { a: 'board.detail'; key: string; id: number };
const DATE_KEYS = ['late_signing', 'late_score', 'unscored_paid'];
const dateLines = (m: MessageView) =>
  buttonsOf(m.content)
    .map((b) => b.value as Detail)
    .filter((v) => v?.a === 'board.detail' && DATE_KEYS.includes(v.key))
    .map((v) => `${v.key}:${v.id}`)
    .sort();
const shown = (card: unknown) => renderCardText(card as object).text;

async function openBoard(openId: string): Promise<MessageView> {
  const before = new Set(h.sb.inbox(openId).map((x) => x.messageId));
  await h.sb.say(openId, '看板');
  return h.sb.waitFor(() =>
    botCards(h.sb.inbox(openId)).find((x) => !before.has(x.messageId) && titleOf(x) === '纪检监察看板'),
  );
}
const no = (k: keyof typeof c) => contractNumber(c[k]);

it('the zone-wide board lists exactly the date anomalies: each 补签, the assessor, the paid period', async () => {
  const board = await openBoard(h.person('郑毅'));
  expect(dateLines(board)).toEqual(
    [
      `late_signing:${c.ended.id}`,
      `late_signing:${c.running.id}`,
      `late_signing:${c.other.id}`,
      `late_score:${ids.zhang}`,
      `unscored_paid:${settlementId}`,
    ].sort(),
  );
  const text = shown(board.content);
  expect(text).toContain('日期异常(5)');
  expect(text).toContain(
    `资产经营公司 合同 ${no('ended')}(${c.ended.vendor}):服务期 ${m(-5)}-01 至 ${lastDay(m(-3))},` +
      `${day(-3)} 才登记,登记时服务期已结束;原因:原合同遗失,补录`,
  );
  expect(text).toContain(
    `资产经营公司 合同 ${no('running')}(${c.running.vendor}):服务期 ${m(-2)}-01 至 ${lastDay(m(6))},` +
      `${m(-2)}-15 才登记;原因:未填写原因`,
  );
  expect(text).toContain('张伟 逾期补录 3 次(近 12 个月)');
  expect(text).not.toContain('刘芳 逾期补录');
  expect(text).toContain(
    `资产经营公司 合同 ${no('ended')}(${c.ended.vendor})「全期」${day(-1)} 确认结算,` +
      `${monthLabel(m(-4))}、${monthLabel(m(-3))} 当时尚无评分`,
  );
});

it('each line opens its rows', async () => {
  const zheng = h.person('郑毅');
  const board = await openBoard(zheng);
  const open = async (key: string, id: number) => {
    const detail = shown((await h.sb.click(zheng, board, { a: 'board.detail', key, id })).card);
    await h.sb.click(zheng, board, '返回看板');
    return detail;
  };
  const signing = await open('late_signing', c.ended.id);
  for (const row of [
    `合同编号:${no('ended')}`,
    '单位:资产经营公司',
    `服务期:${m(-5)}-01 至 ${lastDay(m(-3))}`,
    `登记日期:${day(-3)}`,
    '登记人:张伟',
    '补签原因:原合同遗失,补录',
    '登记时服务期:已结束',
  ])
    expect(signing).toContain(row);
  expect(await open('late_signing', c.running.id)).toContain('登记时服务期:未结束');
  const late = await open('late_score', ids.zhang!);
  const lateRow = (k: keyof typeof c, month: string, entered: string) =>
    `合同 ${no(k)} ${monthLabel(month)}:应于 ${addMonths(month, 1)}-08 前评分,${entered} 录入`;
  expect(late).toContain(lateRow('ended', m(-5), day(-2)));
  expect(late).toContain(lateRow('ended', m(-4), TODAY));
  expect(late).toContain(lateRow('running', m(-2), TODAY));
  expect(late.match(/录入/g)).toHaveLength(3);
  const paid = await open('unscored_paid', settlementId);
  expect(paid).toContain(`${monthLabel(m(-4))}:确认结算时尚无评分,${TODAY} 才录入`);
  expect(paid).toContain(`${monthLabel(m(-3))}:至今无评分`);
  expect(paid).not.toContain(`${monthLabel(m(-5))}:`);
});

it("the board's count per assessor is the score list's own (features/scoring/late.ts), per scope", async () => {
  const zone = await lateScoresByAssessor(h.db, { units: null });
  expect(zone.map((a) => [a.assessorId, a.count])).toEqual([[ids.zhang, 3]]);
  const enforcement = Number((await h.sql`select id from units where code = 'enforcement'`)[0]!.id);
  expect(await lateScoresByAssessor(h.db, { units: [enforcement] })).toEqual([]);
});

it("a unit-scoped officer of another unit sees only their unit's 补签, and cannot open the others", async () => {
  const board = await openBoard(UNIT_OFFICER.openId);
  expect(dateLines(board)).toEqual([`late_signing:${c.other.id}`]);
  const text = shown(board.content);
  expect(text).toContain('原因:项目紧急,先行进场');
  expect(text).not.toContain(no('ended'));
  expect(text).not.toContain('逾期补录 3 次');
  for (const [key, id] of [
    ['late_signing', c.ended.id],
    ['late_score', ids.zhang!],
    ['unscored_paid', settlementId],
  ] as const) {
    const r = await forgeCardCallback(
      h,
      UNIT_OFFICER.openId,
      board.messageId,
      { a: 'board.detail', key, id },
      {},
    );
    expect(r.toast, `${key}:${id}`).toMatchObject({ type: 'error' });
    expect(JSON.stringify(r)).not.toContain(no('ended'));
  }
});

/** Menu → 结算审核 → 查看结算 → 结算审计, as a person would; the audit card's text. */
async function openAudit(openId: string, contractId: number) {
  const menu = await askMenu(h.sb, openId);
  await h.sb.click(openId, menu, '结算审核');
  await h.sb.click(openId, menu, { a: 'settlement.show', contract: contractId });
  return shown((await h.sb.click(openId, menu, '结算审计')).card);
}

it("the contract's settlement audit lists the 补签, its late scores and the paid months without a score", async () => {
  const text = await openAudit(h.person('郑毅'), c.ended.id);
  expect(text).not.toContain('未发现风险');
  expect(text).toContain('补签:服务期开始后才登记合同');
  expect(text).toContain(
    `服务期 ${m(-5)}-01 至 ${lastDay(m(-3))},${day(-3)} 由 张伟 登记,登记时服务期已结束`,
  );
  expect(text).toContain('补签原因:原合同遗失,补录');
  expect(text).toContain('逾期补录的考核评分(2个月)');
  expect(text).toContain(`${m(-5)}:应于 ${m(-4)}-08 前评分,${day(-2)} 由 张伟 录入`);
  expect(text).toContain(`${m(-4)}:应于 ${m(-3)}-08 前评分,${TODAY} 由 张伟 录入`);
  expect(text).toContain('已付款但无考核评分的月份');
  expect(text).toContain(`全期:${m(-4)}(确认结算时尚无评分,${TODAY} 才录入)`);
  expect(text).toContain(`全期:${m(-3)}(至今无评分)`);
  // A 补签 without a reason says so in its audit too; the other unit's officer reads its own.
  const running = await openAudit(h.person('郑毅'), c.running.id);
  expect(running).toContain('补签原因:未填写原因');
  expect(running).not.toContain('登记时服务期已结束');
  expect(running).not.toContain('未发现风险');
});

it('the weekly digest counts the date anomalies as the board lists them, per reader', async () => {
  const week = isoWeekMonday(TODAY);
  const first = firstWorkingDayOfWeek(TODAY)!;
  // The scheduled run may already have sent this week's digest (before the rows above): send it anew.
  await h.db.execute(sql`delete from board_digests where week = ${week}`);
  const relay = { enqueueOutbox: (outbox: string[]) => h.app.enqueueOutbox(outbox) };
  const before = (openId: string) => new Set(h.sb.inbox(openId).map((x) => x.messageId));
  const seen = { zheng: before(h.person('郑毅')), unit: before(UNIT_OFFICER.openId) };
  expect(await sendBoardDigest(h.db, at(first), relay)).toMatchObject({ week });
  const digest = (openId: string, old: Set<string>) =>
    h.sb.waitFor(() =>
      botCards(h.sb.inbox(openId)).find((x) => !old.has(x.messageId) && titleOf(x) === '纪检监察看板周报'),
    );
  expect(shown((await digest(h.person('郑毅'), seen.zheng)).content)).toContain(
    '日期异常:补签 3 · 逾期补录 3 · 无评分已付 1',
  );
  expect(shown((await digest(UNIT_OFFICER.openId, seen.unit)).content)).toContain(
    '日期异常:补签 1 · 逾期补录 0 · 无评分已付 0',
  );
});
