/**
 * What the web chat and `npm run chat` do beyond typing, through the sandbox's control API (issue 24,
 * point 5): a person creates a group with people they pick and the bot joins (its
 * im.chat.member.bot.added_v1), `@机器人` in a group mentions the bot as Feishu does, and "+" sends a
 * picture (an image message) or any file (a file message `{file_key, file_name}`) whose bytes the bot
 * downloads through the message-resource route. A file message shows its name and size. Refusals are
 * in Chinese and leave nothing behind.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { normalizeEvent } from '../../../src/bot/normalize';
import { newAppCredentials, p2pChatId, type Sandbox, startSandbox } from '../../../src/sandbox';
import { type FakeBot, type Received, sdkClient, startFakeBot } from '../../integration/sandbox/fixtures';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF rest of a jpeg')]);
const A = 'ou_web_a';
const B = 'ou_web_b';
const C = 'ou_web_c';

let sb: Sandbox;
let bot: FakeBot;
beforeAll(async () => {
  const creds = newAppCredentials();
  sb = await startSandbox(creds);
  bot = await startFakeBot(creds.encryptKey);
  sb.setEventUrl(bot.url);
  sb.addUser({ openId: A, name: '王建国', jobTitle: '资产经营公司 · 单位领导班子' });
  sb.addUser({ openId: B, name: '李秀英' });
  sb.addUser({ openId: C, name: '张伟' });
});
afterAll(async () => {
  await sb.close();
  await bot.close();
});
beforeEach(() => {
  bot.received.length = 0;
});

/**
 * A POST on a connection of its own: a kept-alive socket the server closes as idle while this
 * process is busy building a 64 MB body would fail the next request with a reset, a race of the
 * test's own making (the browser and the terminal chat send one upload at a time).
 */
function post(path: string, body: object | Buffer) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  type Answer = { status: number; json: Record<string, unknown> & { error?: string } };
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      `${sb.url}${path}`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': Buffer.isBuffer(body) ? 'application/octet-stream' : 'application/json',
          'content-length': bytes.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}
const get = async (path: string) => (await fetch(`${sb.url}${path}`)).json() as Promise<unknown>;
const chatsOf = async (user: string) =>
  (await get(`/chat/api/chats?user=${user}`)) as { chatId: string; name: string; type: string }[];
const events = (type: string) => bot.received.filter((r: Received) => r.envelope.header.event_type === type);
const message = (r: Received) => r.envelope.event.message as Record<string, unknown>;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const count = () => sb.users().reduce((n, u) => n + sb.inbox(u.openId).length, 0);

