/**
 * The web chat over the sandbox: pick a person on the left, talk to the bot on the right. Every
 * action goes through the sandbox's control API, so it reaches the bot as a signed Feishu callback.
 */
import { renderCard } from './card-render.js';

const BOT = '政府购买服务监管助手';
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const state = {
  users: [],
  names: new Map(),
  me: params.get('user') ?? '',
  chats: [],
  chatId: params.get('chat') ?? '',
  version: -1,
  shown: new Map(),
};

async function api(path, body) {
  const res = await fetch(
    path,
    body
      ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {},
  );
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json;
}

function toast(t) {
  const el = $('toast');
  if (!t) return;
  el.textContent = t.content ?? String(t);
  el.className = t.type ?? '';
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.hidden = true), 3000);
}

const initial = (name) => [...(name ?? '?')].slice(-2).join('');

function sideItem(label, active, group, onClick) {
  const d = document.createElement('div');
  d.className = `side-item${active ? ' active' : ''}`;
  const a = document.createElement('span');
  a.className = `avatar${group ? ' group' : ''}`;
  a.textContent = initial(label);
  d.append(a, document.createTextNode(label));
  d.addEventListener('click', onClick);
  return d;
}

function drawPeople() {
  const list = $('people');
  const sel = $('person-select');
  list.replaceChildren();
  sel.replaceChildren(new Option('选择身份…', ''));
  for (const u of state.users) {
    list.append(sideItem(u.name, u.openId === state.me, false, () => become(u.openId)));
    sel.append(new Option(u.name, u.openId, false, u.openId === state.me));
  }
}

function drawChats() {
  const box = $('chats');
  box.replaceChildren();
  const sel = document.createElement('select');
  sel.id = 'chat-select';
  sel.setAttribute('aria-label', '选择会话');
  sel.addEventListener('change', () => openChat(sel.value));
  for (const c of state.chats) {
    box.append(sideItem(c.name, c.chatId === state.chatId, c.type === 'group', () => openChat(c.chatId)));
    sel.append(new Option(c.name, c.chatId, false, c.chatId === state.chatId));
  }
  box.append(sel);
  const chat = state.chats.find((c) => c.chatId === state.chatId);
  $('chat-title').textContent = chat ? chat.name : '请选择一个人';
  $('me').textContent = state.me ? `我是 ${state.names.get(state.me) ?? state.me}` : '';
}

async function become(openId) {
  state.me = openId;
  state.chats = openId ? await api(`/chat/api/chats?user=${encodeURIComponent(openId)}`) : [];
  if (!state.chats.some((c) => c.chatId === state.chatId)) state.chatId = state.chats[0]?.chatId ?? '';
  state.shown.clear();
  $('messages').replaceChildren();
  drawPeople();
  drawChats();
  history.replaceState(
    null,
    '',
    `?user=${encodeURIComponent(openId)}&chat=${encodeURIComponent(state.chatId)}`,
  );
  await refresh();
}

function openChat(chatId) {
  state.chatId = chatId;
  state.shown.clear();
  $('messages').replaceChildren();
  drawChats();
  history.replaceState(null, '', `?user=${encodeURIComponent(state.me)}&chat=${encodeURIComponent(chatId)}`);
  return refresh();
}

function actionsFor(messageId) {
  const after = (p) =>
    p
      .then((r) => toast(r.toast))
      .catch((e) => toast({ type: 'error', content: e.message }))
      .finally(refresh);
  return {
    click: (button, form) =>
      after(api('/_sandbox/click', { user: state.me, messageId, button, ...(form ? { form } : {}) })),
    select: (name, option) => after(api('/_sandbox/select', { user: state.me, messageId, name, option })),
  };
}

function bodyOf(m) {
  const c = m.content ?? {};
  if (m.msgType === 'interactive')
    return renderCard(c, { names: state.names, actions: actionsFor(m.messageId), messageId: m.messageId });
  if (m.msgType === 'file') {
    const a = document.createElement('a');
    a.className = 'file-msg';
    a.href = `/chat/api/file?key=${encodeURIComponent(c.file_key)}`;
    a.download = c.file_name ?? '';
    a.textContent = `📄 ${c.file_name ?? '文件'}（点击下载）`;
    return a;
  }
  if (m.msgType === 'image' && c.image_key) {
    const img = document.createElement('img');
    img.className = 'image-msg';
    img.alt = '图片';
    img.src = `/chat/api/image?message=${encodeURIComponent(m.messageId)}&key=${encodeURIComponent(c.image_key)}`;
    return img;
  }
  const b = document.createElement('div');
  b.className = 'bubble';
  b.textContent = m.msgType === 'text' ? (c.text ?? '') : `[${m.msgType}]`;
  return b;
}

function messageNode(m) {
  const mine = m.sender === 'user' && m.senderOpenId === state.me;
  const who = m.sender === 'bot' ? BOT : (state.names.get(m.senderOpenId) ?? m.senderOpenId);
  const row = document.createElement('div');
  row.className = `msg${mine ? ' mine' : ''}`;
  row.dataset.messageId = m.messageId;
  row.dataset.msgType = m.msgType;
  const av = document.createElement('span');
  av.className = `avatar${m.sender === 'bot' ? ' group' : ''}`;
  av.textContent = initial(who);
  const body = document.createElement('div');
  body.className = 'msg-body';
  const s = document.createElement('div');
  s.className = 'sender';
  s.textContent = who;
  body.append(s, bodyOf(m));
  row.append(av, body);
  return row;
}

/** Redraws only messages whose content changed, so what a person typed in other cards stays. */
async function refresh() {
  if (!state.me || !state.chatId) return;
  const { version } = await api('/chat/api/version');
  const inbox = await api(`/_sandbox/inbox?user=${encodeURIComponent(state.me)}`);
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const fresh = [];
  for (const m of inbox.filter((x) => x.chatId === state.chatId)) {
    const key = JSON.stringify(m.content);
    let shown = state.shown.get(m.messageId);
    if (!shown || shown.key !== key) {
      shown?.node.remove();
      shown = { key, node: messageNode(m) };
      state.shown.set(m.messageId, shown);
      fresh.push(shown.node);
    }
    list.append(shown.node);
  }
  for (const node of fresh) node.querySelector('.card')?.__after();
  if (atBottom || fresh.length) list.scrollTop = list.scrollHeight;
  state.version = version;
  document.body.dataset.version = String(version);
}

async function poll() {
  try {
    const { version } = await api('/chat/api/version');
    if (version !== state.version) await refresh();
  } catch {
    // The sandbox restarting: try again on the next tick.
  }
  setTimeout(poll, 1000);
}

$('composer').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('say').value.trim();
  if (!text || !state.me) return;
  $('say').value = '';
  await api('/chat/api/say', { user: state.me, text, chatId: state.chatId }).catch((err) =>
    toast({ type: 'error', content: err.message }),
  );
  await refresh();
});
$('person-select').addEventListener('change', (e) => become(e.target.value));

state.users = await api('/_sandbox/users');
for (const u of state.users) state.names.set(u.openId, u.name);
const me = state.users.find((u) => u.openId === state.me || u.name === state.me);
drawPeople();
if (me) await become(me.openId);
document.body.dataset.ready = '1';
poll();
