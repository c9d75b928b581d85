/**
 * The checker's own score of sampled assessments (rule 12) through the cards: the tolerance boundary
 * is exact, a gap above it is flagged once to the unit leadership and discipline inspection (the
 * assessor told), and under policy v3's funding rule the checker's score stands for the month in the
 * settlement and in the threshold engine (rules 8 to 10).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yearScoresOn } from '../../src/db/sql/bans';
import { shanghaiDate } from '../../src/domain/calendar';
import { addMonths, monthOfDate, yearOf } from '../../src/domain/months';
import { renderCardText } from '../../src/sandbox/card-text';
import { askMenu, botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { exportAs, nextFile } from '../helpers/export';
import { type Harness, startHarness } from '../helpers/harness';

const THIS_MONTH = monthOfDate(shanghaiDate(new Date()));
const month = (n: number) => addMonths(THIS_MONTH, n);
const lastDay = (n: number) => {
  const [y, m] = month(n).split('-').map(Number);
  return `${month(n)}-${new Date(Date.UTC(y!, m!, 0)).getUTCDate()}`;
};

let h: Harness;
let p: (name: string) => string;
let contractId: number;
let checkId: number;
let msg: string;
const scoreOf = new Map<string, number>();

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  const { contract } = await createContract(h, {
    category: 'security',
    startsOn: `${month(-6)}-01`,
    endsOn: lastDay(5),
  });
  contractId = contract.id;
  const schedule = [
    { label: '第一期', dueOn: lastDay(-1), amountFen: '6000000' },
    { label: '第二期', dueOn: lastDay(5), amountFen: '6000000' },
  ];
  await h.sql`update contracts set payment_schedule = ${JSON.stringify(schedule)}::jsonb where id = ${contractId}`;
  const [by] = await h.sql`select id from people where open_id = ${p('张伟')}`;
  // One month below 80 (75.0) before the sampled months; the assessor's 85.0, 85.0 and 85.1 after it.
  const scores: [number, number][] = [
    [-6, 950],
    [-5, 950],
    [-4, 750],
    [-3, 850],
    [-2, 850],
    [-1, 851],
  ];
  const entered = new Date(Date.now() - 86_400_000).toISOString();
  for (const [n, t] of scores) {
    const [row] = await h.sql`insert into monthly_scores
      (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by, entered_at)
      values (${contractId}, ${month(n)}, '[]', ${t}, ${t}, ${t}, ${by!.id}, ${entered}) returning id`;
    scoreOf.set(month(n), Number(row!.id));
  }
  // 郑毅 (discipline, zone-wide) samples every security assessment of the last three months.
  const zy = p('郑毅');
  const menu = await askMenu(h.sb, zy);
  msg = menu.messageId;
  await h.sb.click(zy, msg, '抽查');
  const unit = await h.sql`select id from units where code = 'asset'`;
  await h.sb.click(zy, msg, '确认范围', {
    units: [String(unit[0]!.id)],
    categories: ['security'],
    from_month: month(-3),
    to_month: month(-1),
    size: '5',
  });
  const drawn = await h.sb.click(zy, msg, '抽取');
  expect(drawn.toast).toMatchObject({ content: '已从 3 条考核记录中抽取 3 条' });
  checkId = Number((await h.sql`select max(id) as id from spot_checks`)[0]!.id);
});
afterAll(() => h.stop());

const text = (x: unknown) => JSON.stringify(x);
const titles = (who: string) => botCards(h.sb.inbox(p(who))).map(titleOf);
const sampleRow = async (m: string) =>
  (await h.sql`select * from spot_check_samples where spot_check_id = ${checkId} and month = ${m}`)[0]!;
const counts = async () =>
  (
    await h.sql`select (select count(*)::int from audit_log) as audit, (select count(*)::int from outbox) as outbox,
      (select count(*)::int from spot_check_samples where checked_at is not null) as checked`
  )[0]!;

/** From the sample list: 录入抽查评分 on the month's sample, then 提交抽查评分 with what is typed. */
async function scoreSample(m: string, form: Record<string, string>) {
  const zy = p('郑毅');
  const list = await h.sb.click(zy, msg, { a: 'spotcheck.show', check: checkId });
  expect(text(list.card)).toContain('录入抽查评分');
  // Blind: a sample not yet scored by the checker does not show the assessor's score.
  expect(text(list.card)).toContain('待录入抽查评分(录入后显示考核人评分)');
  const opened = await h.sb.click(zy, msg, { a: 'spotcheck.form', check: checkId, score: scoreOf.get(m)! });
  // The checker scores blind: the assessor's score is not on the form.
  expect(text(opened.card)).not.toContain('85.');
  return h.sb.click(zy, msg, '提交抽查评分', form);
}

