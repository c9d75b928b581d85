import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { MessageView, SandboxUser } from '../sandbox';
import type { Control } from '../sandbox/card-text';
import { BUTTON_GONE } from '../sandbox/control-api';
import { p2pChatId } from '../sandbox/directory';
import { SANDBOX_URL_FILE } from '../sandbox-boot';
import { type ChatCommand, type ChatRef, findChat, parseChatCommand } from './chat-commands';
import { fillValue } from './chat-input';
import { describeMessage, describeToast } from './render';

/**
 * A terminal chat with the running sandbox as one person of the demo zone: type a message, see
 * each card as text, click a button or fill a form field by its number; create and talk in groups,
 * send a picture or a file (chat-commands.ts).
 */
const { values } = parseArgs({
  options: { as: { type: 'string' }, sandbox: { type: 'string' } },
  allowPositionals: true,
});

/** --sandbox, else SANDBOX_PORT, else the URL the running bot left behind, else the default port. */
async function sandboxUrl(): Promise<string> {
  if (values.sandbox) return values.sandbox.replace(/\/+$/, '');
  if (process.env.SANDBOX_PORT) return `http://127.0.0.1:${process.env.SANDBOX_PORT}`;
  const left = await readFile(SANDBOX_URL_FILE, 'utf8').catch(() => '');
  return left.trim() || 'http://127.0.0.1:3001';
}
const base = await sandboxUrl();

