/**
 * The vendor register at real size (issue 25, point 2): 15 a page, newest registered first, by keyset
 * (上一页 / 下一页 carry the id at the page's edge, so vendors registered meanwhile neither repeat nor
 * skip one), 查找 by name or credit code and 仅有禁止投标记录的, combined; the count always shown.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { units, vendorBans, vendors } from '../../src/db/schema';
import { VENDOR_PAGE_SIZE, vendorPage } from '../../src/features/procurement/vendors';
import { askMenu, forgeCardCallback } from '../helpers/cards';
import { makeUscc } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let seeded = 0;

/** Registers `n` vendors named 翻页物业N (N counting on) straight into the register. */
async function register(n: number) {
  const rows = Array.from({ length: n }, () => {
    seeded += 1;
    return {
      name: `翻页物业${seeded}号服务有限公司`,
      uscc: makeUscc(700_000 + seeded),
      contactName: '孙经理',
      createdBy: 'test',
    };
  });
  return h.db.insert(vendors).values(rows).returning();
}

beforeAll(async () => {
  h = await startHarness({ now: '2026-12-07T10:00:00+08:00' });
  const made = await register(100);
  const [unit] = await h.db.select().from(units).limit(1);
  // Every tenth vendor is banned; one of those bans is lifted (so it is not 有禁止投标记录 now).
  const banned = made.filter((_, i) => i % 10 === 0);
  await h.db.insert(vendorBans).values(
    banned.map((v, i) => ({
      vendorId: v.id,
      unitId: unit!.id,
      category: 'cleaning' as const,
      year: 2027,
      reason: '年度平均分低于85分',
      createdBy: 'test',
      ...(i === 0 ? { liftedAt: new Date(), liftedReason: '更正后达标' } : {}),
    })),
  );
}, 120_000);
afterAll(() => h.stop());

const all = async () => (await h.db.select({ id: vendors.id }).from(vendors)).map((v) => v.id);

it('pages forward while vendors are registered: none twice, none present at page 1 skipped', async () => {
  const before = await all();
  const seen: number[] = [];
  let page = await vendorPage(h.db, {}, {});
  expect(page.total).toBe(before.length);
  expect(page.newer).toBeUndefined();
  for (;;) {
    expect(page.rows.length).toBeLessThanOrEqual(VENDOR_PAGE_SIZE);
    seen.push(...page.rows.map((r) => r.id));
    if (page.older === undefined) break;
    await register(3);
    page = await vendorPage(h.db, {}, { after: page.older });
  }
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen).toEqual([...seen].sort((a, b) => b - a));
  for (const id of before) expect(seen).toContain(id);
  // Back from the last page: 上一页 walks over the same rows, then the ones registered meanwhile.
  const last = page.rows.length;
  const back: number[] = [];
  while (page.newer !== undefined) {
    page = await vendorPage(h.db, {}, { before: page.newer });
    back.unshift(...page.rows.map((r) => r.id));
  }
  const added = back.filter((id) => !seen.includes(id));
  expect(added.length).toBeGreaterThan(0);
  for (const id of added) expect(id).toBeGreaterThan(seen[0]!);
  expect(back.filter((id) => seen.includes(id))).toEqual(seen.slice(0, seen.length - last));
});

it('查找 by name or credit code and 仅有禁止投标记录的 combine; the count is of all that match', async () => {
  const rows = await h.db.execute<{ id: number; name: string; uscc: string; banned: boolean }>(sql`
    select v.id::int, v.name, v.uscc,
      exists (select 1 from vendor_bans b where b.vendor_id = v.id and b.lifted_at is null) as banned
    from vendors v order by v.id desc`);
  const want = (q: string | undefined, banned: boolean) =>
    rows
      .filter((r) => (!q || r.name.includes(q) || r.uscc.includes(q)) && (!banned || r.banned))
      .map((r) => r.id);
  for (const [q, banned] of [
    ['翻页物业1', false],
    ['翻页物业1', true],
    [undefined, true],
    [makeUscc(700_042), false],
    ['%', false],
    ['没有这家', false],
  ] as const) {
    const f = { ...(q ? { q } : {}), ...(banned ? { banned: true as const } : {}) };
    const page = await vendorPage(h.db, f, {}, 1000);
    expect(page.total, JSON.stringify(f)).toBe(want(q, banned).length);
    expect(page.rows.map((r) => r.id)).toEqual(want(q, banned));
  }
  expect(want(undefined, true).length).toBe(9);
});

it('the card pages and searches, always with the count; a bad value is refused by name', async () => {
  const zhang = h.person('张伟');
  const menu = await askMenu(h.sb, zhang);
  const card1 = JSON.stringify((await h.sb.click(zhang, menu.messageId, '供应商')).card);
  const total = Number(/供应商共 (\d+) 家,本页 15 家/.exec(card1)?.[1]);
  expect(total).toBeGreaterThan(100);
  expect(card1).not.toContain('上一页');
  const after = Number(/"a":"vendor.list","after":(\d+)/.exec(card1)?.[1]);
  const card2 = JSON.stringify((await h.sb.click(zhang, menu.messageId, '下一页')).card);
  expect(card2).toContain('上一页');
  expect(card2).toContain(`供应商共 ${total} 家`);
  expect(card2).toContain(`"a":"vendor.list","before":${after - 1}`);
  const searched = JSON.stringify(
    (
      await h.sb.click(zhang, menu.messageId, 'vendor_find', {
        vendor_q: '翻页物业1',
        vendor_banned: 'banned',
      })
    ).card,
  );
  expect(searched).toMatch(/符合条件的供应商共 \d+ 家/);
  expect(searched).toContain('查找:“翻页物业1” · 仅有禁止投标记录的');
  expect(searched).toContain('禁止投标');
  const bad = await forgeCardCallback(h, zhang, menu.messageId, { a: 'vendor.list' }, { vendor_banned: 'x' });
  expect(bad.toast?.content).toContain('禁止投标记录');
  // 下一页 clicked twice (the second from the card the first replaced) answers the same page.
  const page2 = { a: 'vendor.list', after };
  const once = await forgeCardCallback(h, zhang, menu.messageId, page2, {});
  const twice = await forgeCardCallback(h, zhang, menu.messageId, page2, {});
  expect(JSON.stringify(twice.card)).toBe(JSON.stringify(once.card));
  expect(JSON.stringify(once.card)).toContain('上一页');
}, 60_000);
