import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { botCards, titleOf } from '../helpers/cards';
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

it('anything else still gets the main menu; a word whose section the person may not open is refused in words', async () => {
  await h.sb.say(h.person('张伟'), '你好');
  expect(subtitle(await lastTo(h.person('张伟')))).toBe('主菜单');
  const before = h.sb.inbox(h.person('张伟')).filter((m) => m.sender === 'bot').length;
  await h.sb.say(h.person('张伟'), '抽查'); // a filer, not discipline inspection or finance
  const refusal = await h.sb.waitFor(
    () => h.sb.inbox(h.person('张伟')).filter((m) => m.sender === 'bot')[before],
  );
  expect(refusal.msgType).toBe('text');
  expect(JSON.stringify(refusal.content)).toContain('抽查仅限纪检监察和财政部门人员');
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
