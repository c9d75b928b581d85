/**
 * Issue 21, point 4: the text a person gets instead of a card Feishu refused says what the card was
 * (its title, nothing typed in its body) and how to open it again, in words and buttons the bot
 * really answers to.
 */
import { describe, expect, it } from 'vitest';
import { WORDS } from '../../../src/bot/sections';
import { buildApprovalCard } from '../../../src/cards/approval';
import { groupMenuCard } from '../../../src/cards/group';
import { buildMenuCard } from '../../../src/cards/menu';
import { scoreReminderCard } from '../../../src/cards/score-reminder';
import { ROLES } from '../../../src/domain/roles';
import { cardLabel, REOPEN, refusedCardNotice } from '../../../src/features/deliveries/card-refused';

const approval = buildApprovalCard({
  requestId: 42,
  stageId: 7,
  stageLabel: '单位领导班子集体决策',
  unit: '资产经营公司',
  lineLabel: '2026 物业服务',
  amountYuan: '180,000.00 元',
  amountWan: '18.00 万元',
  remainingAfter: '20,000.00 元',
  category: '物业管理',
  description: '办公楼保洁详见https://x.cn附件',
  why: '保洁人员不足',
  market: '询价三家',
  method: '询价',
  people: '张伟',
  route: '单位领导班子',
  history: [],
  needsMeeting: true,
});

/** Every button text of a card (Card JSON 2.0 `text.content` of a `button`). */
function buttonTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) buttonTexts(x, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.tag === 'button') out.push(String((o.text as { content?: unknown })?.content));
    for (const v of Object.values(o)) buttonTexts(v, out);
  }
  return out;
}

describe('the text sent instead of a refused card', () => {
  it('names the approval card by its title and sends a leader to 我的待办, repeating nothing typed', () => {
    const t = refusedCardNotice(approval, 'send', 'person');
    expect(t).toBe(
      '卡片「采购审批 #42 · 单位领导班子集体决策」因格式问题未能发出(飞书拒收)。管理员已收到通知。请发送「待办」重新打开「我的待办」。',
    );
    for (const typed of ['办公楼保洁', 'x.cn', '保洁人员不足', '询价三家']) expect(t).not.toContain(typed);
  });

  it('in a group, or where the chat is not known, asks in private (a section opens privately)', () => {
    const reminder = scoreReminderCard({
      kind: 'remind',
      contractId: 3,
      contractNo: 'HT-2026-0003',
      month: '2026-10',
      vendorName: '某物业公司',
      categoryLabel: '物业管理',
      due: '2026-11-10',
    });
    expect(refusedCardNotice(reminder, 'send', 'group')).toContain(
      '请私聊我发送「考核」重新打开「月度考核」。',
    );
    expect(refusedCardNotice(reminder, 'reply', 'unknown')).toContain('请私聊我发送「考核」');
  });

  it('a refused update says the card shown may be out of date', () => {
    const t = refusedCardNotice(approval, 'patch', 'person');
    expect(t).toContain('未能更新为最新内容');
    expect(t).toContain('原卡片显示的可能已过时');
  });

  it('a card of no known section points to the main menu; one without a title is "一张卡片"', () => {
    const bare = { schema: '2.0', body: { elements: [{ tag: 'markdown', content: '机密内容' }] } };
    expect(refusedCardNotice(bare, 'send', 'person')).toBe(
      '一张卡片因格式问题未能发出(飞书拒收)。管理员已收到通知。请发送「菜单」打开主菜单,查看相关事项。',
    );
    const menu = buildMenuCard({ name: '马骏', roles: [{ role: 'admin', scope: '全区', unitId: null }] });
    // The menu's own buttons name no section; its first button with one does (我的待办).
    expect(refusedCardNotice(menu, 'reply', 'person')).toContain('「待办」');
  });

  it('a title is one short line with no tag a text message would read (an <at> of everyone)', () => {
    const card = (title: string) => ({ header: { title: { tag: 'plain_text', content: title } } });
    expect(cardLabel(card('整改事项 · <at user_id="all">所有人</at>\n第二行\u0007'))).toBe(
      '整改事项 · at user_id="all" 所有人 /at 第二行',
    );
    expect(cardLabel(card('长'.repeat(60)))).toBe(`${'长'.repeat(39)}…`);
    expect(cardLabel({ config: { summary: { content: '结算 HT-1' } } })).toBe('结算 HT-1');
    expect(cardLabel({ header: { title: { content: '  ' } } })).toBeUndefined();
    expect(refusedCardNotice(card('<at user_id="all"></at>'), 'send', 'person')).not.toMatch(/[<>]/);
  });

  it('every way back it names is one the bot answers: a word, a main-menu button, a group-menu button', () => {
    const everyRole = buildMenuCard({
      name: '马骏',
      roles: ROLES.map((role) => ({ role, scope: '全区', unitId: null })),
    });
    const mainButtons = buttonTexts(everyRole);
    const groupButtons = buttonTexts(groupMenuCard());
    for (const [area, r] of Object.entries(REOPEN)) {
      if ('word' in r) expect(Object.keys(WORDS), area).toContain(r.word);
      else if ('button' in r) expect(mainButtons, area).toContain(r.button);
      else expect(groupButtons, area).toContain(r.groupMenu);
    }
  });
});
