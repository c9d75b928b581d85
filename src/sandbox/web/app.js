/**
 * The web chat over the sandbox: pick a person on the left (their roles under their name), open
 * the private chat with the bot or a group, talk, send a picture or a file from "+", create a group.
 * Every action goes through the sandbox's control API, so it reaches the bot as Feishu would send it.
 */
import { renderCard } from './card-render.js';
import { composerFor, fileNode, setupComposer, setupGroupDialog } from './compose.js';

const BOT = '政府购买服务监管助手';
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
/** How often the page asks whether anything changed; `?poll=50` for a test that clicks fast. */
const POLL_MS = Math.max(20, Number(params.get('poll')) || 1000);
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

function sideItem(label, active, group, onClick, sub) {
  const d = document.createElement('div');
  d.className = `side-item${active ? ' active' : ''}`;
  const a = document.createElement('span');
  a.className = `avatar${group ? ' group' : ''}`;
  a.textContent = initial(label);
  const text = document.createElement('span');
  text.className = 'side-text';
  const name = document.createElement('span');
  name.className = 'side-name';
  name.textContent = label;
  text.append(name);
  if (sub) {
    const s = document.createElement('span');
    s.className = 'side-sub';
    s.textContent = sub;
    text.append(s);
  }
  d.append(a, text);
  d.addEventListener('click', onClick);
  return d;
}

function drawPeople() {
  const list = $('people');
  const sel = $('person-select');
  list.replaceChildren();
  sel.replaceChildren(new Option('选择身份…', ''));
  for (const u of state.users) {
    list.append(sideItem(u.name, u.openId === state.me, false, () => become(u.openId), u.jobTitle));
    const label = u.jobTitle ? `${u.name} · ${u.jobTitle}` : u.name;
    sel.append(new Option(label, u.openId, false, u.openId === state.me));
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
  $('chat-title').textContent = chat
    ? `${chat.name}${chat.type === 'group' ? `（${chat.members.length} 人）` : ''}`
    : '请选择一个人';
  const me = state.users.find((u) => u.openId === state.me);
  $('me').textContent = me ? `我是 ${me.name}${me.jobTitle ? `（${me.jobTitle}）` : ''}` : '';
  $('new-group').disabled = !state.me;
  composerFor(chat);
}

async function loadChats() {
  state.chats = state.me ? await api(`/chat/api/chats?user=${encodeURIComponent(state.me)}`) : [];
}

async function become(openId) {
  state.me = openId;
  await loadChats();
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
  if (m.msgType === 'file') return fileNode(m);
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
  // A group someone else created with this person in it shows up without a reload.
  const known = JSON.stringify(state.chats);
  await loadChats();
  if (JSON.stringify(state.chats) !== known) drawChats();
  const inbox = await api(
    `/_sandbox/inbox?user=${encodeURIComponent(state.me)}&chat=${encodeURIComponent(state.chatId)}&versions=0`,
  );
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
  setTimeout(poll, POLL_MS);
}

$('composer').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('say').value.trim();
  if (!text || !state.me) return;
  $('say').value = '';
  await api('/_sandbox/say', { user: state.me, text, chatId: state.chatId }).catch((err) =>
    toast({ type: 'error', content: err.message }),
  );
  await refresh();
});
$('person-select').addEventListener('change', (e) => become(e.target.value));
setupComposer({ state, toast, refresh });
setupGroupDialog({
  state,
  api,
  toast,
  onCreated: async (chatId) => {
    await loadChats();
    await openChat(chatId);
  },
});

state.users = await api('/_sandbox/users');
for (const u of state.users) state.names.set(u.openId, u.name);
const me = state.users.find((u) => u.openId === state.me || u.name === state.me);
drawPeople();
if (me) await become(me.openId);
document.body.dataset.ready = '1';
poll();
