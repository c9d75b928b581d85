import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { monthLabel } from '../../src/cards/threshold-messages';
import { monthlyScores } from '../../src/db/schema';
import { shanghaiDate } from '../../src/domain/calendar';
import { contractNumber } from '../../src/domain/contract-format';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { evaluateAfterScore } from '../../src/features/thresholds/after-score';
import { OutboxWriter } from '../../src/outbox/write';
import { botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

// The app's clock is the real one: terms are chosen around today's month in Asia/Shanghai.
const THIS_MONTH = monthOfDate(shanghaiDate(new Date()));
const month = (n: number) => addMonths(THIS_MONTH, n);
const lastDay = (n: number) => {
  const [y, m] = month(n).split('-').map(Number);
  return `${month(n)}-${new Date(Date.UTC(y!, m!, 0)).getUTCDate()}`;
};

let h: Harness;
let p: (name: string) => string;
let zw: number;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  const [row] = await h.sql`select id from people where open_id = ${p('张伟')}`;
  zw = Number(row!.id);
});
afterAll(() => h.stop());

const text = (x: unknown) => JSON.stringify(x);
const one = async (q: ReturnType<typeof sql>) => (await h.db.execute<{ n: number }>(q))[0]!.n;
const snapshot = async () => ({
  cases: await one(sql`select count(*)::int as n from termination_cases`),
  caseRows: text(await h.sql`select * from termination_cases order by id`),
  audit: await one(sql`select count(*)::int as n from audit_log`),
  outbox: await one(sql`select count(*)::int as n from outbox`),
});

const CONSECUTIVE = '考核预警:再有1个月低于标准将产生清退权';

type Made = Awaited<ReturnType<typeof createContract>>;
async function contract(assessors?: string[]): Promise<Made & { no: string }> {
  const made = await createContract(h, { startsOn: `${month(-10)}-01`, endsOn: lastDay(12), assessors });
  return { ...made, no: contractNumber(made.contract) };
}

/** A final score (or its correction) written as the score card does, then the engine's run in the same transaction. */
async function score(c: Made, m: string, tenths: number | null) {
  const { r, ids } = await h.db.transaction(async (tx) => {
    if (tenths !== null) {
      const where = and(
        eq(monthlyScores.contractId, c.contract.id),
        eq(monthlyScores.month, m),
        eq(monthlyScores.current, true),
      );
      const [cur] = await tx.select().from(monthlyScores).where(where);
      if (cur) await tx.update(monthlyScores).set({ current: false }).where(eq(monthlyScores.id, cur.id));
      await tx.insert(monthlyScores).values({
        contractId: c.contract.id,
        month: m,
        deductions: [],
        dailyTenths: tenths,
        managementTenths: tenths,
        finalTenths: tenths,
        enteredBy: zw,
        supersedesId: cur?.id ?? null,
        correctionReason: cur ? '考核表誊写错误' : null,
      });
    }
    const out = new OutboxWriter(tx);
    return { r: await evaluateAfterScore(tx, c.contract.id, { now: new Date(), outbox: out }), ids: out.ids };
  });
  await h.app.enqueueOutbox(ids);
  return r;
}
const rerun = (c: Made) => score(c, '', null);

/** Outbox rows of cards whose title starts with `title` and whose subtitle or title names the contract. */
const cardsSent = (to: string, title: string, c: Made) =>
  one(sql`select count(*)::int as n from outbox where receive_id = ${p(to)} and kind = 'send'
    and content->'header'->'title'->>'content' like ${`${title}%`}
    and (content->'header'->'subtitle'->>'content' like ${`%${c.vendor.name}`}
      or content->'header'->'title'->>'content' = ${`${title} · ${c.vendor.name}`})`);
const decisionCard = (c: Made) =>
  h.sb.waitFor(
    () => botCards(h.sb.inbox(p('王建国'))).find((m) => titleOf(m) === `清退决策 · ${c.vendor.name}`),
    20_000,
  );
const caseOf = async (c: Made) =>
  (await h.sql`select * from termination_cases where contract_id = ${c.contract.id} order by id`).map(
    (r) => ({
      id: Number(r.id),
      status: r.status as string,
      months: r.months as string[],
    }),
  );

