/**
 * `npm start` without credentials (issue 24, point 5): the demo zone's people carry their roles as
 * the web chat shows them, and its two groups exist with the bot in them, greeted by it. Binding
 * stays a person's step: 王建国 @mentions the bot in the leadership group and binds it from its card.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_LEADERSHIP_CHAT, DEMO_PROJECT_CHAT, seedDemoGroups } from '../../src/sandbox-boot';
import { botCards, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let names: string[];
beforeAll(async () => {
  h = await startHarness();
  names = await seedDemoGroups(h.sb, h.org);
}, 60_000);
afterAll(() => h.stop());

const inGroup = (who: string, chatId: string) =>
  botCards(h.sb.inbox(h.person(who))).filter((m) => m.chatId === chatId);

it('the demo people are listed with their roles', () => {
  const users = new Map(h.sb.users().map((u) => [u.name, u.jobTitle]));
  expect(users.get('李秀英')).toBe('资产经营公司 · 单位领导班子、职能科室');
  expect(users.get('孙丽')).toBe('财政部门(全区)');
});

it('both groups exist with the bot in them, each greeted once, and nobody else sees them', async () => {
  expect(names).toEqual(['资产经营公司领导班子', '资产经营公司·园区保洁项目群']);
  const greeted = async (who: string, chatId: string) => (await h.sb.waitFor(() => inGroup(who, chatId)[0]))!;
  await greeted('王建国', DEMO_LEADERSHIP_CHAT);
  await greeted('张伟', DEMO_PROJECT_CHAT);
  await new Promise((r) => setTimeout(r, 500));
  expect(inGroup('李秀英', DEMO_LEADERSHIP_CHAT)).toHaveLength(1);
  expect(inGroup('李秀英', DEMO_PROJECT_CHAT)).toHaveLength(1);
  expect(h.sb.inbox(h.person('张伟')).some((m) => m.chatId === DEMO_LEADERSHIP_CHAT)).toBe(false);
  expect(h.sb.inbox(h.person('孙丽')).some((m) => m.chatId.startsWith('oc_demo_'))).toBe(false);
  const rows = await h.sql`select chat_id, type from chats where chat_id like 'oc_demo_%' order by chat_id`;
  expect(rows.map((r) => [r.chat_id, r.type])).toEqual([
    [DEMO_LEADERSHIP_CHAT, 'group'],
    [DEMO_PROJECT_CHAT, 'group'],
  ]);
  expect(await h.sql`select 1 from group_bindings`).toHaveLength(0);
});

it("王建国 binds the leadership group from the bot's card, after @mentioning it", async () => {
  const wang = h.person('王建国');
  await h.sb.say(wang, '菜单', { chatId: DEMO_LEADERSHIP_CHAT, mentions: [h.sb.botOpenId] });
  const menu = await h.sb.waitFor(() =>
    inGroup('王建国', DEMO_LEADERSHIP_CHAT).find((m) => titleOf(m) === '政府购买服务监管助手'),
  );
  const open = await h.sb.click(wang, menu, '绑定本群');
  expect(JSON.stringify(open.card)).toContain('本群绑定');
  const [unit] = await h.sql`select id from units where code = 'asset'`;
  const bound = await h.sb.click(wang, menu, '绑定为领导班子群', { leadership_unit: String(unit!.id) });
  expect(bound.toast).toMatchObject({ type: 'success', content: '已绑定为领导班子群' });
  const [row] = await h.sql`select kind, chat_id from group_bindings`;
  expect(row).toMatchObject({ kind: 'leadership', chat_id: DEMO_LEADERSHIP_CHAT });
}, 30_000);
