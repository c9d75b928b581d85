import type * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newAppCredentials, type Sandbox, startSandbox } from '../../../src/sandbox';
import { approvalCard, type FakeBot, formCard, type Received, sdkClient, startFakeBot } from './fixtures';

const ALICE = 'ou_alice';
const BOB = 'ou_bob';
const creds = newAppCredentials();
let sb: Sandbox;
let bot: FakeBot;
let client: lark.Client;
let answer: (r: Received) => unknown = () => ({});

async function sendCard(to: string, card: object): Promise<string> {
  const res = await client.im.v1.message.create({
    params: { receive_id_type: 'open_id' },
    data: { receive_id: to, msg_type: 'interactive', content: JSON.stringify(card) },
  });
  return res.data?.message_id ?? '';
}

const last = (): Received => bot.received[bot.received.length - 1] as Received;
const lastAction = () => last().envelope.event.action as Record<string, unknown>;

beforeAll(async () => {
  sb = await startSandbox({ ...creds, limits: { deliveryTimeoutMs: 400 } });
  sb.addUser({ openId: ALICE, name: '张三' });
  sb.addUser({ openId: BOB, name: '李四' });
  sb.addChat({ chatId: 'oc_team', name: '项目组', members: [ALICE, BOB], botIsMember: false });
  bot = await startFakeBot(creds.encryptKey, (r) => answer(r));
  sb.setEventUrl(bot.url);
  client = sdkClient(sb);
});
afterAll(async () => {
  await sb.close();
  await bot.close();
});
beforeEach(() => {
  sb.reset();
  bot.received.length = 0;
  answer = () => ({});
});

describe('events to the bot over HTTP', () => {
  it('say() posts an encrypted, signed im.message.receive_v1 and records the delivery', async () => {
    const delivery = await sb.say('张三', '查询本月考核');
    expect(delivery).toMatchObject({
      via: 'http',
      status: 'ok',
      httpStatus: 200,
      eventType: 'im.message.receive_v1',
    });
    const r = last();
    expect(JSON.parse(r.raw)).toHaveProperty('encrypt');
    expect(r.signatureOk).toBe(true);
    expect(Number(r.headers['x-lark-request-timestamp'])).toBeCloseTo(Date.now() / 1000, -1);
    expect(r.envelope).toMatchObject({
      schema: '2.0',
      header: { event_id: delivery.eventId, token: creds.verificationToken, app_id: creds.appId },
      event: {
        sender: { sender_id: { open_id: ALICE }, sender_type: 'user' },
        message: { chat_id: `oc_p2p_${ALICE}`, chat_type: 'p2p', message_type: 'text' },
      },
    });
    const message = r.envelope.event.message as { content: string; message_id: string };
    expect(JSON.parse(message.content)).toEqual({ text: '查询本月考核' });
    expect(sb.inbox(ALICE)).toMatchObject([{ messageId: message.message_id, sender: 'user' }]);
  });

  it('tampering is visible to the bot; slow answers time out; re-push keeps the event_id', async () => {
    const forged = await sb.say('张三', '伪造', { signature: 'deadbeef' });
    expect(forged).toMatchObject({ status: 'error', httpStatus: 401 });
    const stale = await sb.say('张三', '旧的', { timestamp: 1_600_000_000, eventId: 'evt_fixed' });
    expect(last().headers['x-lark-request-timestamp']).toBe('1600000000');
    expect(last().signatureOk).toBe(true);
    expect(stale.eventId).toBe('evt_fixed');

    const again = await sb.redeliver('evt_fixed');
    expect(again.eventId).toBe('evt_fixed');
    expect(bot.received.filter((r) => r.envelope.header.event_id === 'evt_fixed')).toHaveLength(2);

    answer = () => new Promise((r) => setTimeout(() => r({}), 700));
    const slow = await sb.say('张三', '慢');
    expect(slow.status).toBe('timeout');
    expect(slow.latencyMs).toBeLessThan(650);
    expect(sb.deliveries().map((d) => d.status)).toEqual(['error', 'ok', 'ok', 'timeout']);
  });

  it('menu and bot-added events carry the documented fields', async () => {
    await sb.menu('李四', 'my_tasks');
    expect(last().envelope).toMatchObject({
      header: { event_type: 'application.bot.menu_v6' },
      event: { operator: { operator_id: { open_id: BOB } }, event_key: 'my_tasks' },
    });
    await expect(sb.say('张三', '群里说话', { chatId: 'oc_team' })).rejects.toThrow('机器人不在会话');
    await sb.addBotToChat('oc_team', '张三');
    expect(last().envelope).toMatchObject({
      header: { event_type: 'im.chat.member.bot.added_v1' },
      event: { chat_id: 'oc_team', operator_id: { open_id: ALICE }, name: '项目组' },
    });
    await sb.say('李四', '现在可以了', { chatId: 'oc_team' });
    expect(last().envelope.event.message).toMatchObject({ chat_type: 'group', chat_id: 'oc_team' });
  });
});