const CHECKER_80 = { management: '50', notes: '现场核查岗位记录', evidence: '照片3张' }; // 100×60% + 50×40% = 80.0
const CHECKER_60 = { management: '0', notes: '管理考核材料缺失', evidence: '台账复印件' }; // 60.0

describe('the tolerance boundary (policy: 5.0 points)', () => {
  it('a gap exactly equal to the tolerance is recorded and not flagged', async () => {
    const done = await scoreSample(month(-2), CHECKER_80);
    expect(done.toast).toMatchObject({ type: 'success', content: '抽查评分已录入' });
    expect(text(done.card)).toContain('最终得分:考核人 85.0 / 抽查 80.0');
    expect(text(done.card)).toContain('差距 5.0 分,容差 5.0 分:未超出容差');
    const s = await sampleRow(month(-2));
    expect(s).toMatchObject({
      checker_final_tenths: 800,
      gap_tenths: 50,
      exceeds_tolerance: false,
      flagged_at: null,
    });
    await new Promise((r) => setTimeout(r, 300));
    for (const who of ['王建国', '李秀英', '郑毅'])
      expect(titles(who)).not.toContain(`抽查差距超出容差 · ${month(-2)}`);
    const audit = await h.sql`select action from audit_log where aggregate_type = 'spot_check'
      and aggregate_id = ${String(checkId)} order by seq`;
    expect(audit.map((a) => a.action)).toEqual([
      'spot_check.created',
      'spot_check.drawn',
      'spot_check.scored',
    ]);
  });

  it('a gap 0.1 above it is flagged once to the leadership and discipline, with both scores item by item', async () => {
    const m = month(-1);
    const done = await scoreSample(m, CHECKER_80);
    expect(done.toast).toMatchObject({ content: '抽查评分已录入:差距超出容差,已通报单位领导班子和纪检监察' });
    const s = await sampleRow(m);
    expect(s).toMatchObject({ gap_tenths: 51, exceeds_tolerance: true });
    expect(s.flagged_at).not.toBeNull();
    const title = `抽查差距超出容差 · ${m}`;
    for (const who of ['王建国', '李秀英'])
      await h.sb.waitFor(() => titles(who).includes(title) || undefined);
    // One card per event per person: the checker (discipline, so among those told) has the
    // comparison on the card he submitted from, and no second card.
    expect(text(done.card)).toContain('差距 5.1 分,容差 5.0 分:超出容差');
    expect(titles('郑毅')).not.toContain(title);
    const flag = botCards(h.sb.inbox(p('王建国'))).find((c) => titleOf(c) === title)!;
    expect(text(flag.content)).toContain('考核人扣 0 / 抽查扣 0');
    expect(text(flag.content)).toContain('管理考核得分:考核人 85.1 / 抽查 50.0');
    expect(text(flag.content)).toContain('**最终得分:考核人 85.1 / 抽查 80.0**');
    expect(text(flag.content)).toContain('差距 5.1 分,容差 5.0 分:超出容差');
    // The assessor is told; a unit's leadership elsewhere is not.
    await h.sb.waitFor(() => titles('张伟').includes(`您的考核成绩被抽查 · ${m}`) || undefined);
    expect(titles('陈志强')).not.toContain(title);

    // A double click (a second submit) changes nothing and flags nothing again.
    const before = await counts();
    const again = await forgeCardCallback(
      h,
      p('郑毅'),
      msg,
      { a: 'spotcheck.score', check: checkId, score: scoreOf.get(m)! },
      {
        management: '10',
      },
    );
    expect(again.toast).toMatchObject({ type: 'error', content: '该样本已录入抽查评分,不能重复录入' });
    expect(await counts()).toEqual(before);
    await new Promise((r) => setTimeout(r, 300));
    expect(titles('王建国').filter((t) => t === title)).toHaveLength(1);
    const flagged = await h.sql`select count(*)::int as n from audit_log where action = 'spot_check.flagged'`;
    expect(flagged[0]!.n).toBe(1);
    expect(titles('郑毅')).not.toContain(title);

    // The way on: 查看合同 opens the contract for a reader of its unit (the click answers with it).
    const opened = await h.sb.click(p('王建国'), flag.messageId, '查看合同');
    expect(JSON.stringify(opened.toast ?? {})).not.toContain('"error"');
    expect(text(opened.card)).toContain(`"content":"合同 HT-`);
    // A reader of another unit clicking it (a forged callback) is refused.
    const forged = await forgeCardCallback(
      h,
      p('陈志强'),
      flag.messageId,
      { a: 'contract.show', contract: contractId },
      {},
    );
    expect(forged.toast?.type).toBe('error');
    expect(text(forged)).not.toContain('"content":"合同 HT-');
    // The assessor's notice has it too.
    const notice = botCards(h.sb.inbox(p('张伟'))).find((c) => titleOf(c) === `您的考核成绩被抽查 · ${m}`)!;
    const fromNotice = await h.sb.click(p('张伟'), notice.messageId, '查看合同');
    expect(text(fromNotice.card)).toContain(`"content":"合同 HT-`);
  });
});