async function call<T>(method: 'GET' | 'POST', verb: string, body?: object | Buffer): Promise<T> {
  const raw = Buffer.isBuffer(body);
  const res = await fetch(`${base}/${verb.startsWith('chat/') ? '' : '_sandbox/'}${verb}`, {
    method,
    headers: { 'content-type': raw ? 'application/octet-stream' : 'application/json' },
    body: raw ? new Uint8Array(body) : body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json;
}

let users: SandboxUser[];
try {
  users = await call<SandboxUser[]>('GET', 'users');
} catch {
  console.error(
    `连接不到沙箱 ${base}:请先在另一个终端运行 npm start;若沙箱端口不是 3001,请设置 SANDBOX_PORT 或使用 --sandbox http://127.0.0.1:端口`,
  );
  process.exit(1);
}
const me = users.find((u) => u.name === values.as || u.openId === values.as);
if (!me) {
  console.error(`请用 --as 指定身份,可选:${users.map((u) => u.name).join('、')}`);
  process.exit(1);
}
const nameOf = (openId: string) => users.find((u) => u.openId === openId)?.name;
/** Where what is typed goes: the private chat with the bot until /to or /group picks a group. */
let chat: ChatRef = { chatId: p2pChatId(me.openId), name: '机器人(私聊)', type: 'p2p' };
let chats: ChatRef[] = [];
const chatName = (chatId: string) => chats.find((c) => c.chatId === chatId)?.name ?? chatId;

const seen = new Map<string, number>();
/** What each message last looked like: a new version that reads the same is not shown again. */
const shown = new Map<string, string>();
let current: { messageId: string; controls: Control[] } | undefined;
const form: Record<string, unknown> = {};

function show(m: MessageView, updated: boolean) {
  const who = m.sender === 'bot' ? '机器人' : (nameOf(m.senderOpenId ?? '') ?? '?');
  const where = m.chatId === p2pChatId(me!.openId) ? '' : ` · 群「${chatName(m.chatId)}」`;
  const { text, controls } = describeMessage(m, '   ', { nameOf });
  if (shown.get(m.messageId) === text) return;
  shown.set(m.messageId, text);
  console.log(`\n[${who}${where}]${updated ? '(卡片已更新)' : ''}\n${text}`);
  if (m.sender === 'bot' && controls.length) {
    current = { messageId: m.messageId, controls };
    for (const k of Object.keys(form)) delete form[k];
  } else if (current?.messageId === m.messageId) current = undefined;
}

async function loadChats() {
  chats = await call<ChatRef[]>('GET', `chat/api/chats?user=${encodeURIComponent(me!.openId)}`);
}

async function poll() {
  const inbox = await call<MessageView[]>('GET', `inbox?user=${encodeURIComponent(me!.openId)}`);
  if (inbox.some((m) => !chats.some((c) => c.chatId === m.chatId))) await loadChats();
  for (const m of inbox) {
    const versions = m.versions.length;
    if (m.sender === 'user' && seen.has(m.messageId)) continue;
    if (seen.get(m.messageId) !== versions) {
      // Others' messages in a group are shown too; one's own are what one typed.
      if (m.sender === 'bot' || m.senderOpenId !== me!.openId) show(m, seen.has(m.messageId));
      seen.set(m.messageId, versions);
    }
  }
}

/** /group, /to, /chats, /image, /file. */
async function command(c: ChatCommand) {
  if (c.kind === 'error') return console.log(`   ${c.error}`);
  if (c.kind === 'group') {
    const g = await call<ChatRef & { members: string[] }>('POST', 'group', {
      user: me!.openId,
      name: c.name,
      members: c.members,
    });
    await loadChats();
    chat = g;
    const names = g.members.map((id) => nameOf(id) ?? id).join('、');
    return console.log(
      `   已创建群聊「${g.name}」(${names}),机器人已加入。现在发言发到本群:群里要写 @机器人 它才会回复;/to 回到私聊`,
    );
  }
  await loadChats();
  if (c.kind === 'chats')
    return console.log(
      chats
        .map(
          (x, i) =>
            `   ${i + 1}. ${x.type === 'p2p' ? '机器人(私聊)' : `群「${x.name}」`}${x.chatId === chat.chatId ? ' ← 当前' : ''}`,
        )
        .join('\n'),
    );
  if (c.kind === 'to') {
    const found = findChat(chats, c.target);
    if ('error' in found) return console.log(`   ${found.error}`);
    chat = found;
    return console.log(
      found.type === 'p2p'
        ? '   现在与机器人私聊'
        : `   现在在群「${found.name}」发言(写 @机器人 它才会回复)`,
    );
  }
  const bytes = await readFile(c.path).catch(() => undefined);
  if (!bytes) return console.log(`   读不到文件 ${c.path}`);
  const q = new URLSearchParams({ user: me!.openId, chatId: chat.chatId });
  if (c.kind === 'file') q.set('name', basename(c.path));
  await call('POST', `${c.kind}?${q}`, bytes);
  console.log(`   已发送${c.kind === 'image' ? '图片' : `文件 ${basename(c.path)}`}`);
}

async function click(c: Control) {
  const res = await call<{ toast?: unknown }>('POST', 'click', {
    user: me!.openId,
    messageId: current!.messageId,
    button: c.value && typeof c.value === 'object' ? c.value : c.label,
    form: c.form ? form : undefined,
  }).catch((e: Error) => {
    // The sandbox names a button by its callback value; a person knows it by its text.
    if (e.message === BUTTON_GONE)
      throw new Error(`找不到按钮「${c.label}」,卡片可能已变化,输入 /inbox 重新查看`);
    throw e;
  });
  const toast = describeToast(res.toast);
  if (toast) console.log(toast);
}

async function act(line: string) {
  const fill = /^(\d+)\s*=\s*([\s\S]*)$/.exec(line);
  const pick = /^(\d+)$/.exec(line);
  if ((fill || pick) && !current) return console.log('   当前没有可操作的卡片,输入 /menu 打开菜单');
  if ((fill || pick) && current) {
    const n = Number((fill ?? pick)![1]);
    const c = current.controls.find((x) => x.n === n);
    if (!c) return console.log(`   没有编号 ${n} 的控件`);
    if (fill) {
      const got = fillValue(c, fill[2]!, users);
      if (!got.ok) return console.log(`   ${got.error}`);
      form[c.name ?? String(n)] = got.value;
      return console.log(`   已填写 ${c.label} = ${got.shown}`);
    }
    if (c.kind !== 'button' && c.kind !== 'other') return console.log(`   这是输入项,请用 ${n}=内容 填写`);
    return click(c);
  }
  const cmd = parseChatCommand(line);
  if (cmd) return command(cmd);
  if (line === '/menu') return void (await call('POST', 'menu', { user: me!.openId, eventKey: 'main' }));
  if (line === '/inbox') {
    seen.clear();
    shown.clear();
    return;
  }
  await call('POST', 'say', { user: me!.openId, text: line, chatId: chat.chatId });
}

console.log(
  [
    `以 ${me.name} 的身份与机器人对话(沙箱 ${base})。`,
    '输入消息发送;输入编号点击按钮;编号=内容 填写:选项填编号(多选用逗号分隔),选人填编号或姓名,',
    '日期填 YYYY-MM-DD,多行用 | 分行或行末加 \\ 续行;/menu 打开菜单,/inbox 重看全部,/quit 退出',
    '群聊:/group 群名 张伟,李秀英 新建群(机器人一起加入);/chats 列出会话;/to 群名 到群里发言,/to 回到私聊;',
    '在群里写 @机器人 菜单 它才会回复。发送附件:/image 图片路径(PNG/JPG),/file 文件路径',
  ].join('\n'),
);
const rl = createInterface({ input: process.stdin, output: process.stdout });
// The iterator must exist before the first await: readline drops lines that arrive before it does
// (a line typed, or piped, while the first poll is out would be lost).
const lines = rl[Symbol.asyncIterator]();
const timer = setInterval(() => poll().catch(() => {}), 500);
await poll();
let pending = '';
for await (const raw of { [Symbol.asyncIterator]: () => lines }) {
  // A trailing backslash continues the same input on the next line (a multi-line text box).
  if (raw.endsWith('\\')) {
    pending += `${raw.slice(0, -1)}|`;
    continue;
  }
  const line = (pending + raw).trim();
  pending = '';
  if (line === '/quit') break;
  if (line) await act(line).catch((e: Error) => console.log(`   出错:${e.message}`));
  await new Promise((r) => setTimeout(r, 600));
  await poll().catch(() => {});
}
clearInterval(timer);
rl.close();
