/**
 * 角色管理's grants at real size (issue 25, point 2): until now the card listed the newest 40 grants
 * and said nothing of the rest. Now 40 a page by keyset, the count always, 查找 by a person's or a
 * unit's name, and a unit admin's pages (forged or not) never show another unit's grants.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { people, roleGrants, units } from '../../src/db/schema';
import { GRANT_PAGE_SIZE, grantPage } from '../../src/features/org/grants';
import { askMenu, forgeCardCallback } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let unitA: number;
let unitB: number;

beforeAll(async () => {
  h = await startHarness({ now: '2026-12-07T10:00:00+08:00' });
  const [a, b] = await h.db
    .insert(units)
    .values([
      { code: 'grants_a', name: '授权甲单位' },
      { code: 'grants_b', name: '授权乙单位' },
    ])
    .returning();
  unitA = a!.id;
  unitB = b!.id;
  // 60 people in each unit, each a filer of their unit; one admin of unit A.
  for (const [unit, tag] of [
    [unitA, '甲'],
    [unitB, '乙'],
  ] as const) {
    const made = await h.db
      .insert(people)
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          openId: `ou_grant_${tag}_${i}`,
          name: `${tag}经办${i}`,
          unitId: unit,
        })),
      )
      .returning();
    await h.db
      .insert(roleGrants)
      .values(made.map((p) => ({ personId: p.id, role: 'filer' as const, unitId: unit, grantedBy: 'test' })));
  }
  const [admin] = await h.db.select().from(people).where(eq(people.openId, 'ou_grant_甲_0'));
  await h.db
    .insert(roleGrants)
    .values({ personId: admin!.id, role: 'admin', unitId: unitA, grantedBy: 'test' });
  h.sb.addUser({ openId: 'ou_grant_甲_0', name: '甲经办0' });
}, 120_000);
afterAll(() => h.stop());

it('pages through every live grant once, newest first; 查找 narrows by person or unit', async () => {
  const seen: number[] = [];
  let page = await grantPage(h.db, { unit: null, cursor: {} });
  const total = page.total;
  expect(total).toBeGreaterThan(120);
  for (;;) {
    expect(page.rows.length).toBeLessThanOrEqual(GRANT_PAGE_SIZE);
    seen.push(...page.rows.map((r) => r.id));
    if (page.older === undefined) break;
    page = await grantPage(h.db, { unit: null, cursor: { after: page.older } });
  }
  expect(seen).toHaveLength(total);
  expect(new Set(seen).size).toBe(total);
  expect(seen).toEqual([...seen].sort((a, b) => b - a));
  expect((await grantPage(h.db, { unit: null, q: '乙经办1', cursor: {}, size: 1000 })).total).toBe(11); // 1, 10-19
  expect((await grantPage(h.db, { unit: null, q: '授权乙', cursor: {}, size: 1000 })).total).toBe(60);
  expect((await grantPage(h.db, { unit: unitA, q: '授权乙', cursor: {}, size: 1000 })).total).toBe(0);
});

it("the card pages with the count; a unit admin's forged page shows only their unit", async () => {
  const admin = h.person('马骏');
  const menu = await askMenu(h.sb, admin);
  const card1 = JSON.stringify((await h.sb.click(admin, menu.messageId, '角色管理')).card);
  const total = Number(/授权共 (\d+) 条,本页 40 条/.exec(card1)?.[1]);
  expect(total).toBeGreaterThan(120);
  const card2 = JSON.stringify((await h.sb.click(admin, menu.messageId, '下一页')).card);
  expect(card2).toContain('上一页');
  expect(card2).toContain(`授权共 ${total} 条`);
  const found = JSON.stringify(
    (await h.sb.click(admin, menu.messageId, 'grant_find', { grant_q: '乙经办5' })).card,
  );
  expect(found).toContain('符合条件的授权共 11 条,本页 11 条');
  expect(found).toContain('查找:“乙经办5”');
  // The unit-A admin sends a page value from the zone admin's card: unit B never appears.
  const own = await askMenu(h.sb, 'ou_grant_甲_0');
  const forged = JSON.stringify(
    (
      await forgeCardCallback(
        h,
        'ou_grant_甲_0',
        own.messageId,
        { a: 'roles.admin', after: 2 ** 30, q: '经办' },
        {},
      )
    ).card,
  );
  expect(forged).toContain('甲经办');
  expect(forged).not.toContain('乙经办');
  expect(forged).toContain('符合条件的授权共 61 条');
  // Too long a search is refused by name and nothing is listed.
  const bad = await forgeCardCallback(
    h,
    admin,
    menu.messageId,
    { a: 'roles.admin' },
    { grant_q: '查'.repeat(41) },
  );
  expect(bad.toast?.content).toContain('查找授权');
}, 60_000);
