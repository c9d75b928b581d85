import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../src/domain/calendar';
import { shortDate } from '../../src/domain/date-order';
import { lateLabel } from '../../src/domain/late-score';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { dueDate } from '../../src/domain/score-window';
import { botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

// The app's clock is the real one: terms are chosen around today's month in Asia/Shanghai.
const TODAY = shanghaiDate(new Date());
const THIS_MONTH = monthOfDate(TODAY);
const month = (n: number) => addMonths(THIS_MONTH, n);
const firstDay = (n: number) => `${month(n)}-01`;
const lastDay = (n: number) => {
  const [y, m] = month(n).split('-').map(Number);
  return `${month(n)}-${new Date(Date.UTC(y!, m!, 0)).getUTCDate()}`;
};

let h: Harness;
let p: (name: string) => string;
let contractId: number;
let scoring: { dueWorkingDay: number };
/** month(-2) is always past its due date (in month(-1)): entered today it is 逾期补录. */
const lateOf = (m: string) => lateLabel(dueDate(m, scoring), Number(m.slice(0, 4)));
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  const { contract } = await createContract(h, { startsOn: firstDay(-6), endsOn: lastDay(12) });
  contractId = contract.id;
  scoring = contract.clauses.scoring;
});
afterAll(() => h.stop());

const text = (x: unknown) => JSON.stringify(x);
/** The callback value of the button whose action is `a`, found anywhere in a card. */
function buttonValue(node: unknown, a: string): Record<string, unknown> | undefined {
  if (Array.isArray(node)) return node.map((n) => buttonValue(n, a)).find(Boolean);
  if (!node || typeof node !== 'object') return undefined;
  const v = (node as { value?: { a?: string } }).value;
  if ((node as { type?: string }).type === 'callback' && v?.a === a) return v as Record<string, unknown>;
  return Object.values(node)
    .map((n) => buttonValue(n, a))
    .find(Boolean);
}
const one = async (q: ReturnType<typeof sql>) => (await h.db.execute<{ n: number }>(q))[0]!.n;
async function snapshot() {
  return {
    scores: await one(sql`select count(*)::int as n from monthly_scores`),
    audit: await one(sql`select count(*)::int as n from audit_log`),
    outbox: await one(sql`select count(*)::int as n from outbox`),
  };
}

/** Says 菜单 and clicks 月度考核 on the menu card that comes back: the list, as a person opens it. */
async function openScoring(who: string) {
  const before = botCards(h.sb.inbox(who)).length;
  await h.sb.say(who, '菜单');
  const menu = await h.sb.waitFor(() => {
    const cards = botCards(h.sb.inbox(who));
    return cards.length > before ? cards.at(-1) : undefined;
  });
  const list = await h.sb.click(who, menu, '月度考核');
  expect(titleOf({ content: list.card } as never)).toBe('月度考核');
  return menu.messageId;
}

/** Opens the entry form of a month from the list card and previews what is typed. */
async function previewFor(who: string, id: number, m: string, form: Record<string, string>) {
  const msg = await openScoring(who);
  // Taken once the list is open: the menu the bot sent in reply to 菜单 is in the outbox already.
  const before = await snapshot();
  const opened = await h.sb.click(who, msg, { a: 'score.form', contract: id, month: m });
  expect(opened.toast).toBeUndefined();
  const preview = await h.sb.click(who, msg, '预览得分', form);
  return { msg, preview, before };
}

const GOOD = {
  d_area_cleanliness: '2',
  n_area_cleanliness: '3号楼大厅地面有污渍',
  d_staffing: '1.5',
  n_staffing: '11月12日早班缺岗1人',
  management: '80',
};

