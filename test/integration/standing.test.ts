/**
 * 合同态势 (issue 13): each running contract counted once, at its worst current standing (禁投 >
 * 可清退 > 预警 > 正常); a unit-scoped reader sees only their unit, a zone-wide reader every unit,
 * a person without a role nothing.
 */

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DENIED } from '../../src/bot/actions/scopes';
import {
  contracts,
  people,
  roleGrants,
  terminationCases,
  thresholdNotices,
  vendorBans,
} from '../../src/db/schema';
import { addCalendarDays, shanghaiDate } from '../../src/domain/business-date';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { askMenu, botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let p: (name: string) => string;
let sanitation: number;
const NO_ROLE = 'ou_standing_norole';
const year = Number(shanghaiDate(new Date()).slice(0, 4));
const thisMonth = monthOfDate(shanghaiDate(new Date()));

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  sanitation = Number((await h.sql`select id from units where code = 'sanitation'`)[0]!.id);
  h.sb.addUser({ openId: NO_ROLE, name: '钱小明' });
  await h.db.insert(people).values({ openId: NO_ROLE, name: '钱小明' });

  const signed = (unitCode: string) =>
    createContract(h, { unitCode, startsOn: `${year}-01-01`, endsOn: `${year}-12-31` }).then(
      (r) => r.contract,
    );
  const notice = (contractId: number, key: string) =>
    h.db.insert(thresholdNotices).values({ contractId, key });
  const pendingCase = (contractId: number) =>
    h.db.insert(terminationCases).values({ contractId, rule: 'consecutive', months: [thisMonth] });
  const ban = (c: { id: number; vendorId: number; unitId: number }, lifted = false) =>
    h.db.insert(vendorBans).values({
      vendorId: c.vendorId,
      unitId: c.unitId,
      category: 'cleaning',
      year,
      reason: '年度平均分低于85分',
      contractId: c.id,
      createdBy: 'test',
      ...(lifted ? { liftedAt: new Date(), liftedReason: '更正后达标' } : {}),
    });

  // 资产经营公司: one of each standing, and three that look bad but are not current.
  await signed('asset'); // fine
  await notice((await signed('asset')).id, 'cumulative:2'); // warned
  const term = await signed('asset');
  await notice(term.id, `below:${thisMonth}`);
  await pendingCase(term.id); // a right is worse than the warning that preceded it
  const banned = await signed('asset');
  await pendingCase(banned.id);
  await ban(banned); // banned is the worst of all
  await notice((await signed('asset')).id, `below:${addMonths(thisMonth, -6)}`); // stale run: fine
  await ban(await signed('asset'), true); // lifted ban: fine
  const ended = await signed('asset');
  await pendingCase(ended.id);
  // Terminated yesterday: not running, so not counted whatever its case says (on any test date).
  await h.db
    .update(contracts)
    .set({ status: 'terminated', endedOn: addCalendarDays(shanghaiDate(new Date()), -1) })
    .where(eq(contracts.id, ended.id));
  // 环卫所: this year's average warning.
  await notice((await signed('sanitation')).id, `average:${year}`);
});
afterAll(() => h.stop());

async function standingCardOf(who: string) {
  const menu = await askMenu(h.sb, p(who));
  const r = await h.sb.click(p(who), menu, '合同态势');
  return { messageId: menu.messageId, text: JSON.stringify(r.card), card: r.card as any };
}

const chartsOf = (card: any) => (card.body.elements as any[]).filter((e) => e.tag === 'chart');

it("a unit-scoped reader sees their unit's contracts by worst current standing, and nothing else", async () => {
  const { text, card, messageId } = await standingCardOf('张伟');
  expect(text).toContain('资产经营公司');
  expect(text).not.toContain('环卫所');
  expect(text).not.toContain('综合行政执法局');
  expect(text).toContain('履行中合同 6 份');
  expect(text).toContain('正常 3 · 预警 1 · 可清退 1 · 禁投 1');
  const [pie] = chartsOf(card);
  expect(pie.chart_spec.type).toBe('pie');
  expect(pie.chart_spec.data[0].values.map((v: any) => v.text)).toEqual([
    '正常 3',
    '预警 1',
    '可清退 1',
    '禁投 1',
  ]);
  // Another unit's id in a forged value is refused, without saying whether it exists.
  const forged = await forgeCardCallback(
    h,
    p('张伟'),
    messageId,
    { a: 'standing.show', unit: sanitation },
    {},
  );
  expect(JSON.stringify(forged)).toContain(DENIED);
  expect(JSON.stringify(forged)).not.toContain('环卫所');
});

it('a zone-wide reader sees every unit, as one bar per unit, with the counts as text', async () => {
  const { text, card, messageId } = await standingCardOf('周国平');
  expect(text).toContain('全园区');
  expect(text).toContain('履行中合同 7 份');
  expect(text).toContain('**资产经营公司**:正常 3 · 预警 1 · 可清退 1 · 禁投 1');
  expect(text).toContain('**环卫所**:正常 0 · 预警 1 · 可清退 0 · 禁投 0');
  expect(text).toContain('**综合行政执法局**:暂无合同');
  const [bar] = chartsOf(card);
  expect(bar.chart_spec).toMatchObject({ type: 'bar', direction: 'horizontal', stack: true });
  expect(new Set(bar.chart_spec.data[0].values.map((v: any) => v.u))).toEqual(
    new Set(['资产经营公司', '环卫所']),
  );
  // One unit alone, by its button.
  const one = await h.sb.click(p('周国平'), messageId, '环卫所');
  const [head, pie] = (one.card as any).body.elements;
  expect(head.content).toContain('**环卫所** 履行中合同 1 份');
  expect(head.content).toContain('正常 0 · 预警 1 · 可清退 0 · 禁投 0');
  expect(pie.chart_spec.data[0].values).toEqual([{ k: '预警', n: 1, text: '预警 1' }]);
  // The other units are offered as buttons, and the way back to the zone.
  expect(JSON.stringify(one.card)).toContain('全园区');
});

