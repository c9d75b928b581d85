import type * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newAppCredentials, type Sandbox, startSandbox } from '../../../src/sandbox';
import { approvalCard, sdkClient } from './fixtures';

/** What the SDK throws for HTTP >= 400: an AxiosError carrying Feishu's body. */
interface HttpError {
  response: { status: number; data: { code: number; msg: string }; headers: Record<string, string> };
}

async function failure(p: Promise<unknown>): Promise<HttpError['response']> {
  try {
    await p;
  } catch (e) {
    return (e as HttpError).response;
  }
  throw new Error('expected the call to fail');
}

let sb: Sandbox;
let client: lark.Client;
const ALICE = 'ou_alice';
const BOB = 'ou_bob';

const sendText = (to: string, text: string, uuid?: string) =>
  client.im.v1.message.create({
    params: { receive_id_type: 'open_id' },
    data: { receive_id: to, msg_type: 'text', content: JSON.stringify({ text }), ...(uuid ? { uuid } : {}) },
  });

const sendCard = (to: string, card: object, idType: 'open_id' | 'chat_id' = 'open_id') =>
  client.im.v1.message.create({
    params: { receive_id_type: idType },
    data: { receive_id: to, msg_type: 'interactive', content: JSON.stringify(card) },
  });

beforeAll(async () => {
  sb = await startSandbox(newAppCredentials());
  sb.addUser({ openId: ALICE, name: '张三' });
  sb.addUser({ openId: BOB, name: '李四', email: 'lisi@example.gov.cn' });
  sb.addChat({ chatId: 'oc_team', name: '项目组', members: [ALICE, BOB] });
  sb.addChat({ chatId: 'oc_private', name: '无机器人群', members: [ALICE], botIsMember: false });
  client = sdkClient(sb);
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

describe('messages through the real SDK', () => {
  it('creates, replies, patches and urgents a card, with the documented response shape', async () => {
    const created = await sendCard(ALICE, approvalCard(1));
    expect(created.code).toBe(0);
    const id = created.data?.message_id ?? '';
    expect(id).toMatch(/^om_/);
    expect(created.data).toMatchObject({
      chat_id: `oc_p2p_${ALICE}`,
      msg_type: 'interactive',
      sender: { id: sb.appId, id_type: 'app_id', sender_type: 'app' },
    });

    const reply = await client.im.v1.message.reply({
      path: { message_id: id },
      data: { msg_type: 'text', content: JSON.stringify({ text: '已收到' }) },
    });
    expect(reply.data?.chat_id).toBe(`oc_p2p_${ALICE}`);

    const patched = await client.im.v1.message.patch({
      path: { message_id: id },
      data: { content: JSON.stringify(approvalCard(1, '已通过')) },
    });
    expect(patched.code).toBe(0);

    const urgent = await client.im.v1.message.urgentApp({
      path: { message_id: id },
      params: { user_id_type: 'open_id' },
      data: { user_id_list: [ALICE, BOB] },
    });
    // Bob is not in Alice's one-to-one chat, so he cannot be 加急'd on it.
    expect(urgent.data?.invalid_user_id_list).toEqual([BOB]);

    const inbox = sb.inbox(ALICE);
    expect(inbox.map((m) => m.msgType)).toEqual(['interactive', 'text']);
    expect(inbox[0]?.versions).toHaveLength(2);
    expect(inbox[0]?.urgent).toBe(true);
    expect(sb.lastCard('张三')?.content).toMatchObject({ header: { title: { content: '已通过' } } });
    expect(sb.inbox(BOB)).toEqual([]);
    expect(sb.errors()).toEqual([]);
  });

  it('a group message is seen by every member; email resolves a user', async () => {
    await sendCard('oc_team', approvalCard(2), 'chat_id');
    await client.im.v1.message.create({
      params: { receive_id_type: 'email' },
      data: { receive_id: 'lisi@example.gov.cn', msg_type: 'text', content: '{"text":"你好"}' },
    });
    expect(sb.inbox(ALICE)).toHaveLength(1);
    expect(sb.inbox(BOB).map((m) => m.chatId)).toEqual(['oc_team', `oc_p2p_${BOB}`]);
  });

  it('the same uuid within the hour returns the same message and creates no second one', async () => {
    const a = await sendText(ALICE, '第一条', 'outbox-42');
    const b = await sendText(ALICE, '第一条', 'outbox-42');
    expect(b.data?.message_id).toBe(a.data?.message_id);
    expect(sb.inbox(ALICE)).toHaveLength(1);
    expect(sb.stats()).toMatchObject({ messages: 1, uuidDeduplicated: 1 });
  });

  it('refuses unknown users, chats without the bot, malformed content and bad cards', async () => {
    expect((await failure(sendText('ou_nobody', 'hi'))).data.code).toBe(230013);
    expect((await failure(sendCard('oc_private', approvalCard(3), 'chat_id'))).data.code).toBe(230002);
    const notJson = client.im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: ALICE, msg_type: 'text', content: '{"text":' },
    });
    const bad = await failure(notJson);
    expect(bad.status).toBe(400);
    expect(bad.data.code).toBe(230001);
    expect(bad.data.msg).toContain('ext=');
    const badType = await failure(
      client.request({
        method: 'POST',
        url: '/open-apis/im/v1/messages',
        params: { receive_id_type: 'phone' },
        data: { receive_id: ALICE, msg_type: 'text', content: '{"text":"x"}' },
      }),
    );
    expect(badType.data.code).toBe(230001);

    const broken = { schema: '2.0', body: { elements: [{ tag: 'no_such_element' }] } };
    const refused = await failure(sendCard(ALICE, broken));
    expect(refused.data.code).toBe(230099);
    expect(sb.errors().some((e) => e.kind === 'bad_card')).toBe(true);

    const huge = approvalCard(4);
    huge.body.elements.push({ tag: 'markdown', content: '字'.repeat(12_000) });
    expect((await failure(sendCard(ALICE, huge))).data.code).toBe(230025);
    expect(sb.inbox(ALICE)).toEqual([]);
  });

  it('only the app own cards can be patched', async () => {
    const text = await sendText(ALICE, '纯文本');
    const patch = client.im.v1.message.patch({
      path: { message_id: text.data?.message_id ?? '' },
      data: { content: JSON.stringify(approvalCard(5)) },
    });
    expect((await failure(patch)).data.code).toBe(230001);
  });
});

