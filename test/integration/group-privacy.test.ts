import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ActionValue } from '../../src/cards/values';
import { importLastYearsContract } from '../../src/cli/demo-year-import';
import { budgetLines, vendors } from '../../src/db/schema';
import { renderCardText } from '../../src/sandbox/card-text';
import type { MessageView } from '../../src/sandbox/types';
import { botCards, forgeCardCallback, sleep, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

/**
 * Issue 12, point 1: a group sees only what every member may see. The group holds the zone's role
 * holders and one person with no role at all; every menu path is driven from the group.
 */
let h: Harness;
const GROUP = 'oc_privacy_group';
const NOBODY = 'ou_0000000000000000000000000000nobody';
let members: string[];
let vendorNames: string[];

beforeAll(async () => {
  h = await startHarness();
  await importLastYearsContract(h.db); // a vendor, a contract and its amounts to leak, if anything leaks
  h.sb.addUser({ openId: NOBODY, name: '路人甲' });
  members = [...h.org.people.map((p) => p.open_id), NOBODY];
  h.sb.addChat({ chatId: GROUP, name: '项目工作群', members, botIsMember: true });
  vendorNames = (await h.db.select({ name: vendors.name }).from(vendors)).map((v) => v.name);
  expect(vendorNames.length).toBeGreaterThan(0);
  expect((await h.db.select().from(budgetLines)).length).toBeGreaterThan(0);
}, 30_000);
afterAll(() => h.stop());

/** Everything the member with no role sees in the group: every version of every message. */
function seenInGroup(): string[] {
  const texts: string[] = [];
  for (const m of h.sb.inbox(NOBODY).filter((x) => x.chatId === GROUP)) {
    for (const v of [...m.versions, m.content]) texts.push(shown(m, v));
  }
  return texts;
}
const shown = (m: MessageView, content: unknown) =>
  m.msgType === 'interactive' ? renderCardText(content as object).text : JSON.stringify(content);

function expectNothingPrivate(texts: string[]) {
  for (const t of texts) {
    expect(t, t).not.toMatch(/\d[\d,]*\.\d{2}|\d+\s*(元|万元)|[0-9]+(\.[0-9])?\s*分/);
    for (const v of vendorNames) expect(t, t).not.toContain(v);
  }
}

const groupBotMessages = () => botCards(h.sb.inbox(NOBODY)).filter((m) => m.chatId === GROUP);

it('a group message that does not @mention the bot gets nothing', async () => {
  for (const text of ['菜单', '待办', '预算']) await h.sb.say(h.person('张伟'), text, { chatId: GROUP });
  await sleep(1500);
  expect(h.sb.inbox(NOBODY).filter((m) => m.chatId === GROUP && m.sender === 'bot')).toHaveLength(0);
});

it('an @mention gets the group menu; its buttons and the words open views in private chats only', async () => {
  await h.sb.say(h.person('张伟'), '', { chatId: GROUP, mentions: [h.sb.botOpenId] });
  const menu = await h.sb.waitFor(() => groupBotMessages()[0]);
  expect(titleOf(menu)).toBe('政府购买服务监管助手');
  for (const who of members) {
    for (const label of ['我的待办', '我的菜单']) {
      const r = await h.sb.click(who, menu, label);
      expect(r.toast, `${who} ${label}`).toBeDefined();
      expect(r.card, `${who} ${label}`).toBeUndefined();
    }
  }
  for (const word of ['待办', '考核', '预算', '结算', '抽查', '帮助', '你好']) {
    for (const who of [h.person('张伟'), h.person('孙丽'), NOBODY]) {
      await h.sb.say(who, word, { chatId: GROUP, mentions: [h.sb.botOpenId] });
    }
  }
  await sleep(1500);
  // The group card was never replaced, and every view went to its clicker's own chat.
  expect(h.sb.message(menu.messageId)!.versions).toHaveLength(1); // the card as posted, never replaced
  const privateViews = botCards(h.sb.inbox(h.person('刘芳'))).filter((m) => m.chatId !== GROUP);
  expect(privateViews.map(titleOf)).toContain('我的待办');
  expectNothingPrivate(seenInGroup());
});

it("every button of every member's own menu, clicked on a card in the group, answers with a toast only", async () => {
  const menu = groupBotMessages()[0]!;
  const values = new Map<string, ActionValue>();
  for (const who of members) {
    // Their own main menu, sent to their private chat when they clicked 我的菜单 in the group.
    const mine = await h.sb.waitFor(() =>
      botCards(h.sb.inbox(who)).find(
        (m) =>
          m.chatId !== GROUP &&
          (m.content as { header?: { subtitle?: { content?: string } } }).header?.subtitle?.content ===
            '主菜单',
      ),
    );
    for (const v of buttonValues(mine.content)) values.set(`${who} ${JSON.stringify(v)}`, v);
  }
  expect(values.size).toBeGreaterThan(20);
  for (const [key, value] of values) {
    const who = key.split(' ')[0]!;
    const r = (await forgeCardCallback(h, who, menu.messageId, value, {}, GROUP)) as {
      card?: unknown;
      toast?: unknown;
    };
    if (value.a === 'help') continue; // the static help card is the one group-safe answer (bot/group-safe.ts)
    expect(r.card, key).toBeUndefined();
  }
  await sleep(1500);
  expect(h.sb.message(menu.messageId)!.versions).toHaveLength(1);
  expectNothingPrivate(seenInGroup());
}, 60_000);

function buttonValues(card: unknown): ActionValue[] {
  const out: ActionValue[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.tag === 'button' && Array.isArray(o.behaviors)) {
        for (const b of o.behaviors as { value?: ActionValue }[]) if (b.value) out.push(b.value);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}