/** The contract list a count's button opens: its count line and the contracts it lists. */
async function listOf(who: string, messageId: string, label: string) {
  const r = await h.sb.click(p(who), messageId, label);
  const text = JSON.stringify(r.card);
  return {
    text,
    total: Number(/符合条件的合同共 (\d+) 份/.exec(text)?.[1]),
    ids: [...text.matchAll(/"a":"contract.show","contract":(\d+)/g)].map((m) => Number(m[1])),
  };
}

it("each count opens the contracts behind it: the list's count is the card's", async () => {
  const { messageId, card } = await standingCardOf('张伟');
  const labels = JSON.stringify(card);
  for (const [label, n] of [
    ['正常 3', 3],
    ['预警 1', 1],
    ['可清退 1', 1],
    ['禁投 1', 1],
    ['已终止 1', 1],
  ] as const) {
    expect(labels).toContain(`"content":"${label}"`);
    const again = await standingCardOf('张伟');
    const list = await listOf('张伟', again.messageId, label);
    expect(list.total, label).toBe(n);
    expect(list.ids, label).toHaveLength(n);
    // The filter in words, the unit named (read within the reader's scope).
    expect(list.text).toContain(
      `筛选:${label.startsWith('已终止') ? '已终止' : `履行中 · ${label.split(' ')[0]}`} · 资产经营公司`,
    );
  }
  // A zero count offers no button.
  expect(labels).not.toContain('"content":"未开始 0"');
  expect(messageId).toBeTruthy();
  // Zone-wide: 预警 counts both units' warned contracts, and the list holds the same two.
  const zone = await standingCardOf('周国平');
  const warned = await listOf('周国平', zone.messageId, '预警 2');
  expect(warned.total).toBe(2);
  expect(warned.text).toContain('环卫所');
  expect(warned.text).toContain('资产经营公司');
  // A unit chosen on the card narrows the list to it.
  const again = await standingCardOf('周国平');
  await h.sb.click(p('周国平'), again.messageId, '环卫所');
  const one = await listOf('周国平', again.messageId, '预警 1');
  expect(one.total).toBe(1);
  expect(one.text).not.toContain('资产经营公司 ·');
});

it('a standing filter with another unit is no way round the scope: it lists nothing of that unit', async () => {
  // A filer of 综合行政执法局 (no contracts, named on none) forges 环卫所's 预警 list.
  const enforcement = Number((await h.sql`select id from units where code = 'enforcement'`)[0]!.id);
  const [outsider] = await h.db
    .insert(people)
    .values({ openId: 'ou_standing_outsider', name: '孙立', unitId: enforcement })
    .returning();
  await h.db
    .insert(roleGrants)
    .values({ personId: outsider!.id, role: 'filer', unitId: enforcement, grantedBy: 'test' });
  h.sb.addUser({ openId: 'ou_standing_outsider', name: '孙立' });
  const menu = await askMenu(h.sb, 'ou_standing_outsider');
  const r = await forgeCardCallback(
    h,
    'ou_standing_outsider',
    menu.messageId,
    { a: 'contract.list', standing: 'warned', unit: sanitation },
    {},
  );
  const text = JSON.stringify(r.card);
  expect(text).toContain('符合条件的合同共 0 份');
  expect(text).not.toContain('环卫所');
  // 周国平 (zone-wide) sends the same value and sees that one contract: the filter itself works.
  const zone = await askMenu(h.sb, p('周国平'));
  const seen = JSON.stringify(
    (
      await forgeCardCallback(
        h,
        p('周国平'),
        zone.messageId,
        { a: 'contract.list', standing: 'warned', unit: sanitation },
        {},
      )
    ).card,
  );
  expect(seen).toContain('符合条件的合同共 1 份');
});

it('a person without a role is refused and is not offered the card', async () => {
  const menu = await askMenu(h.sb, NO_ROLE);
  expect(JSON.stringify(menu.content)).not.toContain('合同态势');
  const r = await forgeCardCallback(h, NO_ROLE, menu.messageId, { a: 'standing.show' }, {});
  expect(JSON.stringify(r)).toContain('您尚未被授予任何角色');
});

it('the word 态势 opens it too', async () => {
  const before = new Set(h.sb.inbox(p('黄海燕')).map((m) => m.messageId));
  await h.sb.say(p('黄海燕'), '态势');
  const m = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(p('黄海燕'))).find((x) => !before.has(x.messageId) && titleOf(x) === '合同态势'),
  );
  const text = JSON.stringify(m.content);
  expect(text).toContain('环卫所');
  expect(text).not.toContain('资产经营公司');
});