describe('gateway behaviour', () => {
  it('the 6th send to one user within a second gets 429 with x-ogw-ratelimit-reset', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => sendText(ALICE, `消息${i}`)),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    const res = (refused[0] as PromiseRejectedResult).reason.response as HttpError['response'];
    expect(res.status).toBe(429);
    expect(res.data.code).toBe(99991400);
    expect(Number(res.headers['x-ogw-ratelimit-reset'])).toBeGreaterThanOrEqual(1);
    // Another receiver is not affected; the refused request did not count.
    await sendText(BOB, '别人');
    const stats = sb.stats();
    expect(stats.rateLimited).toBe(1);
    expect(stats.rateLimitedByApi['POST /open-apis/im/v1/messages']).toBe(1);
    expect(stats.messages).toBe(6);
  });

  it('a message takes 5 patches per second, and none after the edit window', async () => {
    let clock = Date.now();
    const own = await startSandbox({
      ...newAppCredentials(),
      now: () => clock,
      limits: { patchWindowMs: 60_000 },
    });
    own.addUser({ openId: ALICE, name: '张三' });
    const c = sdkClient(own);
    const sent = await c.im.v1.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: ALICE, msg_type: 'interactive', content: JSON.stringify(approvalCard(6)) },
    });
    const patch = (n: number) =>
      c.im.v1.message.patch({
        path: { message_id: sent.data?.message_id ?? '' },
        data: { content: JSON.stringify(approvalCard(6, `第${n}版`)) },
      });
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map(patch));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    clock += 61_000;
    expect((await failure(patch(7))).data.code).toBe(230031);
    expect(own.message(sent.data?.message_id ?? '')?.versions).toHaveLength(6);
    await own.close();
  });

  it('an unknown route is a 404 and an error the test can see', async () => {
    const res = await failure(client.request({ method: 'GET', url: '/open-apis/contact/v3/users/ou_alice' }));
    expect(res.status).toBe(404);
    expect(sb.errors()).toEqual([
      expect.objectContaining({
        kind: 'unknown_route',
        message: expect.stringContaining('/open-apis/contact'),
      }),
    ]);
  });

  it('revoked tokens get 99991663 until the client fetches a new one', async () => {
    const own = sdkClient(sb);
    const send = (c: lark.Client) =>
      c.im.v1.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: ALICE, msg_type: 'text', content: '{"text":"你好"}' },
      });
    await send(own);
    sb.revokeTokens();
    expect((await failure(send(own))).data.code).toBe(99991663);
    expect((await send(sdkClient(sb))).code).toBe(0);
    client = sdkClient(sb); // the shared client's cached token is dead too
  });

  it('wrong app credentials are refused at the token endpoint', async () => {
    const res = await fetch(`${sb.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: sb.appId, app_secret: 'wrong' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 10014 });
    const missing = await fetch(`${sb.url}/open-apis/im/v1/messages?receive_id_type=open_id`, {
      method: 'POST',
    });
    expect(((await missing.json()) as { code: number }).code).toBe(99991661);
  });
});
