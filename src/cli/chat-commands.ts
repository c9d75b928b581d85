/**
 * The terminal chat's slash commands for groups and attachments, read from what a person typed:
 * `/group 名称 张伟,李秀英` creates a group with them (the bot joins), `/to 群名` talks in a group,
 * `/to` alone back in the private chat, `/chats` lists one's chats, `/image PATH` and `/file PATH`
 * send a picture or a file, as the Feishu client's "+" does.
 */
export type ChatCommand =
  | { kind: 'group'; name: string; members: string[] }
  | { kind: 'to'; target: string }
  | { kind: 'chats' }
  | { kind: 'image'; path: string }
  | { kind: 'file'; path: string }
  | { kind: 'error'; error: string };

export type ChatRef = { chatId: string; name: string; type: 'p2p' | 'group' };

/** Names split on commas (ASCII or full-width), 、 or spaces. */
const SEPARATORS = /[,\uFF0C、\s]+/;

/** A path as typed: surrounding quotes dropped (a path with spaces pasted from a file manager). */
const unquote = (s: string) => s.trim().replace(/^(['"])(.*)\1$/, '$2');

/** The command a line names, or undefined when it is none of these (a message, a number, /menu...). */
export function parseChatCommand(line: string): ChatCommand | undefined {
  const m = /^\/(group|to|chats|image|file)(?:\s+([\s\S]*))?$/.exec(line.trim());
  if (!m) return undefined;
  const rest = (m[2] ?? '').trim();
  switch (m[1]) {
    case 'group': {
      const [name, ...members] = rest.split(SEPARATORS).filter(Boolean);
      if (!name || members.length === 0)
        return { kind: 'error', error: '用法:/group 群名称 成员1,成员2(例如 /group 领导班子 李秀英,张伟)' };
      return { kind: 'group', name, members };
    }
    case 'to':
      return { kind: 'to', target: rest };
    case 'chats':
      return rest ? { kind: 'error', error: '用法:/chats' } : { kind: 'chats' };
    default: {
      const kind = m[1] as 'image' | 'file';
      const path = unquote(rest);
      if (!path) return { kind: 'error', error: `用法:/${kind} 文件路径` };
      return { kind, path };
    }
  }
}

/**
 * The chat `/to` names: by its number in `/chats`, its name or its id; empty, 私聊 or 机器人 is the
 * private chat with the bot.
 */
export function findChat(chats: ChatRef[], target: string): ChatRef | { error: string } {
  const t = target.trim();
  const p2p = chats.find((c) => c.type === 'p2p');
  if ((t === '' || t === '私聊' || t === '机器人') && p2p) return p2p;
  const n = /^\d+$/.test(t) ? chats[Number(t) - 1] : undefined;
  const found = n ?? chats.find((c) => c.chatId === t || (c.type === 'group' && c.name === t));
  if (found) return found;
  const groups = chats.filter((c) => c.type === 'group').map((c) => c.name);
  return {
    error: groups.length
      ? `没有叫「${t}」的群,您所在的群:${groups.join('、')}`
      : `没有叫「${t}」的群:您还不在任何群里,用 /group 新建一个`,
  };
}
