/**
 * 以往抽查 (issue 25, point 2): the 抽查 card lists the earlier spot checks the clicker may open,
 * newest first, with what each found, 查看 opening it, paged by keyset with the count always shown.
 * Exactly the checks `spotcheck.show` admits are listed, on every page: a page value forged from
 * another checker's card shows only the clicker's own. Someone without a checker role is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askMenu, forgeCardCallback, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

const NOW = '2026-12-07T10:00:00+08:00';
const CHECKS = 45;
let h: Harness;
let p: (name: string) => string;
let unit: Record<'asset' | 'enforcement' | 'sanitation', number>;
/** Every check, newest first, and the one drawn with samples. */
let all: number[];
let drawn: number;

const text = (x: unknown) => JSON.stringify(x);
const shownIds = (card: unknown) =>
  [...text(card).matchAll(/"a":"spotcheck\.show","check":(\d+)/g)].map((m) => Number(m[1]));
const pageValue = (card: unknown, label: '上一页' | '下一页') => {
  const m = new RegExp(
    `"content":"${label}"[^}]*\\},"type":"default","behaviors":\\[\\{"type":"callback","value":(\\{[^}]*\\})`,
  ).exec(text(card));
  return m ? (JSON.parse(m[1]!) as Record<string, unknown>) : undefined;
};

beforeAll(async () => {
  h = await startHarness({ now: NOW });
  p = h.person;
  const rows = await h.sql`select id, code from units`;
  unit = Object.fromEntries(rows.map((u) => [u.code, Number(u.id)])) as typeof unit;
  const pid = async (name: string) =>
    Number((await h.sql`select id from people where open_id = ${p(name)}`)[0]!.id);
  // 刘芳 (综合行政执法局) checks her own unit as discipline and 环卫所 as finance: both grants count.
  const lf = await pid('刘芳');
  await h.sql`insert into role_grants (person_id, role, unit_id, granted_by) values
    (${lf}, 'discipline', ${unit.enforcement}, 'test'), (${lf}, 'finance', ${unit.sanitation}, 'test')`;
  // Five kinds of scope in turn: the zone, one unit, another, two units, and the two 刘芳 covers.
  const scopes = [
    null,
    [unit.asset],
    [unit.enforcement],
    [unit.asset, unit.enforcement],
    [unit.enforcement, unit.sanitation],
  ];
  const creators = [await pid('郑毅'), await pid('孙丽'), lf];
  for (let i = 0; i < CHECKS; i++) {
    const scope = { unitIds: scopes[i % 5], categories: null, fromMonth: '2026-01', toMonth: '2026-10' };
    await h.sql`insert into spot_checks (created_by, scope, sample_size, seed, seed_hash, policy_version, created_at)
      values (${creators[i % 3]!}, ${JSON.stringify(scope)}::jsonb, 2, ${'00'.repeat(32)}, ${'ab'.repeat(32)}, 1,
        ${new Date(Date.parse(NOW) - (CHECKS - i) * 3_600_000).toISOString()})`;
  }
  // The newest: drawn, three samples of the asset company's contract, two scored, one past tolerance.
  const { contract } = await createContract(h, { startsOn: '2026-01-01', endsOn: '2026-12-31' });
  const zw = await pid('张伟');
  const [check] = await h.sql`insert into spot_checks
    (created_by, scope, sample_size, seed, seed_hash, policy_version, population, drawn_at, created_at)
    values (${creators[0]!}, ${JSON.stringify({ unitIds: [unit.asset], categories: ['cleaning'], fromMonth: '2026-01', toMonth: '2026-03' })}::jsonb,
      3, ${'00'.repeat(32)}, ${'ab'.repeat(32)}, 1, 3, ${new Date(NOW).toISOString()}, ${new Date(Date.parse(NOW) - 60_000).toISOString()})
    returning id`;
  drawn = Number(check!.id);
  for (const [n, m] of ['2026-01', '2026-02', '2026-03'].entries()) {
    const [s] = await h.sql`insert into monthly_scores (contract_id, month, deductions, daily_tenths,
      management_tenths, final_tenths, entered_by, entered_at)
      values (${contract.id}, ${m}, '[]', 900, 900, 900, ${zw}, ${new Date(NOW).toISOString()}) returning id`;
    await h.sql`insert into spot_check_samples (spot_check_id, score_id, contract_id, month, draw_key,
      assessor_final_tenths, checker_final_tenths, checked_by, checked_at, gap_tenths, exceeds_tolerance)
      values (${drawn}, ${s!.id}, ${contract.id}, ${m}, ${`k${n}`}, 900,
        ${n < 2 ? 900 - n * 100 : null}, ${n < 2 ? zw : null}, ${n < 2 ? new Date(NOW).toISOString() : null},
        ${n < 2 ? n * 100 : null}, ${n < 2 ? n === 1 : null})`;
  }
  all = (await h.sql`select id from spot_checks order by id desc`).map((r) => Number(r.id));
}, 60_000);
afterAll(() => h.stop());

/** Menu → 抽查: the form with the latest checks under it. */
async function openSpotCheck(who: string) {
  const menu = await askMenu(h.sb, p(who));
  const r = await h.sb.click(p(who), menu, '抽查');
  return { msg: menu.messageId, card: r.card };
}

