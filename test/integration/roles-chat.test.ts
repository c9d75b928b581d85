import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { people, roleGrants } from '../../src/db/schema';
import { botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let admin: string;
let zhang: string;
beforeAll(async () => {
  h = await startHarness();
  admin = h.person('马骏');
  zhang = h.person('张伟');
});
afterAll(() => h.stop());
beforeEach(() => h.sb.reset());

async function openAdminCard(who: string) {
  await h.sb.say(who, '菜单');
  const menu = await h.sb.waitFor(() => botCards(h.sb.inbox(who))[0]);
  await h.sb.click(who, menu, '角色管理');
  return h.sb.message(menu.messageId)!;
}

async function liveGrants(openId: string, role: string) {
  const rows = await h.db
    .select({ id: roleGrants.id })
    .from(roleGrants)
    .innerJoin(people, eq(people.id, roleGrants.personId))
    .where(
      and(eq(people.openId, openId), eq(roleGrants.role, role as 'finance'), isNull(roleGrants.revokedAt)),
    );
  return rows.length;
}

async function auditCount(action: string) {
  const [r] = await h.db.execute<{ n: number }>(
    sql`select count(*)::int as n from audit_log where action = ${action}`,
  );
  return r!.n;
}

it('an admin grants a role from chat: one grant, one audit row, the grantee is told; a double click changes nothing', async () => {
  const card = await openAdminCard(admin);
  expect(titleOf(card)).toBe('角色管理');
  const form = { person: zhang, role: 'finance', scope: 'zone' };
  const before = await auditCount('role.granted');
  const [first, second] = await Promise.all([
    h.sb.click(admin, card, '授予', form),
    h.sb.click(admin, card, '授予', form),
  ]);
  const toasts = [first.toast, second.toast].map((t) => JSON.stringify(t));
  expect(toasts.filter((t) => t.includes('已授予'))).toHaveLength(1);
  expect(await liveGrants(zhang, 'finance')).toBe(1);
  expect(await auditCount('role.granted')).toBe(before + 1);
  const note = await h.sb.waitFor(() => botCards(h.sb.inbox(zhang)).find((m) => titleOf(m) === '角色变更'));
  expect(JSON.stringify(note.content)).toContain('马骏 已授予您的角色:财政部门(全区)');
  // The way on: 我的角色 tells 张伟 his roles now (his own, read at the click), the new one among them.
  const mine = await h.sb.click(zhang, note, '我的角色');
  expect(JSON.stringify(mine.toast)).toContain('财政部门');

  const revoke = await h.sb.click(admin, h.sb.message(card.messageId)!, '撤销', form);
  expect(JSON.stringify(revoke.toast)).toContain('已撤销');
  expect(await liveGrants(zhang, 'finance')).toBe(0);
  expect(await auditCount('role.revoked')).toBeGreaterThan(0);
});

it('in a group the admin card never becomes shared, and a forwarded admin card grants 张伟 nothing', async () => {
  // The admin's role-management card, forwarded to 张伟 (a forged callback on it): refused, nothing written.
  const card = await openAdminCard(admin);
  const before = await auditCount('role.granted');
  const res = await forgeCardCallback(
    h,
    zhang,
    card.messageId,
    { a: 'roles.grant' },
    {
      person: zhang,
      role: 'admin',
      scope: 'zone',
    },
  );
  expect(res.toast).toMatchObject({ type: 'error', content: '您没有管理员权限' });
  expect(await liveGrants(zhang, 'admin')).toBe(0);
  expect(await auditCount('role.granted')).toBe(before);

  h.sb.addChat({ chatId: 'oc_roles_group', name: '管理群', members: [admin, zhang], botIsMember: true });
  // Not addressed to the bot: nothing. Addressed: the group menu, with nothing personal on it.
  await h.sb.say(admin, '菜单', { chatId: 'oc_roles_group' });
  await h.sb.say(admin, '菜单', { chatId: 'oc_roles_group', mentions: [h.sb.botOpenId] });
  const menu = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(zhang)).find((m) => m.chatId === 'oc_roles_group'),
  );
  expect(botCards(h.sb.inbox(zhang)).filter((m) => m.chatId === 'oc_roles_group')).toHaveLength(1);
  expect(titleOf(menu)).toBe('政府购买服务监管助手');
  const opened = await h.sb.click(admin, menu, '我的菜单');
  expect(opened.toast).toMatchObject({ type: 'success', content: '已私聊发送' });
  expect(titleOf(h.sb.message(menu.messageId))).toBe('政府购买服务监管助手'); // the group card is untouched
  const mine = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(admin)).find((m) => m.chatId !== 'oc_roles_group'),
  );
  expect(JSON.stringify(mine.content)).toContain('角色管理');
});

it('invalid form input (from an outdated or forged client) is refused with a clear message and writes nothing', async () => {
  const card = await openAdminCard(admin);
  const before = await auditCount('role.granted');
  const cases: [Record<string, unknown>, string][] = [
    [{ person: zhang, role: 'finance', scope: '999' }, '范围'],
    [{ person: 'ou_nobody', role: 'finance', scope: 'zone' }, '不在组织架构中'],
    [{ person: zhang, role: 'boss', scope: 'zone' }, '有效的角色'],
    [{ role: 'finance', scope: 'zone' }, '请选择人员'],
  ];
  for (const [form, message] of cases) {
    const answer = await forgeCardCallback(h, admin, card.messageId, { a: 'roles.grant' }, form);
    expect(answer.toast?.type).toBe('error');
    expect(answer.toast?.content).toContain(message);
  }
  expect(await auditCount('role.granted')).toBe(before);
});