/** Says 菜单, opens 月度考核 and enters a month with the given management score (no daily deductions). */
async function enterThroughCards(contractId: number, m: string, management: string) {
  const who = p('张伟');
  const before = botCards(h.sb.inbox(who)).length;
  await h.sb.say(who, '菜单');
  const menu = await h.sb.waitFor(() => {
    // The newest menu: other cards (a warning) may arrive meanwhile.
    const cards = botCards(h.sb.inbox(who)).slice(before);
    return cards.filter((m) => text(m.content).includes('"score.list"')).at(-1);
  });
  await h.sb.click(who, menu, '月度考核');
  await h.sb.click(who, menu, { a: 'score.form', contract: contractId, month: m });
  await h.sb.click(who, menu, '预览得分', { management });
  const done = await h.sb.click(who, menu, '确认提交');
  expect(done.toast).toMatchObject({ type: 'success' });
}

// First in the file: the list card of 月度考核 shows the assessor's first contracts.
it('scores entered through the score card warn, then put the decision to the leader', async () => {
  const c = await contract();
  // No daily deductions: 100 × 60% + 40 × 40% = 76.0.
  await enterThroughCards(c.contract.id, month(-3), '40');
  await h.sb.waitFor(
    () =>
      botCards(h.sb.inbox(p('王建国'))).find(
        (m) => titleOf(m)?.startsWith('考核预警') && text(m.content).includes(c.no),
      ),
    20_000,
  );
  await enterThroughCards(c.contract.id, month(-2), '40');
  const card = await decisionCard(c);
  expect(text(card.content)).toContain(`${monthLabel(month(-3))} 76.0分、${monthLabel(month(-2))} 76.0分`);
  expect(await cardsSent('王建国', '清退决策', c)).toBe(1);
  expect(await cardsSent('王建国', CONSECUTIVE, c)).toBe(1);
}, 60_000);

it('a month below 80 warns the leader and each assessor once; a second one in a row puts the decision to the leader once', async () => {
  const c = await contract(['张伟', '黄海燕']);
  const [m1, m2] = [month(-9), month(-8)];
  // Below 85 with every other month of the year unscored also needs more than the vendor ever scored.
  expect((await score(c, m1, 780)).warningsSent).toEqual([`below:${m1}`, `average:${m1.slice(0, 4)}`]);
  for (const who of ['王建国', '张伟', '黄海燕']) {
    expect(await cardsSent(who, CONSECUTIVE, c)).toBe(1);
    expect(await cardsSent(who, `考核预警:${m1.slice(0, 4)}年度月均难以达到85分`, c)).toBe(1);
  }
  const warned = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(p('黄海燕'))).find(
      (m) => titleOf(m) === CONSECUTIVE && text(m.content).includes(c.no),
    ),
  );
  expect(text(warned.content)).toContain(
    `${c.vendor.name} ${monthLabel(m1)}考核得分78.0分,低于80分。如下月(${monthLabel(m2)})仍低于80分,将产生清退权`,
  );
  const before = await snapshot();
  expect(await rerun(c)).toEqual({ warningsSent: [] });
  expect(await snapshot()).toEqual(before);

  const r = await score(c, m2, 799);
  expect(r.opened).toBeGreaterThan(0);
  const card = await decisionCard(c);
  const shown = text(card.content);
  expect(shown).toContain('连续2个月考核得分低于80分');
  expect(shown).toContain(`${monthLabel(m1)} 78.0分、${monthLabel(m2)} 79.9分`);
  expect(shown).toContain('启动清退');
  expect(shown).toContain('继续履约');
  const after = await snapshot();
  expect(await rerun(c)).toEqual({ warningsSent: [] });
  expect(await snapshot()).toEqual(after);
  expect(await cardsSent('王建国', '清退决策', c)).toBe(1);
  expect(await cardsSent('张伟', '清退决策', c)).toBe(0);
  expect(
    await one(sql`select count(*)::int as n from audit_log where action = 'termination.opened'
    and data->>'contractId' = ${String(c.contract.id)}`),
  ).toBe(1);
  // The way on (issue 25, point 6): the warning's 查看合同 opens the contract for its assessor; a
  // forged click by someone of another unit is refused.
  const opened = await h.sb.click(p('黄海燕'), warned.messageId, '查看合同');
  expect(JSON.stringify(opened.toast ?? {})).not.toContain('"error"');
  expect(text(opened.card)).toContain(`合同 ${c.no}`);
  const forged = await forgeCardCallback(
    h,
    p('陈志强'),
    warned.messageId,
    { a: 'contract.show', contract: c.contract.id },
    {},
  );
  expect(forged.toast?.type).toBe('error');
}, 60_000);

