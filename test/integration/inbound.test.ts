import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { botCards, sleep, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let zhang: string;

beforeAll(async () => {
  h = await startHarness();
  zhang = h.person('张伟');
});
afterAll(() => h.stop());
beforeEach(() => h.sb.reset());

async function count(table: string): Promise<number> {
  const [r] = await h.db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`));
  return r!.n;
}

describe('inbound through the real SDK and the sandbox', () => {
  it('a signed, encrypted message gets the main menu card, as a reply', async () => {
    expect(h.sb.encryptKey).toBeTruthy();
    const d = await h.sb.say(zhang, '你好');
    expect(d.status).toBe('ok');
    expect(d.httpStatus).toBe(200);
    const card = await h.sb.waitFor(() => botCards(h.sb.inbox(zhang))[0]);
    expect(titleOf(card)).toBe('政府购买服务监管助手');
    expect(JSON.stringify(card.content)).toContain('张伟');
    expect(card.parentId).toBeTruthy();
  });

  it('the same event delivered 5 times gets one reply', async () => {
    const eventId = `ev_dup_${Date.now()}`;
    await h.sb.say(zhang, '在吗', { eventId });
    await Promise.all([1, 2, 3, 4].map(() => h.sb.redeliver(eventId)));
    await h.sb.waitFor(() => botCards(h.sb.inbox(zhang)).length >= 1);
    await sleep(1500);
    expect(botCards(h.sb.inbox(zhang))).toHaveLength(1);
    expect(h.sb.deliveries().filter((d) => d.eventId === eventId)).toHaveLength(5);
    const [r] = await h.db.execute<{ n: number }>(
      sql`select count(*)::int as n from processed_events where event_id = ${eventId}`,
    );
    expect(r!.n).toBe(1);
  });

  it('a tampered signature or a stale timestamp is refused and changes nothing', async () => {
    const before = { events: await count('processed_events'), outbox: await count('outbox') };
    const tampered = await h.sb.say(zhang, '篡改', { signature: 'f'.repeat(64) });
    const stale = await h.sb.say(zhang, '过期', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    const future = await h.sb.say(zhang, '未来', { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 });
    for (const d of [tampered, stale, future]) expect(d.httpStatus).toBe(401);
    await sleep(800);
    expect(await count('processed_events')).toBe(before.events);
    expect(await count('outbox')).toBe(before.outbox);
    expect(botCards(h.sb.inbox(zhang))).toHaveLength(0);
  });

  it('the bot menu opens the main menu; being added to a group posts an introduction', async () => {
    await h.sb.menu(zhang, 'main');
    await h.sb.waitFor(() => botCards(h.sb.inbox(zhang))[0]);
    h.sb.addChat({ chatId: 'oc_demo_group', name: '保洁项目群', members: [zhang], botIsMember: true });
    await h.sb.addBotToChat('oc_demo_group', zhang);
    const intro = await h.sb.waitFor(() =>
      botCards(h.sb.inbox(zhang)).find((m) => m.chatId === 'oc_demo_group'),
    );
    expect(titleOf(intro)).toContain('监管助手');
  });

  it('a card click is answered with the next card, and a replayed click changes nothing', async () => {
    await h.sb.say(zhang, '菜单');
    const menu = await h.sb.waitFor(() => botCards(h.sb.inbox(zhang))[0]);
    const res = await h.sb.click(zhang, menu, '使用帮助');
    expect(titleOf(h.sb.message(menu.messageId))).toBe('使用帮助');
    expect(res.delivery.status).toBe('ok');
    const again = await h.sb.redeliver(res.delivery.eventId);
    expect(again.answer).toMatchObject({ toast: { type: 'info' } });
    expect(titleOf(h.sb.message(menu.messageId))).toBe('使用帮助');
  });

  it('我的角色 answers with a toast listing the roles', async () => {
    await h.sb.say(zhang, '菜单');
    const menu = await h.sb.waitFor(() => botCards(h.sb.inbox(zhang))[0]);
    const res = await h.sb.click(zhang, menu, '我的角色');
    expect(res.toast).toMatchObject({ type: 'info' });
    expect(JSON.stringify(res.toast)).toContain('经办人');
  });

  it('a button whose value no handler knows (an old card) gets a clear error toast', async () => {
    const stale = {
      schema: '2.0',
      header: { title: { tag: 'plain_text', content: '旧卡片' }, template: 'grey' },
      body: {
        elements: [
          {
            tag: 'button',
            text: { tag: 'plain_text', content: '旧按钮' },
            behaviors: [{ type: 'callback', value: { a: 'retired.action' } }],
          },
        ],
      },
    };
    await h.app.feishu.sdk.im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: zhang, msg_type: 'interactive', content: JSON.stringify(stale) },
    });
    const msg = await h.sb.waitFor(() => h.sb.lastCard(zhang));
    const res = await h.sb.click(zhang, msg, '旧按钮');
    expect(res.toast).toMatchObject({ type: 'error' });
    expect(JSON.stringify(res.toast)).toContain('已过期');
  });
});