async function download(messageId: string, key: string, type: 'image' | 'file'): Promise<Buffer> {
  const res = await sdkClient(sb).im.v1.messageResource.get({
    params: { type },
    path: { message_id: messageId, file_key: key },
  });
  const chunks: Buffer[] = [];
  for await (const c of res.getReadableStream()) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

it('a person is listed with what their profile says under their name', async () => {
  const users = (await get('/_sandbox/users')) as { name: string; jobTitle?: string }[];
  expect(users.find((u) => u.name === '王建国')?.jobTitle).toBe('资产经营公司 · 单位领导班子');
  expect(users.find((u) => u.name === '李秀英')).not.toHaveProperty('jobTitle');
});

it('a group created with picked people (by name or open_id) has the creator in it, and the bot joins', async () => {
  const r = await post('/_sandbox/group', {
    user: '王建国',
    name: ' 资产经营公司领导班子 ',
    members: ['李秀英', C],
  });
  expect(r.status).toBe(200);
  const chatId = String(r.json.chatId);
  expect(chatId).toMatch(/^oc_[0-9a-f]{32}$/);
  expect(r.json).toMatchObject({
    name: '资产经营公司领导班子',
    type: 'group',
    members: [A, B, C],
    botIsMember: true,
  });
  const [added] = events('im.chat.member.bot.added_v1');
  expect(added!.envelope.event).toMatchObject({
    chat_id: chatId,
    name: '资产经营公司领导班子',
    operator_id: { open_id: A },
  });
  expect(normalizeEvent(added!.envelope)).toMatchObject({ kind: 'bot_added', chatId, openId: A });
  // In each member's chat list, beside their private chat with the bot; not in anyone else's.
  for (const who of [A, B, C]) {
    const chats = await chatsOf(who);
    expect(chats.map((c) => c.type)).toEqual(['p2p', 'group']);
    expect(chats[1]).toMatchObject({ chatId, name: '资产经营公司领导班子' });
  }
  sb.addUser({ openId: 'ou_web_d', name: '孙丽' });
  expect((await chatsOf('ou_web_d')).map((c) => c.type)).toEqual(['p2p']);
});

it('a group with no name, too long a name or an unknown member is refused in Chinese; nothing is created', async () => {
  const before = (await chatsOf(A)).length;
  const cases: [object, number, string][] = [
    [{ user: A, name: '  ', members: [B] }, 400, '请填写群名称'],
    [{ user: A, name: '群'.repeat(61), members: [B] }, 400, '群名称不能超过 60 个字'],
    [{ user: A, name: '班子', members: [B, '赵六'] }, 404, '未知用户 赵六'],
    [{ user: '钱七', name: '班子', members: [B] }, 404, '未知用户 钱七'],
  ];
  for (const [body, status, error] of cases) {
    const r = await post('/_sandbox/group', body);
    expect(r, error).toMatchObject({ status, json: { error } });
  }
  expect((await chatsOf(A)).length).toBe(before);
  expect(bot.received).toEqual([]);
});

it('in a group, "@机器人 …" mentions the bot as Feishu sends it; without it the message mentions nobody', async () => {
  const { json: g } = await post('/_sandbox/group', { user: A, name: '保洁项目群', members: [C] });
  const chatId = String(g.chatId);
  bot.received.length = 0;
  expect((await post('/_sandbox/say', { user: C, chatId, text: '@机器人 菜单' })).status).toBe(200);
  expect((await post('/_sandbox/say', { user: C, chatId, text: '大家好' })).status).toBe(200);
  expect(
    (await post('/_sandbox/say', { user: C, chatId, text: '看下 @政府购买服务监管助手 待办' })).status,
  ).toBe(200);
  const [menu, hello, todo] = events('im.message.receive_v1').map((r) => normalizeEvent(r.envelope));
  expect(menu).toMatchObject({ kind: 'message', chatType: 'group', text: '菜单', mentions: [sb.botOpenId] });
  expect(hello).toMatchObject({ text: '大家好', mentions: [] });
  expect(todo).toMatchObject({ text: '看下 待办', mentions: [sb.botOpenId] });
  // The chat shows the mention by the bot's name, as the client draws `@_user_1`.
  const texts = sb
    .inbox(C)
    .filter((m) => m.chatId === chatId && m.msgType === 'text')
    .map((m) => (m.content as { text: string }).text);
  expect(texts).toEqual(['@政府购买服务监管助手 菜单', '大家好', '@政府购买服务监管助手 看下 待办']);
  // A mention and nothing else is refused; in the private chat "@机器人" is just text.
  expect(await post('/_sandbox/say', { user: C, chatId, text: '@机器人' })).toMatchObject({
    status: 400,
    json: { error: '@机器人 之后请写上要说的话' },
  });
  bot.received.length = 0;
  await post('/_sandbox/say', { user: C, text: '@机器人 菜单' });
  expect(normalizeEvent(events('im.message.receive_v1')[0]!.envelope)).toMatchObject({
    chatType: 'p2p',
    text: '@机器人 菜单',
    mentions: [],
  });
});

it('"+" 图片: a PNG or JPG becomes an image message the bot downloads byte for byte, shown to the chat', async () => {
  for (const bytes of [PNG, JPG]) {
    bot.received.length = 0;
    const r = await post(`/_sandbox/image?user=${C}`, bytes);
    expect(r.status).toBe(200);
    const [got] = events('im.message.receive_v1');
    expect(message(got!)).toMatchObject({ message_type: 'image', chat_id: p2pChatId(C), chat_type: 'p2p' });
    const e = normalizeEvent(got!.envelope) as { messageId: string; imageKey: string };
    expect(e).toMatchObject({ messageId: r.json.messageId, imageKey: r.json.imageKey, text: '' });
    expect(sha(await download(e.messageId, e.imageKey, 'image'))).toBe(sha(bytes));
    const page = await fetch(`${sb.url}/chat/api/image?message=${e.messageId}&key=${e.imageKey}`);
    expect(page.headers.get('content-type')).toBe(bytes === PNG ? 'image/png' : 'image/jpeg');
    expect(Buffer.from(await page.arrayBuffer()).equals(bytes)).toBe(true);
  }
});

it('"+" 图片 refuses what is not a PNG or JPG, and a picture over 10 MB, in Chinese; nothing is sent', async () => {
  const before = count();
  expect(await post(`/_sandbox/image?user=${C}`, Buffer.from('GIF89a not allowed'))).toMatchObject({
    status: 400,
    json: { error: '只能发送 PNG 或 JPG 图片,其他文件请用「发送文件」' },
  });
  const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
  expect(await post(`/_sandbox/image?user=${C}`, big)).toMatchObject({
    status: 413,
    json: { error: '图片不能超过 10 MB,请作为文件发送' },
  });
  expect(await post('/_sandbox/image?user=nobody', PNG)).toMatchObject({
    status: 404,
    json: { error: '未知用户 nobody' },
  });
  expect(count()).toBe(before);
  expect(bot.received).toEqual([]);
});

it('"+" 文件: any file becomes a file message {file_key, file_name}; the bot downloads it; its name and size are shown', async () => {
  const { json: g } = await post('/_sandbox/group', { user: A, name: '预算群', members: [B] });
  const chatId = String(g.chatId);
  bot.received.length = 0;
  const bytes = Buffer.from(Array.from({ length: 150_000 }, (_, i) => (i * 7) % 256));
  const name = '2027年 预算额度.xlsx';
  const r = await post(`/_sandbox/file?user=${B}&chatId=${chatId}&name=${encodeURIComponent(name)}`, bytes);
  expect(r.status).toBe(200);
  const [got] = events('im.message.receive_v1');
  const m = message(got!);
  expect(m).toMatchObject({
    message_type: 'file',
    chat_id: chatId,
    chat_type: 'group',
    message_id: r.json.messageId,
  });
  expect(JSON.parse(String(m.content))).toEqual({ file_key: r.json.fileKey, file_name: name });
  expect(sha(await download(String(r.json.messageId), String(r.json.fileKey), 'file'))).toBe(sha(bytes));
  // Every member sees it with its name and size; the page downloads it under its name.
  for (const who of [A, B]) {
    const seen = sb.inbox(who).find((x) => x.messageId === r.json.messageId)!;
    expect(seen).toMatchObject({ msgType: 'file', sender: 'user', senderOpenId: B });
    expect(seen.file).toEqual({ name, size: 150_000 });
  }
  const page = await fetch(`${sb.url}/chat/api/file?key=${r.json.fileKey}`);
  expect(page.headers.get('content-disposition')).toContain(encodeURIComponent(name));
  expect(Buffer.from(await page.arrayBuffer()).equals(bytes)).toBe(true);
});

it('"+" 文件 up to 64 MB goes (the bot decides what it takes); a larger, an empty or a nameless file is refused', async () => {
  const thirty = Buffer.alloc(30 * 1024 * 1024 + 1, 1);
  const ok = await post(`/_sandbox/file?user=${C}&name=big.xlsx`, thirty);
  expect(ok.status).toBe(200);
  expect(sb.inbox(C).find((m) => m.messageId === ok.json.messageId)?.file).toEqual({
    name: 'big.xlsx',
    size: thirty.length,
  });
  const before = count();
  bot.received.length = 0;
  const cases: [string, Buffer, number, string][] = [
    [
      `/_sandbox/file?user=${C}&name=huge.bin`,
      Buffer.alloc(64 * 1024 * 1024 + 1),
      413,
      '沙箱中发送的文件不能超过 64 MB',
    ],
    [`/_sandbox/file?user=${C}&name=empty.txt`, Buffer.alloc(0), 400, '不能发送空文件'],
    [`/_sandbox/file?user=${C}`, Buffer.from('x'), 400, '缺少参数 name(文件名)'],
    [`/_sandbox/file?user=${C}&name=a.txt&chatId=oc_nope`, Buffer.from('x'), 400, `张伟 不在会话 oc_nope 中`],
  ];
  for (const [path, body, status, error] of cases)
    expect(await post(path, body), error).toMatchObject({ status, json: { error } });
  expect(count()).toBe(before);
  expect(bot.received).toEqual([]);
}, 30_000);

it('the page ships its composer module', async () => {
  const res = await fetch(`${sb.url}/chat/static/compose.js`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/javascript');
  const html = await (await fetch(`${sb.url}/chat`)).text();
  for (const id of ['new-group', 'group-dialog', 'plus', 'pick-image', 'pick-file', 'mention'])
    expect(html).toContain(`id="${id}"`);
});