it('an assessor opens 月度考核 from the menu, picks a month, previews the final score and band, and confirms', async () => {
  const zw = p('张伟');
  const m = month(-2);
  const { msg, preview, before } = await previewFor(zw, contractId, m, GOOD);
  expect(preview.toast).toBeUndefined();
  const shown = text(preview.card);
  // daily 100 − 2 − 1.5 = 96.5; final 96.5 × 60% + 80 × 40% = 57.9 + 32 = 89.9
  expect(shown).toContain('日常考核得分:**96.5**');
  expect(shown).toContain('管理考核得分:**80.0**');
  expect(shown).toContain('最终得分:**89.9** 分');
  expect(shown).toContain('85–90分:扣减2%');
  expect(await snapshot()).toEqual(before); // a preview writes nothing

  const done = await h.sb.click(zw, msg, '确认提交');
  expect(done.toast).toMatchObject({ type: 'success', content: `${m} 考核成绩已录入,记为${lateOf(m)}` });
  expect(text(done.card)).toContain('最终得分:**89.9** 分');
  const rows = await h.sql`select * from monthly_scores where contract_id = ${contractId} and month = ${m}`;
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    daily_tenths: 965,
    management_tenths: 800,
    final_tenths: 899,
    current: true,
  });
  expect(rows[0]!.deductions).toEqual([
    { item: 'area_cleanliness', tenths: 20, note: '3号楼大厅地面有污渍' },
    { item: 'staffing', tenths: 15, note: '11月12日早班缺岗1人' },
  ]);
  const audit =
    await h.sql`select action, actor from audit_log where aggregate_type = 'monthly_score' and aggregate_id = ${String(rows[0]!.id)}`;
  expect(audit).toEqual([{ action: 'score.recorded', actor: zw }]);

  // The month is now listed as scored, with 更正; it is no longer offered for entry.
  const list = await h.sb.click(zw, msg, '返回月度考核');
  expect(text(list.card)).toContain(`${m} · 89.9分 · ${lateOf(m)} · 更正`);
  expect(text(list.card)).not.toContain(`${m} 录入`);
});

it('返回修改 brings the previewed values back into the form', async () => {
  const zw = p('张伟');
  const { msg } = await previewFor(zw, contractId, month(-3), GOOD);
  const back = await h.sb.click(zw, msg, '返回修改');
  expect(text(back.card)).toContain('3号楼大厅地面有污渍');
  expect(text(back.card)).toContain('"default_value":"1.5"');
});

it('a correction needs a reason, keeps the old row and shows old and new values', async () => {
  const zw = p('张伟');
  const m = month(-2);
  const [old] =
    await h.sql`select id from monthly_scores where contract_id = ${contractId} and month = ${m} and current`;
  const msg = await openScoring(zw);
  const form = await h.sb.click(zw, msg, { a: 'score.correct', contract: contractId, month: m });
  expect(text(form.card)).toContain('更正原因');
  expect(text(form.card)).toContain('3号楼大厅地面有污渍'); // prefilled with the current values

  const before = await snapshot();
  const noReason = await h.sb.click(zw, msg, '预览得分', { management: '90' });
  expect(noReason.toast).toMatchObject({ type: 'error', content: '更正已录入的成绩须填写更正原因' });
  expect(await snapshot()).toEqual(before);

  const preview = await h.sb.click(zw, msg, '预览得分', { management: '90', reason: '管理考核表誊写错误' });
  expect(text(preview.card)).toContain('原最终得分:89.9 分 → 更正为 93.9 分');
  // A forged confirm without the reason is refused too.
  const value = buttonValue(preview.card, 'score.confirm')!;
  expect(value).toMatchObject({ reason: '管理考核表誊写错误', supersedes: Number(old!.id) });
  const forged = await forgeCardCallback(h, zw, msg, { ...value, reason: undefined }, {});
  expect(forged.toast).toMatchObject({ type: 'error', content: '更正已录入的成绩须填写更正原因' });
  expect(await snapshot()).toEqual(before);

  const done = await h.sb.click(zw, msg, '确认提交');
  expect(done.toast).toMatchObject({
    type: 'success',
    content: `${m} 考核成绩已更正;该月首次录入为${lateOf(m)}`,
  });
  expect(text(done.card)).toContain('最终得分:89.9 → **93.9**');
  expect(text(done.card)).toContain('管理考核表誊写错误');
  const rows =
    await h.sql`select id, current, final_tenths, supersedes_id, correction_reason from monthly_scores where contract_id = ${contractId} and month = ${m} order by id`;
  expect(rows).toHaveLength(2);
  expect(rows[0]).toMatchObject({ id: old!.id, current: false, final_tenths: 899, supersedes_id: null });
  expect(rows[1]).toMatchObject({
    current: true,
    final_tenths: 939,
    supersedes_id: old!.id,
    correction_reason: '管理考核表誊写错误',
  });
  const audit =
    await h.sql`select aggregate_id, action from audit_log where aggregate_type = 'monthly_score' and aggregate_id in (${String(rows[0]!.id)}, ${String(rows[1]!.id)}) order by id`;
  expect(audit.map((a) => `${a.aggregate_id}:${a.action}`)).toEqual([
    `${rows[0]!.id}:score.recorded`,
    `${rows[0]!.id}:score.superseded`,
    `${rows[1]!.id}:score.corrected`,
  ]);
  // Correcting from the stale preview again (same old row) is refused: it is no longer current.
  const stale = await forgeCardCallback(h, zw, msg, value, {});
  expect(stale.toast?.content).toContain('已被更正过');
});

