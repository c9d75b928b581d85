import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WORDS } from '../../src/bot/sections';
import { type ActionName, actionValue } from '../../src/cards/values';
import { people, roleGrants } from '../../src/db/schema';
import { shanghaiDate } from '../../src/domain/calendar';
import { ROLES } from '../../src/domain/roles';
import { askMenu, botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

/**
 * Issue 12, point 3: short words in a private chat (or after an @mention) and the bot menu's event
 * keys open their section directly, through the same action and scope as its button.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.sb.reset());

const subtitle = (m: { content: unknown }) =>
  (m.content as { header?: { subtitle?: { content?: string } } }).header?.subtitle?.content;
const lastTo = (who: string) =>
  h.sb.waitFor(() =>
    h.sb
      .inbox(who)
      .filter((m) => m.sender === 'bot')
      .at(-1),
  );

it.each([
  ['待办', '张伟', '我的待办'],
  [' 预算。', '孙丽', '预算额度'],
  ['考核', '张伟', '月度考核'],
  ['结算', '孙丽', '结算审核'],
  ['抽查', '郑毅', '抽查'],
  ['帮助', '张伟', '使用帮助'],
])('%j from %s opens %s directly', async (word, name, title) => {
  await h.sb.say(h.person(name), word);
  const answer = await lastTo(h.person(name));
  expect(titleOf(answer), JSON.stringify(answer.content).slice(0, 300)).toContain(title);
});

it('anything else still gets the main menu; a word whose section the person may not use answers with their menu, saying why', async () => {
  await h.sb.say(h.person('张伟'), '你好');
  expect(subtitle(await lastTo(h.person('张伟')))).toBe('主菜单');
  const before = h.sb.inbox(h.person('张伟')).filter((m) => m.sender === 'bot').length;
  await h.sb.say(h.person('张伟'), '抽查'); // a filer, not discipline inspection or finance
  const answer = await h.sb.waitFor(
    () => h.sb.inbox(h.person('张伟')).filter((m) => m.sender === 'bot')[before],
  );
  expect(subtitle(answer)).toBe('主菜单');
  expect(JSON.stringify(answer.content)).toContain('「抽查」:抽查仅限纪检监察和财政部门人员');
  expect(JSON.stringify(answer.content)).not.toContain('"spotcheck.open"');
});

it.each([
  ['todo', '我的待办'],
  ['help', '使用帮助'],
  ['budget', '预算额度'],
])('the bot menu key %s opens %s in the private chat', async (key, title) => {
  await h.sb.menu(h.person('张伟'), key);
  const answer = await h.sb.waitFor(() => botCards(h.sb.inbox(h.person('张伟')))[0]);
  expect(titleOf(answer)).toContain(title);
});

it('an unknown menu key opens the main menu', async () => {
  await h.sb.menu(h.person('张伟'), 'main');
  expect(subtitle(await h.sb.waitFor(() => botCards(h.sb.inbox(h.person('张伟')))[0]))).toBe('主菜单');
});

/**
 * Issue 25, point 6: every word of the one table (bot/sections.ts WORDS), synonyms included, opens the
 * card its section's button opens, for a person whose menu offers it; for one whose menu does not,
 * it answers with their menu, as the menu does for them.
 */
describe('the words table', () => {
  const ALL = 'ou_words_every_role';
  beforeAll(async () => {
    h.sb.addUser({ openId: ALL, name: '全角色' });
    const [{ unitId }] =
      (await h.sql`select unit_id as "unitId" from people where open_id = ${h.person('张伟')}`) as [
        { unitId: number },
      ];
    const [row] = await h.db.insert(people).values({ openId: ALL, name: '全角色', unitId }).returning();
    // Every role zone-wide, but a filer in a unit (a filing is the filer's unit's).
    await h.db.insert(roleGrants).values(
      ROLES.map((role) => ({
        personId: row!.id,
        role,
        unitId: role === 'filer' ? unitId : null,
        grantedBy: 'test',
      })),
    );
  });
  const titleOfCard = (c: unknown) =>
    (c as { data?: { header?: { title?: { content?: string } } } } | undefined)?.data?.header?.title?.content;
  const covered = new Set(Object.values(WORDS));

  it('covers every section the issue names', () => {
    for (const w of [
      '审批',
      '审核',
      '待审批',
      '督查',
      '专项督查',
      '整改',
      '采购',
      '发起采购',
      '采购申请',
      '合同',
      '合同管理',
      '供应商',
      '供应商管理',
      '供应商名录',
      '导出',
      '下载台账',
    ])
      expect(Object.keys(WORDS)).toContain(w);
    for (const a of covered) expect(actionValue.safeParse({ a }).success, a).toBe(true);
  });

  it.each(Object.entries(WORDS))('%s opens the card of %s', async (word, a) => {
    const menu = await askMenu(h.sb, ALL);
    const byButton = await forgeCardCallback(h, ALL, menu.messageId, { a: a as ActionName }, {});
    const title = titleOfCard((byButton as { card?: unknown }).card);
    expect(title, JSON.stringify(byButton).slice(0, 300)).toBeTruthy();
    const before = h.sb.inbox(ALL).filter((m) => m.sender === 'bot').length;
    await h.sb.say(ALL, word);
    const answer = await h.sb.waitFor(() => h.sb.inbox(ALL).filter((m) => m.sender === 'bot')[before]);
    expect(titleOf(answer), word).toBe(title);
  });

  it.each([
    ['督查', '孙丽'], // finance: the menu offers no 专项督查
    ['发起采购', '郑毅'], // discipline: not a filer
    ['看板', '张伟'],
  ])('%s from %s, whose menu does not offer it, answers with their menu', async (word, who) => {
    const openId = h.person(who);
    const before = h.sb.inbox(openId).filter((m) => m.sender === 'bot').length;
    await h.sb.say(openId, word);
    const answer = await h.sb.waitFor(() => h.sb.inbox(openId).filter((m) => m.sender === 'bot')[before]);
    expect(subtitle(answer)).toBe('主菜单');
    expect(JSON.stringify(answer.content)).toContain(`「${word}」:`);
  });

  it('in a group, a word opens its section in the private chat only', async () => {
    const GROUP = 'oc_words_group';
    h.sb.addChat({ chatId: GROUP, name: '词语测试群', members: [h.person('孙丽'), ALL], botIsMember: true });
    await h.sb.say(ALL, '供应商', { chatId: GROUP, mentions: [h.sb.botOpenId] });
    const privately = await h.sb.waitFor(() =>
      botCards(h.sb.inbox(ALL)).find((m) => m.chatId !== GROUP && titleOf(m) !== undefined),
    );
    expect(privately.chatId).not.toBe(GROUP);
    await new Promise((r) => setTimeout(r, 300));
    expect(botCards(h.sb.inbox(ALL)).filter((m) => m.chatId === GROUP)).toEqual([]);
  });
});

it('导出 offers only the sheets the person’s roles allow; its button sends the file privately', async () => {
  const year = shanghaiDate(new Date()).slice(0, 4);
  const open = async (who: string) => {
    const before = h.sb.inbox(h.person(who)).filter((m) => m.sender === 'bot').length;
    await h.sb.say(h.person(who), '导出');
    return h.sb.waitFor(() => h.sb.inbox(h.person(who)).filter((m) => m.sender === 'bot')[before]);
  };
  const zhang = await open('张伟'); // a filer and assessor: not a reader of inspections
  expect(titleOf(zhang)).toBe('导出台账');
  const shown = JSON.stringify(zhang.content);
  expect(shown).toContain(`${year}年考核台账`);
  expect(shown).not.toContain('"整改事项"');
  const he = JSON.stringify((await open('何静')).content); // the inspection team
  expect(he).toContain('整改事项');
  const r = await h.sb.click(h.person('张伟'), zhang.messageId, `${year}年考核台账`);
  expect(JSON.stringify(r.toast)).toContain('私聊发送给您');
});
