import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { MessageView, SandboxUser } from '../sandbox';
import type { Control } from '../sandbox/card-text';
import { describeMessage, describeToast } from './render';

/**
 * A terminal chat with the running sandbox as one person of the demo zone: type a message, see
 * each card as text, click a button or fill a form field by its number.
 */
const { values } = parseArgs({
  options: { as: { type: 'string' }, sandbox: { type: 'string' } },
  allowPositionals: true,
});
const base = values.sandbox ?? `http://127.0.0.1:${process.env.SANDBOX_PORT ?? 3001}`;

async function call<T>(method: 'GET' | 'POST', verb: string, body?: object): Promise<T> {
  const res = await fetch(`${base}/_sandbox/${verb}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json;
}

let users: SandboxUser[];
try {
  users = await call<SandboxUser[]>('GET', 'users');
} catch {
  console.error(`连接不到沙箱 ${base}:请先在另一个终端运行 npm start`);
  process.exit(1);
}
const me = users.find((u) => u.name === values.as || u.openId === values.as);
if (!me) {
  console.error(`请用 --as 指定身份,可选:${users.map((u) => u.name).join('、')}`);
  process.exit(1);
}

const seen = new Map<string, number>();
let current: { messageId: string; controls: Control[] } | undefined;
const form: Record<string, unknown> = {};

function show(m: MessageView) {
  const who = m.sender === 'bot' ? '机器人' : me!.name;
  const { text, controls } = describeMessage(m);
  console.log(`\n[${who}]${seen.has(m.messageId) ? '(卡片已更新)' : ''}\n${text}`);
  if (m.sender === 'bot' && controls.length) {
    current = { messageId: m.messageId, controls };
    for (const k of Object.keys(form)) delete form[k];
  }
}

async function poll() {
  const inbox = await call<MessageView[]>('GET', `inbox?user=${encodeURIComponent(me!.openId)}`);
  for (const m of inbox) {
    const versions = m.versions.length;
    if (m.sender === 'user' && seen.has(m.messageId)) continue;
    if (seen.get(m.messageId) !== versions) {
      if (m.sender === 'bot') show(m);
      seen.set(m.messageId, versions);
    }
  }
}

async function act(line: string) {
  const fill = /^(\d+)\s*=\s*(.*)$/.exec(line);
  const pick = /^(\d+)$/.exec(line);
  if ((fill || pick) && current) {
    const n = Number((fill ?? pick)![1]);
    const c = current.controls.find((x) => x.n === n);
    if (!c) return console.log(`   没有编号 ${n} 的控件`);
    if (fill) {
      const raw = fill[2]!;
      const opt = c.options?.find(
        (o) => o.text === raw || o.value === raw || String(c.options!.indexOf(o) + 1) === raw,
      );
      form[c.name ?? String(n)] = opt ? opt.value : raw;
      return console.log(`   已填写 ${c.label} = ${opt ? opt.text : raw}`);
    }
    if (c.kind !== 'button') return console.log(`   这是输入项,请用 ${n}=内容 填写`);
    const res = await call<{ toast?: unknown }>('POST', 'click', {
      user: me!.openId,
      messageId: current.messageId,
      button: c.value && typeof c.value === 'object' ? c.value : c.label,
      form: c.form ? form : undefined,
    });
    const toast = describeToast(res.toast);
    if (toast) console.log(toast);
    return;
  }
  if (line === '/menu') return void (await call('POST', 'menu', { user: me!.openId, eventKey: 'main' }));
  if (line === '/inbox') {
    seen.clear();
    return;
  }
  await call('POST', 'say', { user: me!.openId, text: line });
}

console.log(
  `以 ${me.name} 的身份与机器人对话(沙箱 ${base})。输入消息;数字=点击控件;数字=内容 填写表单;/menu /inbox /quit`,
);
const rl = createInterface({ input: process.stdin, output: process.stdout });
const timer = setInterval(() => poll().catch(() => {}), 500);
await poll();
for await (const raw of rl) {
  const line = raw.trim();
  if (line === '/quit') break;
  if (line) await act(line).catch((e: Error) => console.log(`   出错:${e.message}`));
  await new Promise((r) => setTimeout(r, 600));
  await poll().catch(() => {});
}
clearInterval(timer);
rl.close();
