/**
 * 纪检监察看板 (issue 13): the board lists exactly the planted signals (test/fixtures/board-zone.ts),
 * a unit-scoped reader sees only its unit's lines, other roles are refused, each detail opens the rows
 * behind its line, a click in a group goes privately, and the board writes nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NOT_DISCIPLINE } from '../../src/features/board/scope';
import type { MessageView } from '../../src/sandbox';
import { buttonsOf } from '../../src/sandbox/card-walk';
import { seedBoardZone, UNIT_READER } from '../fixtures/board-zone';
import { botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let zone: Awaited<ReturnType<typeof seedBoardZone>>;
beforeAll(async () => {
  h = await startHarness();
  zone = await seedBoardZone(h);
}, 90_000);
afterAll(() => h.stop());

type Detail = { a: 'board.detail'; key: string; id: number };
const detailsOf = (m: MessageView) =>
  buttonsOf(m.content)
    .map((b) => b.value as Detail)
    .filter((v) => v?.a === 'board.detail');
const lineKeys = (m: MessageView) =>
  detailsOf(m)
    .map((v) => `${v.key}:${v.id}`)
    .sort();

/** Says 看板 in the private chat and returns the board card this brings. */
async function openBoard(openId: string): Promise<MessageView> {
  const before = new Set(h.sb.inbox(openId).map((m) => m.messageId));
  await h.sb.say(openId, '看板');
  return h.sb.waitFor(() =>
    botCards(h.sb.inbox(openId)).find((m) => !before.has(m.messageId) && titleOf(m) === '纪检监察看板'),
  );
}

const writes = async () =>
  (
    await h.db.execute<{ a: number; o: number }>(
      sql`select (select count(*)::int from audit_log) as a, (select count(*)::int from outbox) as o`,
    )
  )[0];

it('the zone-wide board lists exactly the planted signals, none of the near-misses', async () => {
  expect(zone.splits).toEqual([true, false]); // the split rule itself: one warning, one below the limit
  const board = await openBoard(h.person('郑毅'));
  expect(lineKeys(board)).toEqual([...zone.expected].sort());
  const text = JSON.stringify(board.content);
  expect(text).toContain('临近或已达阈值');
  expect(text).toContain('33.3%');
});

it('a unit-scoped discipline reader sees only its unit', async () => {
  const board = await openBoard(UNIT_READER.openId);
  expect(lineKeys(board)).toEqual([...zone.expectedEnforcement].sort());
  expect(JSON.stringify(board.content)).not.toContain('资产经营公司');
});

it('finance and an assessor are refused with a Chinese toast; a forged detail outside the scope shows nothing', async () => {
  const board = await openBoard(h.person('郑毅'));
  for (const who of ['孙丽', '张伟']) {
    for (const value of [{ a: 'board.show' }, detailsOf(board)[0]!]) {
      const r = await forgeCardCallback(h, h.person(who), board.messageId, value, {});
      expect(r.toast).toMatchObject({ type: 'error', content: NOT_DISCIPLINE });
      expect((r as { card?: unknown }).card).toBeUndefined();
    }
  }
  const outside = detailsOf(board).find((v) => v.key === 'single_source')!;
  const r = await forgeCardCallback(h, UNIT_READER.openId, board.messageId, outside, {});
  expect(r.toast).toMatchObject({ type: 'error' });
  expect(JSON.stringify(r)).not.toContain('资产经营公司');
});

it('each detail button opens the rows behind its line, and reading writes nothing', async () => {
  const board = await openBoard(h.person('郑毅'));
  // Saying 看板 answers through the outbox; the clicks after it write nothing at all.
  const before = await writes();
  const expectRows: Record<string, string> = {
    warning: '78.0 分',
    termination: '75.0 分',
    ban: '原因',
    cluster: '(临界)',
    gap: '差 ',
    split: '非公开方式采购合计',
    single_source: '应急保障',
    overdue_score: '尚无成绩',
    overdue_rect: '楼道垃圾未及时清运',
    ban_recorded: '登记人',
    ban_lifted: '解除原因',
  };
  for (const v of detailsOf(board)) {
    const r = (await forgeCardCallback(h, h.person('郑毅'), board.messageId, v, {})) as {
      card?: { data?: unknown };
    };
    const card = JSON.stringify(r.card);
    expect(card, `${v.key}:${v.id}`).toContain(expectRows[v.key]);
    expect(card).toContain('返回看板');
  }
  expect(await writes()).toEqual(before);
});

it('opened in a group, the board goes to the private chat and nothing is posted in the group', async () => {
  const zheng = h.person('郑毅');
  const chatId = 'oc_board_group';
  h.sb.addChat({ chatId, name: '纪检工作群', members: [zheng, h.person('张伟')], botIsMember: true });
  await h.sb.say(zheng, '菜单', { chatId, mentions: [h.sb.botOpenId] });
  const menu = await h.sb.waitFor(() => botCards(h.sb.inbox(zheng)).find((m) => m.chatId === chatId));
  const inGroup = () => botCards(h.sb.inbox(h.person('张伟'))).filter((m) => m.chatId === chatId).length;
  const groupBefore = inGroup();
  const before = new Set(h.sb.inbox(zheng).map((m) => m.messageId));
  const r = await forgeCardCallback(h, zheng, menu.messageId, { a: 'board.show' }, {}, chatId);
  expect(r.toast).toMatchObject({ type: 'success', content: '已私聊发送' });
  expect((r as { card?: unknown }).card).toBeUndefined();
  const privateBoard = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(zheng)).find((m) => !before.has(m.messageId) && titleOf(m) === '纪检监察看板'),
  );
  expect(privateBoard.chatId).not.toBe(chatId);
  expect(inGroup()).toBe(groupBefore);
  expect(titleOf(h.sb.message(menu.messageId))).toBe(titleOf(menu));
});
