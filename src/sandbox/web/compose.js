/**
 * What a person does in the web chat besides typing: the composer's "+" (send a picture or a file,
 * as the Feishu client's 图片 and 文件), its "@" (address the bot in a group), and 新建群聊 (a group
 * with people picked from the zone, the bot added). Each goes through the sandbox's control API, so
 * the bot receives exactly the events Feishu would send.
 */

const $ = (id) => document.getElementById(id);
const MB = 1024 * 1024;
/** The sandbox's own limits (src/sandbox/media.ts), checked here first so nothing large is sent for nothing. */
const MAX_IMAGE = 10 * MB;
const MAX_FILE = 64 * MB;
export const BOT_MENTION = '@机器人';

/** 812 B, 12.3 KB, 4.5 MB: the size under a file's name, as the client shows it. */
export function sizeText(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MB) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / MB).toFixed(1)} MB`;
}

/** A file message: its name and size, a click downloads it. */
export function fileNode(m) {
  const c = m.content ?? {};
  const name = m.file?.name ?? c.file_name ?? '文件';
  const a = document.createElement('a');
  a.className = 'file-msg';
  a.href = `/chat/api/file?key=${encodeURIComponent(c.file_key ?? '')}`;
  a.download = name;
  const icon = document.createElement('span');
  icon.className = 'file-icon';
  icon.textContent = '📄';
  const text = document.createElement('span');
  text.className = 'file-text';
  const n = document.createElement('span');
  n.className = 'file-name';
  n.textContent = name;
  const s = document.createElement('span');
  s.className = 'file-size';
  s.textContent = m.file ? sizeText(m.file.size) : '点击下载';
  text.append(n, s);
  a.append(icon, text);
  return a;
}

/** Wires "+" and "@" of the composer. `ctx` holds the page's state, api, toast and refresh. */
export function setupComposer(ctx) {
  const menu = $('plus-menu');
  $('plus').addEventListener('click', () => {
    menu.hidden = !menu.hidden;
  });
  $('pick-image').addEventListener('click', () => {
    menu.hidden = true;
    $('image-input').click();
  });
  $('pick-file').addEventListener('click', () => {
    menu.hidden = true;
    $('file-input').click();
  });
  $('image-input').addEventListener('change', (e) => send(ctx, 'image', e.target));
  $('file-input').addEventListener('change', (e) => send(ctx, 'file', e.target));
  $('mention').addEventListener('click', () => {
    const say = $('say');
    if (!say.value.includes(BOT_MENTION)) say.value = `${BOT_MENTION} ${say.value.trimStart()}`;
    say.focus();
  });
}

/** Shows "@" and the hint only in a group: there the bot hears only what mentions it. */
export function composerFor(chat) {
  const group = chat?.type === 'group';
  $('mention').hidden = !group;
  $('say').placeholder = group
    ? `群里需 ${BOT_MENTION} 才会回复，例如：${BOT_MENTION} 菜单`
    : '输入消息，回车发送（例如：菜单）';
}

async function send(ctx, kind, input) {
  const file = input.files?.[0];
  input.value = '';
  const { state, toast, refresh } = ctx;
  if (!file || !state.me || !state.chatId) return;
  const fail = (content) => toast({ type: 'error', content });
  if (kind === 'image' && !/^image\/(png|jpeg)$/.test(file.type))
    return fail('只能发送 PNG 或 JPG 图片，其他文件请用「文件」发送');
  if (kind === 'image' && file.size > MAX_IMAGE) return fail('图片不能超过 10 MB，请作为文件发送');
  if (kind === 'file' && file.size > MAX_FILE) return fail('沙箱中发送的文件不能超过 64 MB');
  if (file.size === 0) return fail('不能发送空文件');
  const q = new URLSearchParams({ user: state.me, chatId: state.chatId });
  if (kind === 'file') q.set('name', file.name);
  try {
    const res = await fetch(`/_sandbox/${kind}?${q}`, { method: 'POST', body: file });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  } catch (e) {
    fail(e.message);
  }
  await refresh();
}

/** 新建群聊: a name and people from the zone (the creator is always in it, and so is the bot). */
export function setupGroupDialog(ctx) {
  const dialog = $('group-dialog');
  $('new-group').addEventListener('click', () => {
    const { state } = ctx;
    if (!state.me) return;
    const box = $('group-members');
    box.replaceChildren();
    for (const u of state.users.filter((x) => x.openId !== state.me)) {
      const label = document.createElement('label');
      label.className = 'member-pick';
      const check = document.createElement('input');
      check.type = 'checkbox';
      check.value = u.openId;
      check.dataset.name = u.name;
      const name = document.createElement('span');
      name.textContent = u.name;
      label.append(check, name);
      if (u.jobTitle) {
        const sub = document.createElement('span');
        sub.className = 'member-sub';
        sub.textContent = u.jobTitle;
        label.append(sub);
      }
      box.append(label);
    }
    $('group-name').value = '';
    dialog.showModal();
  });
  $('group-cancel').addEventListener('click', () => dialog.close());
  $('group-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = $('group-name').value.trim();
    const members = [...$('group-members').querySelectorAll('input:checked')].map((c) => c.value);
    if (!name) return ctx.toast({ type: 'error', content: '请填写群名称' });
    if (!members.length) return ctx.toast({ type: 'error', content: '请至少选择一位群成员' });
    try {
      const chat = await ctx.api('/_sandbox/group', { user: ctx.state.me, name, members });
      dialog.close();
      ctx.toast({ type: 'success', content: `已创建群聊「${chat.name}」，机器人已加入` });
      await ctx.onCreated(chat.chatId);
    } catch (err) {
      ctx.toast({ type: 'error', content: err.message });
    }
  });
}