describe('the funding rule: the checker score stands for the month', () => {
  it('in the threshold engine: 75.0 then a checker 60.0 is two consecutive months below 80', async () => {
    const m = month(-3);
    const before =
      await h.sql`select count(*)::int as n from termination_cases where contract_id = ${contractId}`;
    expect(before[0]!.n).toBe(0);
    await scoreSample(m, CHECKER_60);
    const cases = await h.sql`select months, status from termination_cases where contract_id = ${contractId}`;
    expect(cases).toEqual([{ months: [month(-4), m], status: 'pending' }]);
    const notices = await h.sql`select key from threshold_notices where contract_id = ${contractId}`;
    expect(notices.length).toBeGreaterThan(0);
    // Rule 10 reads the same scores, each in its own year (early in a year the months span two).
    const yearOfMonth = async (mm: string) =>
      (await yearScoresOn(h.sql, [contractId], yearOf(mm))).get(contractId);
    expect(await yearOfMonth(m)).toContainEqual({ month: m, finalTenths: 600 });
    expect(await yearOfMonth(month(-1))).toContainEqual({ month: month(-1), finalTenths: 800 });
    expect(await yearOfMonth(month(-2))).toContainEqual({ month: month(-2), finalTenths: 850 }); // gap = tolerance
  });

  it('in the settlement card: the period is banded by the checker scores', async () => {
    const sl = p('孙丽');
    const menu = await askMenu(h.sb, sl);
    const shown = await h.sb.click(sl, menu, { a: 'settlement.list' });
    expect(shown.toast).toBeUndefined();
    const card = await h.sb.click(sl, menu, { a: 'settlement.show', contract: contractId });
    // (95.0 + 95.0 + 75.0 + 60.0 + 85.0 + 80.0) / 6 = 81.66…, shown rounded down; the assessor's
    // own scores would average 86.68….
    expect(text(card.card)).toContain('81.6');
    expect(text(card.card)).not.toContain('86.6');
  });

  it('the sample list keeps both scores visible', async () => {
    const list = await h.sb.click(p('郑毅'), msg, { a: 'spotcheck.show', check: checkId });
    expect(text(list.card)).toContain('考核人 85.0 / 抽查 60.0(以抽查为准)');
    expect(text(list.card)).toContain('考核人 85.0 / 抽查 80.0');
    expect(text(list.card)).toContain('考核人 85.1 / 抽查 80.0(以抽查为准)');
  });

  it("the assessor's list and the contract card show both scores of a month the checker's stands for", async () => {
    // Issue 22, point 4: the contract card said 60.0 (the checker's) and the list 85.0, unexplained.
    const zw = p('张伟');
    const list = await h.sb.click(zw, (await askMenu(h.sb, zw)).messageId, '月度考核');
    const shown = renderCardText(list.card as object).text;
    expect(shown).toContain(`${month(-3)} · 85.0分（以抽查 60.0分为准） · 更正`);
    expect(shown).toContain(`${month(-1)} · 85.1分（以抽查 80.0分为准） · 更正`);
    expect(shown).toContain(`${month(-2)} · 85.0分 · 更正`); // gap = tolerance: the assessor's counts
    expect(shown).toContain('该月按抽查评分计');
    // The correction form of such a month shows both scores and which one counts (issue 22, point 4).
    const listMsg = (await askMenu(h.sb, zw)).messageId;
    await h.sb.click(zw, listMsg, '月度考核');
    const form = await h.sb.click(zw, listMsg, {
      a: 'score.correct',
      contract: contractId,
      month: month(-3),
    });
    const onForm = renderCardText(form.card as object).text;
    expect(onForm).toContain('当前成绩:考核人评分 85.0 分,抽查评分 60.0 分,两者差距超出容差');
    expect(onForm).toContain('该月按抽查评分 60.0 分计');
    expect(onForm).toContain('更正只改考核人评分,该月仍按抽查评分计');
    await h.sb.click(zw, listMsg, '返回月度考核');
    const plain = await h.sb.click(zw, listMsg, {
      a: 'score.correct',
      contract: contractId,
      month: month(-2),
    });
    const onPlain = renderCardText(plain.card as object).text;
    expect(onPlain).toContain('当前成绩:最终得分 85.0 分');
    expect(onPlain).not.toContain('抽查评分');
    const zy = p('郑毅');
    const menuId = (await askMenu(h.sb, zy)).messageId;
    await h.sb.click(zy, menuId, '合同管理');
    const card = await h.sb.click(zy, menuId, { a: 'contract.show', contract: contractId });
    const onCard = renderCardText(card.card as object).text;
    expect(onCard).toContain(`${month(-3)} 抽查 60.0分（考核人 85.0分）`);
    expect(onCard).toContain(`${month(-1)} 抽查 80.0分（考核人 85.1分）`);
    expect(onCard).not.toContain(`${month(-2)} 抽查`);
  });

  it("the 考核台账 export: 最终得分 is the assessor's, and the checker's that stands is beside it", async () => {
    const before = h.sb.filesReceived(p('郑毅')).length;
    await exportAs(h, '郑毅', { k: 'scores', contract: contractId });
    const [sheet] = (await nextFile(h, '郑毅', before)).sheets;
    const head = sheet!.rows[0]!;
    const col = (name: string) => head.indexOf(name);
    const byMonth = new Map(sheet!.rows.slice(1).map((r) => [r[col('月份')], r]));
    const both = (m: string) => [
      byMonth.get(m)![col('最终得分')],
      byMonth.get(m)![col('抽查评分\uff08该月以此为准\uff09')] ?? null,
    ];
    expect(both(month(-3))).toEqual([85, 60]);
    expect(both(month(-1))).toEqual([85.1, 80]);
    expect(both(month(-2))).toEqual([85, null]); // gap = tolerance: the assessor's counts
  });
});