describe('以往抽查', () => {
  it('under the 抽查 form: the latest 10, newest first, the count, what each found, 查看 opens it', async () => {
    const { msg, card } = await openSpotCheck('郑毅');
    const json = text(card);
    expect(json).toContain('确认范围');
    expect(shownIds(card)).toEqual(all.slice(0, 10));
    expect(json).toContain(`您可查看的抽查共 ${all.length} 次,本页 10 次。`);
    expect(json).toContain(
      `**抽查 #${drawn}** · 2026-12-07 09:59 · 创建人:郑毅<br>资产经营公司 · 保洁 · 2026-01 至 2026-03<br>样本 3 条 · 已录入抽查评分 2 条 · ⚠️ 差距超出容差 1 条`,
    );
    expect(json).toContain('尚未抽取(拟抽取 2 条)');
    expect(json).toContain('全区所有单位');
    expect(pageValue(card, '上一页')).toBeUndefined();
    expect(pageValue(card, '下一页')).toEqual({ a: 'spotcheck.list', after: all[9] });
    const shown = await h.sb.click(p('郑毅'), msg, { a: 'spotcheck.show', check: drawn });
    expect(shown.toast).toBeUndefined();
    expect(titleOf(h.sb.message(msg))).toBe(`抽查 #${drawn} · 已抽取 3 条`);
  });

  it('下一页 pages through every check once, newest first; 上一页 goes back; the count on every page', async () => {
    const { msg, card } = await openSpotCheck('郑毅');
    const seen = [...shownIds(card)];
    const pages: number[][] = [];
    for (let i = 0; i < 10; i++) {
      const next = pageValue(h.sb.message(msg)!.content, '下一页');
      if (!next) break;
      const r = await h.sb.click(p('郑毅'), msg, next);
      expect(titleOf(h.sb.message(msg))).toBe('以往抽查');
      expect(text(r.card)).toContain(`您可查看的抽查共 ${all.length} 次`);
      pages.push(shownIds(r.card));
      seen.push(...shownIds(r.card));
    }
    expect(pages.map((x) => x.length)).toEqual([20, 16]);
    expect(seen).toEqual(all);
    const back = await h.sb.click(p('郑毅'), msg, pageValue(h.sb.message(msg)!.content, '上一页')!);
    expect(shownIds(back.card)).toEqual(pages[0]);
    expect(pageValue(back.card, '上一页')).toEqual({ a: 'spotcheck.list', before: pages[0]![0] });
    const first = await h.sb.click(p('郑毅'), msg, pageValue(back.card, '上一页')!);
    expect(shownIds(first.card)).toEqual(all.slice(0, 10));
    expect(pageValue(first.card, '上一页')).toBeUndefined();
  });

  it("a unit-scoped checker sees exactly the checks 查看 admits, on every page, also from another's page value", async () => {
    const lf = p('刘芳');
    const { msg, card } = await openSpotCheck('刘芳');
    // What spotcheck.show decides, check by check.
    const admitted: number[] = [];
    for (const id of all) {
      const r = await forgeCardCallback(h, lf, msg, { a: 'spotcheck.show', check: id }, {});
      if (r.toast?.type !== 'error') admitted.push(id);
      else expect(r.toast.content).toBe('该抽查的范围超出您的抽查权限');
    }
    expect(admitted.length).toBe(18); // the scopes [执法局] and [执法局, 环卫所]: 9 of each
    expect(shownIds(card)).toEqual(admitted.slice(0, 10));
    expect(text(card)).toContain(`您可查看的抽查共 ${admitted.length} 次,本页 10 次。`);
    const rest = await forgeCardCallback(h, lf, msg, pageValue(card, '下一页')!, {});
    expect(shownIds(rest.card)).toEqual(admitted.slice(10));
    // 郑毅's page values (any edge) show 刘芳 only her own checks.
    for (const edge of [all[9]!, all[29]!, all[0]! + 1]) {
      const r = await forgeCardCallback(h, lf, msg, { a: 'spotcheck.list', after: edge }, {});
      expect(shownIds(r.card)).toEqual(admitted.filter((id) => id < edge).slice(0, 20));
      expect(text(r.card)).toContain(`您可查看的抽查共 ${admitted.length} 次`);
      expect(text(r.card)).not.toContain('资产经营公司');
      expect(text(r.card)).not.toContain('全区所有单位');
    }
    const back = await forgeCardCallback(h, lf, msg, { a: 'spotcheck.list', before: all[29]! }, {});
    expect(shownIds(back.card)).toEqual(admitted.filter((id) => id > all[29]!).slice(-20));
  });

  it('someone without a checker role is refused and shown nothing; a double click answers the same', async () => {
    const menu = await askMenu(h.sb, p('张伟'));
    for (const value of [{ a: 'spotcheck.list' }, { a: 'spotcheck.list', after: all[9] }]) {
      const r = await forgeCardCallback(h, p('张伟'), menu.messageId, value, {});
      expect(r.toast).toEqual({ type: 'error', content: '抽查仅限纪检监察和财政部门人员' });
      expect(r.card).toBeUndefined();
    }
    h.sb.addUser({ openId: 'ou_nobody', name: '陌生人' });
    const stranger = await forgeCardCallback(h, 'ou_nobody', menu.messageId, { a: 'spotcheck.list' }, {});
    expect(stranger.toast?.type).toBe('error');
    expect(stranger.card).toBeUndefined();
    const { msg, card } = await openSpotCheck('孙丽');
    const next = pageValue(card, '下一页')!;
    const [a, b] = await Promise.all([
      forgeCardCallback(h, p('孙丽'), msg, next, {}),
      forgeCardCallback(h, p('孙丽'), msg, next, {}),
    ]);
    expect(a.toast).toBeUndefined();
    expect(text(a.card)).toBe(text(b.card));
    expect(shownIds(a.card)).toEqual(all.slice(10, 30));
  });
});