describe('refusals through the card: a clear message and nothing written', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['management above 100', { management: '101' }, '管理考核得分须在0到100分之间'],
    ['management with two decimals', { management: '92.55' }, '管理考核得分最多保留一位小数'],
    ['management negative', { management: '-1' }, '管理考核得分不能为负数'],
    ['management not a number', { management: '优秀' }, '管理考核得分须为数字'],
    ['management empty', { management: '' }, '请填写管理考核得分'],
    [
      'a negative deduction',
      { d_staffing: '-1', n_staffing: 'x', management: '90' },
      '「人员在岗与着装」扣分不能为负数',
    ],
    [
      'a deduction with two decimals',
      { d_staffing: '1.25', n_staffing: 'x', management: '90' },
      '「人员在岗与着装」扣分最多保留一位小数',
    ],
    [
      'a deduction above its maximum',
      { d_area_cleanliness: '30.5', n_area_cleanliness: 'x', management: '90' },
      '「公共区域保洁质量」扣分不能超过该项上限 30 分',
    ],
    [
      'a deduction without a note',
      { d_waste: '2', management: '90' },
      '「垃圾清运与分类」扣了 2 分,请填写扣分说明',
    ],
  ];
  it.each(cases)('%s', async (_name, form, message) => {
    const zw = p('张伟');
    const { preview, before } = await previewFor(zw, contractId, month(-4), form);
    expect(preview.toast).toMatchObject({ type: 'error' });
    expect((preview.toast as { content: string }).content).toContain(message);
    expect(text(preview.card)).toContain('请修改后重试'); // the form comes back with what was typed
    for (const v of Object.values(form)) if (v) expect(text(preview.card)).toContain(v);
    expect(await snapshot()).toEqual(before);
  });

  it('a form with several faults is answered with every one of them at once', async () => {
    const zw = p('张伟');
    const form = { d_area_cleanliness: '30.5', n_area_cleanliness: 'x', d_waste: '2', management: '优秀' };
    const { preview, before } = await previewFor(zw, contractId, month(-4), form);
    expect(preview.toast).toMatchObject({ type: 'error' });
    const content = (preview.toast as { content: string }).content;
    for (const message of [
      '「公共区域保洁质量」扣分不能超过该项上限 30 分',
      '「垃圾清运与分类」扣了 2 分,请填写扣分说明',
      '管理考核得分须为数字',
    ])
      expect(content).toContain(message);
    expect(content.split(';')).toHaveLength(3);
    expect(await snapshot()).toEqual(before);
  });

  it('deductions beyond 100 points in all are refused when a rubric allows it', async () => {
    const { contract } = await createContract(h, { startsOn: firstDay(-3), endsOn: lastDay(3) });
    const rubric = [
      { key: 'quality', name: '服务质量', maxDeductTenths: 1000 },
      { key: 'staffing', name: '人员管理', maxDeductTenths: 200 },
    ];
    await h.sql`update contracts set rubric = ${JSON.stringify(rubric)}::jsonb where id = ${contract.id}`;
    const { preview, before } = await previewFor(p('张伟'), contract.id, month(-1), {
      d_quality: '90',
      n_quality: '多处未保洁',
      d_staffing: '20',
      n_staffing: '长期缺岗',
      management: '60',
    });
    expect(preview.toast).toMatchObject({
      type: 'error',
      content: '扣分合计 110 分,超过100分:日常考核得分不能低于0',
    });
    expect(await snapshot()).toEqual(before);
  });

  it('a month outside the term or whose window has not opened (a stale or forged button)', async () => {
    const zw = p('张伟');
    const msg = await openScoring(zw);
    const before = await snapshot();
    const outside = await forgeCardCallback(
      h,
      zw,
      msg,
      { a: 'score.form', contract: contractId, month: month(-7) },
      {},
    );
    expect(outside.toast).toMatchObject({ type: 'error' });
    expect(outside.toast!.content).toContain(
      `${month(-7)} 不在合同履约期内(${firstDay(-6)} 至 ${lastDay(12)})`,
    );
    const early = await forgeCardCallback(
      h,
      zw,
      msg,
      { a: 'score.form', contract: contractId, month: month(1) },
      {},
    );
    // Both dates named: the day of entry and the day the window opens.
    const [on, opens] = shortDate(TODAY, `${month(1)}-25`);
    expect(early.toast!.content).toBe(
      `${month(1)} 的考核窗口尚未开放:录入日期(今天) ${on} 早于考核窗口开放日期 ${opens},届时再录入`,
    );
    const confirmEarly = await forgeCardCallback(
      h,
      zw,
      msg,
      { a: 'score.confirm', contract: contractId, month: month(1), d: {}, m: 900 },
      {},
    );
    expect(confirmEarly.toast!.content).toContain('考核窗口尚未开放');
    const confirmOutside = await forgeCardCallback(
      h,
      zw,
      msg,
      { a: 'score.confirm', contract: contractId, month: month(13), d: {}, m: 900 },
      {},
    );
    expect(confirmOutside.toast!.content).toContain('不在合同履约期内');
    // The list never offers those months.
    const list = text(h.sb.message(msg)!.content);
    expect(list).not.toContain(`"month":"${month(1)}"`);
    expect(list).not.toContain(`"month":"${month(-7)}"`);
    expect(await snapshot()).toEqual(before);
  });

  it('a second entry for a scored month points to 更正 and its reason', async () => {
    const zw = p('张伟');
    const m = month(-5);
    // Two cards opened on the same month; the first one is confirmed.
    const first = await previewFor(zw, contractId, m, { management: '95' });
    const second = await previewFor(zw, contractId, m, { management: '96' });
    expect(text(second.preview.card)).toContain('请确认');
    await h.sb.click(zw, first.msg, '确认提交');
    const before = await snapshot();
    const again = await h.sb.click(zw, second.msg, '确认提交');
    expect(again.toast).toMatchObject({ type: 'error' });
    const msg = (again.toast as { content: string }).content;
    expect(msg).toContain(`${m} 已录入考核成绩(最终得分 98.0 分),不能重复录入`);
    expect(msg).toContain('更正');
    expect(msg).toContain('更正原因');
    const reopen = await forgeCardCallback(
      h,
      zw,
      second.msg,
      { a: 'score.form', contract: contractId, month: m },
      {},
    );
    expect(reopen.toast!.content).toContain('不能重复录入');
    expect(await snapshot()).toEqual(before);
  });

  it('someone who is not an assessor of the contract: on opening and on a forged confirm', async () => {
    const zw = p('张伟');
    const { msg } = await previewFor(zw, contractId, month(-1), GOOD);
    const value = buttonValue(h.sb.message(msg)!.content, 'score.confirm')!;
    expect(value).toMatchObject({ contract: contractId, m: 800 });
    const before = await snapshot();
    // A leader of the unit, and an assessor of another unit (who sees 月度考核 but not this contract).
    for (const who of ['王建国', '刘芳']) {
      const open = await forgeCardCallback(
        h,
        p(who),
        msg,
        { a: 'score.form', contract: contractId, month: month(-1) },
        {},
      );
      expect(open.toast).toMatchObject({
        type: 'error',
        content: '您不是该合同的考核人,不能录入或更正其月度考核成绩',
      });
      const confirm = await forgeCardCallback(h, p(who), msg, value, {});
      expect(confirm.toast).toMatchObject({
        type: 'error',
        content: '您不是该合同的考核人,不能录入或更正其月度考核成绩',
      });
    }
    expect(await snapshot()).toEqual(before);
    const liu = await openScoring(p('刘芳'));
    expect(text(h.sb.message(liu)!.content)).not.toContain(`"contract":${contractId}`);
  });

  it('a forged confirm with values the card would refuse is re-validated', async () => {
    const zw = p('张伟');
    const msg = await openScoring(zw);
    const before = await snapshot();
    const base = { a: 'score.confirm', contract: contractId, month: month(-1) };
    const tries: [object, string][] = [
      [{ ...base, d: { area_cleanliness: [400, '超限'] }, m: 900 }, '扣分不能超过该项上限 30 分'],
      [{ ...base, d: { area_cleanliness: [20, ''] }, m: 900 }, '请填写扣分说明'],
      [{ ...base, d: { bogus: [20, 'x'] }, m: 900 }, '考核细则中没有该扣分项'],
      [{ ...base, d: {}, m: 1001 }, '管理考核得分须在0到100分之间'],
      [{ ...base, d: {}, m: -5 }, '管理考核得分不能为负数'],
      [{ ...base, d: { staffing: [-10, 'x'] }, m: 900 }, '扣分不能为负数'],
    ];
    for (const [value, message] of tries) {
      const r = await forgeCardCallback(h, zw, msg, value, {});
      expect(r.toast?.type).toBe('error');
      expect(r.toast?.content).toContain(message);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a terminated contract takes no score for months after its termination', async () => {
    const { contract } = await createContract(h, { startsOn: firstDay(-6), endsOn: lastDay(12) });
    await h.sql`update contracts set status = 'terminated', ended_on = ${lastDay(-3)} where id = ${contract.id}`;
    const zw = p('张伟');
    const msg = await openScoring(zw);
    const before = await snapshot();
    const r = await forgeCardCallback(
      h,
      zw,
      msg,
      { a: 'score.form', contract: contract.id, month: month(-2) },
      {},
    );
    expect(r.toast!.content).toBe(
      `合同已于 ${lastDay(-3)} 终止,${month(-2)} 不在合同履约期内(${firstDay(-6)} 至 ${lastDay(-3)}),不能录入该月考核`,
    );
    expect(await snapshot()).toEqual(before);
    // The months it was served are still scored.
    const ok = await previewFor(zw, contract.id, month(-3), { management: '88' });
    expect(ok.preview.toast).toBeUndefined();
  });
});

it('a double click on 确认提交 records exactly one score', async () => {
  const zw = p('张伟');
  const m = month(-6);
  const { msg } = await previewFor(zw, contractId, m, GOOD);
  const before = await snapshot();
  const results = await Promise.all([h.sb.click(zw, msg, '确认提交'), h.sb.click(zw, msg, '确认提交')]);
  const ok = results.filter((r) => (r.toast as { type?: string })?.type === 'success');
  expect(ok).toHaveLength(1);
  const other = results.find((r) => r !== ok[0])!;
  expect(text(other.toast)).toMatch(/不能重复录入|已处理/);
  expect(
    await one(
      sql`select count(*)::int as n from monthly_scores where contract_id = ${contractId} and month = ${m}`,
    ),
  ).toBe(1);
  const after = await snapshot();
  expect(after.scores - before.scores).toBe(1);
  expect(after.audit - before.audit).toBe(1);
});