describe('card callbacks', () => {
  it('click() finds a nested button, sends its callback value and applies the answered card', async () => {
    const id = await sendCard(ALICE, approvalCard(7));
    answer = () => ({
      toast: { type: 'success', content: '已通过' },
      card: { type: 'raw', data: approvalCard(7, '已通过') },
    });
    const result = await sb.click('张三', id, '通过');
    expect(result.toast).toEqual({ type: 'success', content: '已通过' });
    expect(result.delivery.eventType).toBe('card.action.trigger');
    expect(last().envelope.event).toMatchObject({
      operator: { open_id: ALICE },
      token: expect.stringMatching(/^c-/),
      action: { tag: 'button', value: { action: 'approve', id: 7 } },
      context: { open_message_id: id, open_chat_id: `oc_p2p_${ALICE}` },
    });
    expect(sb.message(id)?.content).toMatchObject({ header: { title: { content: '已通过' } } });
    expect(sb.message(id)?.versions).toHaveLength(2);

    await sb.click('张三', id, { action: 'reject' });
    expect(lastAction().value).toEqual({ action: 'reject', id: 7 });
    await expect(sb.click('张三', id, '撤销')).rejects.toThrow(/找不到按钮「撤销」.*通过.*驳回/);
    await expect(sb.click('李四', id, '通过')).rejects.toThrow('看不到');
  });

  it('clickLater() delivers the click now and applies the answer only when apply() is called', async () => {
    const id = await sendCard(ALICE, approvalCard(9));
    answer = () => ({
      toast: { type: 'success', content: '已通过' },
      card: { type: 'raw', data: approvalCard(9, '已通过') },
    });
    const { delivery, apply } = await sb.clickLater('张三', id, '通过');
    expect(delivery.status).toBe('ok');
    expect(lastAction().value).toEqual({ action: 'approve', id: 9 });
    // The bot has answered; the card is unchanged until the answer is applied.
    expect(sb.message(id)?.versions).toHaveLength(1);
    expect(apply().toast).toEqual({ type: 'success', content: '已通过' });
    expect(sb.message(id)?.content).toMatchObject({ header: { title: { content: '已通过' } } });
    expect(sb.message(id)?.versions).toHaveLength(2);
  });

  it('a form submit sends every field by name, defaults included; required fields are enforced', async () => {
    const id = await sendCard(ALICE, formCard());
    await expect(sb.click('张三', id, '提交')).rejects.toThrow('必填项「扣分」');
    await expect(sb.click('张三', id, '提交', { pointz: '3' })).rejects.toThrow('没有字段 pointz');
    await expect(sb.click('张三', id, '提交', { points: '3', reason: 'sick' })).rejects.toThrow('没有选项');
    await sb.click('张三', id, '提交', { points: '3' });
    expect(lastAction()).toEqual({
      tag: 'button',
      name: 'submit_deduct',
      value: { action: 'deduct' },
      form_value: { points: '3', note: '', reason: 'late' },
    });
  });

  it('a bad answer is journaled and leaves the card as it was', async () => {
    const id = await sendCard(ALICE, approvalCard(8));
    answer = () => approvalCard(8, '裸卡片'); // the classic mistake: no {card:{type:'raw', data}}
    await sb.click('张三', id, '通过');
    answer = () => ({
      card: { type: 'raw', data: { schema: '2.0', body: { elements: [{ tag: 'bogus' }] } } },
    });
    await sb.click('张三', id, '通过');
    expect(sb.errors().map((e) => e.kind)).toEqual(['bad_answer', 'bad_answer']);
    expect(sb.message(id)?.versions).toHaveLength(1);
  });

  it('the callback token allows two delayed updates within 30 minutes', async () => {
    const id = await sendCard(ALICE, approvalCard(9));
    await sb.click('张三', id, '通过');
    const token = last().envelope.event.token as string;
    const update = (title: string) =>
      client.request({
        method: 'POST',
        url: '/open-apis/interactive/v1/card/update',
        data: { token, card: approvalCard(9, title) },
      });
    expect(await update('处理中')).toMatchObject({ code: 0 });
    expect(await update('已完成')).toMatchObject({ code: 0 });
    await expect(update('第三次')).rejects.toMatchObject({ response: { data: { code: 230001 } } });
    expect(sb.message(id)?.content).toMatchObject({ header: { title: { content: '已完成' } } });
  });

  it('select() sends the chosen option of a stand-alone select', async () => {
    const card = approvalCard(10);
    card.body.elements.push({
      tag: 'select_static',
      name: 'period',
      options: [
        { text: { tag: 'plain_text', content: '本月' }, value: '2025-05' },
        { text: { tag: 'plain_text', content: '上月' }, value: '2025-04' },
      ],
    });
    const id = await sendCard(ALICE, card);
    await sb.select('张三', id, 'period', '2025-04');
    expect(lastAction()).toMatchObject({ tag: 'select_static', name: 'period', option: '2025-04' });
    await expect(sb.select('张三', id, 'period', '2030-01')).rejects.toThrow('没有选项');
  });
});

describe('control API for other processes', () => {
  it('lets the chat CLI act as a user by name and read what they see', async () => {
    const post = (verb: string, body: object) =>
      fetch(`${sb.url}/_sandbox/${verb}`, { method: 'POST', body: JSON.stringify(body) });
    const said = await post('say', { user: '张三', text: '你好' });
    expect(await said.json()).toMatchObject({ status: 'ok', eventType: 'im.message.receive_v1' });
    const id = await sendCard(ALICE, approvalCard(11));
    const clicked = await post('click', { user: ALICE, messageId: id, button: '驳回' });
    expect(clicked.status).toBe(200);
    const inbox = (await (
      await fetch(`${sb.url}/_sandbox/inbox?user=${encodeURIComponent('张三')}`)
    ).json()) as {
      sender: string;
    }[];
    expect(inbox.map((m) => m.sender)).toEqual(['user', 'bot']);
    const users = (await (await fetch(`${sb.url}/_sandbox/users`)).json()) as { name: string }[];
    expect(users.map((u) => u.name)).toEqual(['张三', '李四']);
    const unknown = await post('say', { user: '王五', text: 'x' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: '未知用户 王五' });
    const stats = (await (await fetch(`${sb.url}/_sandbox/stats`)).json()) as { messages: number };
    expect(stats.messages).toBe(1);
  });
});