it('75 in January, nothing for February, 78 in March is no right; February arriving at 70 gives it then', async () => {
  const c = await contract();
  const [m1, m2, m3] = [month(-9), month(-8), month(-7)];
  await score(c, m1, 750);
  const r3 = await score(c, m3, 780);
  expect(r3.warningsSent.sort()).toEqual([`below:${m3}`, 'cumulative:2']);
  expect(await caseOf(c)).toEqual([]);
  const cumulative = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(p('张伟'))).find(
      (m) => titleOf(m) === '考核预警:累计第2次低于80分' && text(m.content).includes(c.no),
    ),
  );
  expect(text(cumulative.content)).toContain('如再有1个月低于80分,将产生清退权');
  const r2 = await score(c, m2, 700);
  expect(r2.opened).toBeGreaterThan(0);
  expect(await caseOf(c)).toEqual([{ id: r2.opened, status: 'pending', months: [m1, m2, m3] }]);
  // 80.0 is not below: a month at exactly 80.0 warns nobody.
  const d = await contract();
  expect((await score(d, m1, 800)).warningsSent).toEqual([`average:${m1.slice(0, 4)}`]);
}, 60_000);

it('a correction lifting a month to 80.0 withdraws the pending decision: the card changes and cannot be decided', async () => {
  const c = await contract();
  const [m1, m2] = [month(-6), month(-5)];
  await score(c, m1, 760);
  const { opened } = await score(c, m2, 770);
  const card = await decisionCard(c);
  const r = await score(c, m2, 800);
  expect(r.withdrawn).toBe(opened);
  await h.sb.waitFor(
    () => text(h.sb.message(card.messageId)!.content).includes('清退权已因评分更正而消除,无需决定'),
    20_000,
  );
  expect(text(h.sb.message(card.messageId)!.content)).not.toContain('termination.keep');
  const before = await snapshot();
  const forged = await forgeCardCallback(
    h,
    p('王建国'),
    card.messageId,
    { a: 'termination.keep', case: opened },
    { reason: '供应商已整改到位' },
  );
  expect(forged.toast).toMatchObject({ type: 'error', content: '清退权已因评分更正而消除,无需决定' });
  expect(await snapshot()).toEqual(before);
  // Lowered again: the right is back and the question is asked again.
  const again = await score(c, m2, 700);
  expect(again.opened).toBeGreaterThan(opened!);
  expect((await caseOf(c)).map((x) => x.status)).toEqual(['withdrawn', 'pending']);
}, 60_000);

it('继续履约 needs the leader and a reason, is decided once, and a later failing month asks again', async () => {
  const c = await contract();
  const [m1, m2, m3, m4] = [month(-9), month(-8), month(-7), month(-6)];
  await score(c, m1, 700);
  const { opened } = await score(c, m2, 700);
  const card = await decisionCard(c);
  const keep = { a: 'termination.keep', case: opened };
  const before = await snapshot();
  const short = await forgeCardCallback(h, p('王建国'), card.messageId, keep, { reason: '保留' + ' ' });
  expect(short.toast).toMatchObject({ type: 'error', content: '请填写继续履约的理由(至少4个字)' });
  const other = await forgeCardCallback(h, p('张伟'), card.messageId, keep, { reason: '供应商已整改到位' });
  expect(other.toast).toMatchObject({
    type: 'error',
    content: '只有该合同的分管班子成员(王建国)可以作出清退决定',
  });
  expect(await snapshot()).toEqual(before);

  const kept = await h.sb.click(p('王建国'), card, '继续履约', { reason: '供应商已更换项目经理并整改到位' });
  expect(kept.toast).toMatchObject({ type: 'success', content: '已记录:继续履约' });
  expect(text(kept.card)).toContain('决定继续履约。理由:供应商已更换项目经理并整改到位');
  await h.sb.waitFor(() =>
    h.sb
      .inbox(p('张伟'))
      .find(
        (m) =>
          text(m.content).includes(`${c.vendor.name}(合同 ${c.no})`) &&
          text(m.content).includes('决定继续履约'),
      ),
  );
  const done = await snapshot();
  await h.sb.redeliver(kept.delivery.eventId);
  const twice = await forgeCardCallback(
    h,
    p('王建国'),
    card.messageId,
    { a: 'termination.start', case: opened },
    { ends_on: lastDay(1) },
  );
  expect(twice.toast?.content).toMatch(
    /^该清退决策已由王建国于 \d{4}-\d{2}-\d{2} 作出\(继续履约\),不能重复决定$/,
  );
  expect(await snapshot()).toEqual(done);

  expect(await score(c, m3, 850)).toEqual({ warningsSent: [] });
  const asked = await score(c, m4, 700);
  expect(asked.opened).toBeGreaterThan(opened!);
  expect((await caseOf(c)).at(-1)).toMatchObject({ status: 'pending', months: [m1, m2, m4] });
}, 60_000);
