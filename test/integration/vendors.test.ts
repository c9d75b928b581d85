import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { vendorBans } from '../../src/db/schema';
import { botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let p: (name: string) => string;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
});
afterAll(() => h.stop());

const count = async (q: ReturnType<typeof sql>) => (await h.db.execute<{ n: number }>(q))[0]!.n;
const written = async () => ({
  vendors: await count(sql`select count(*)::int as n from vendors`),
  audit: await count(sql`select count(*)::int as n from audit_log`),
  outbox: await count(sql`select count(*)::int as n from outbox`),
});

/** Opens the vendor list from the main menu, as the person would; returns the card's message. */
async function openVendors(who: string) {
  const seen = botCards(h.sb.inbox(p(who))).length;
  await h.sb.say(p(who), '菜单');
  const menu = await h.sb.waitFor(() => botCards(h.sb.inbox(p(who)))[seen]);
  const r = await h.sb.click(p(who), menu, '供应商');
  expect(titleOf({ content: r.card } as never)).toBe('供应商');
  return menu;
}

const form = (over: Record<string, string> = {}) => ({
  vendor_name: '苏州洁美物业管理有限公司',
  uscc: '91350100M000100Y43',
  contact_name: '孙经理',
  contact_phone: '0512-57671234',
  ...over,
});

it('a filer registers a vendor through the card; the list shows it, with one audit row', async () => {
  const card = await openVendors('张伟');
  const before = await written();
  const r = await h.sb.click(p('张伟'), card, '登记供应商', form({ uscc: '91350100m000100y43' }));
  expect(r.toast).toEqual({
    type: 'success',
    content: expect.stringContaining('已登记供应商「苏州洁美物业管理有限公司」'),
  });
  expect(JSON.stringify(r.card)).toContain('91350100M000100Y43');
  expect(JSON.stringify(r.card)).toContain('孙经理 0512-57671234');
  const after = await written();
  expect(after.vendors).toBe(before.vendors + 1);
  expect(after.audit).toBe(before.audit + 1);
  const [a] = await h.db.execute<{ action: string; actor: string }>(
    sql`select action, actor from audit_log where aggregate_type = 'vendor' order by id desc limit 1`,
  );
  expect(a).toEqual({ action: 'vendor.registered', actor: p('张伟') });
});

it('each bad registration is refused through the card with its reason, and nothing is written', async () => {
  const card = await openVendors('张伟');
  const cases: [Record<string, string>, string][] = [
    [{ uscc: '91350100M000100Y4' }, '统一社会信用代码应为18位,您输入了17位'],
    [
      { uscc: '91350100MO00100Y43' },
      '统一社会信用代码第10位「O」不是有效字符(只能是数字或除 I、O、S、V、Z 以外的大写字母)',
    ],
    [{ uscc: '91350100M000200Y43' }, '统一社会信用代码校验位(第18位)不符,请逐位核对是否输错'],
    [{ uscc: 'B1350100M000100Y43' }, '统一社会信用代码第1位「B」不是有效的登记管理部门代码'],
    [
      { uscc: '91350100M000100Y43', vendor_name: '另一家公司' },
      '统一社会信用代码 91350100M000100Y43 已登记为供应商「苏州洁美物业管理有限公司」',
    ],
    [{ vendor_name: '  ', uscc: '91330100799655058B' }, '请填写供应商名称'],
    [{ contact_name: '', uscc: '91330100799655058B' }, '请填写联系人'],
    [{ contact_phone: '电话', uscc: '91330100799655058B' }, '联系电话格式不正确'],
  ];
  for (const [over, message] of cases) {
    const before = await written();
    const r = await h.sb.click(p('张伟'), card, '登记供应商', form(over));
    expect(r.toast, message).toEqual({ type: 'error', content: expect.stringContaining(message) });
    expect(await written()).toEqual(before);
  }
});

it('finance may register; leadership sees the list but no form, and a forged registration is refused', async () => {
  const card = await openVendors('孙丽');
  const ok = await h.sb.click(
    p('孙丽'),
    card,
    '登记供应商',
    form({ vendor_name: '阿里巴巴(中国)有限公司', uscc: '91330100799655058B' }),
  );
  expect(ok.toast).toMatchObject({ type: 'success' });

  const leader = await openVendors('王建国');
  const shown = JSON.stringify(h.sb.message(leader.messageId)!.content);
  expect(shown).toContain('阿里巴巴(中国)有限公司');
  expect(shown).not.toContain('登记供应商');
  const before = await written();
  const forged = await forgeCardCallback(
    h,
    p('王建国'),
    leader.messageId,
    { a: 'vendor.add' },
    form({ uscc: '91440300708461136T' }),
  );
  expect(forged.toast).toEqual({ type: 'error', content: '只有经办人或财政部门可以登记供应商' });
  expect(await written()).toEqual(before);
});

it("a vendor's bans are visible on it to anyone in the organisation", async () => {
  const [v] = await h.sql`select id from vendors where uscc = '91350100M000100Y43'`;
  const [u] = await h.sql`select id from units where code = 'asset'`;
  await h.db.insert(vendorBans).values({
    vendorId: Number(v!.id),
    unitId: Number(u!.id),
    category: 'cleaning',
    year: 2027,
    reason: '2026年度考核平均分84.9分,低于85分',
    createdBy: 'test',
  });
  const card = await openVendors('郑毅');
  const shown = JSON.stringify(h.sb.message(card.messageId)!.content);
  expect(shown).toContain('禁止参与投标:2027年 资产经营公司 保洁项目');
  expect(shown).toContain('2026年度考核平均分84.9分,低于85分');
  expect(shown).toContain('禁止参与投标:无'); // the other vendor has none
});
