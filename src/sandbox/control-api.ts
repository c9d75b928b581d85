import type { IncomingMessage, ServerResponse } from 'node:http';
import { ButtonAmbiguousError, ButtonNotFoundError } from './card-walk';
import { p2pChatId } from './directory';
import { BodyError, isRecord, readBytes, readJsonObject, sendJson } from './http-io';
import type { Journal } from './journal';
import { imageType, MAX_IMAGE_BYTES, MAX_SENT_FILE_BYTES } from './media';
import { botMention } from './mention';
import type { MessageView, SandboxChat, SandboxUser } from './types';
import { botOpenId, type UserActions } from './user-actions';

/** What the control API needs from the sandbox: the same things tests call in-process. */
export interface ControlTarget {
  users(): SandboxUser[];
  findUser(openIdOrName: string): SandboxUser | undefined;
  inbox(openId: string): MessageView[];
  actions: UserActions;
  journal: Journal;
  appId: string;
  chat(chatId: string): SandboxChat | undefined;
}

export const CONTROL_PREFIX = '/_sandbox/';
/** What a click on a button the card no longer has answers (the web chat's and the CLI's toast). */
export const BUTTON_GONE = '该按钮已更新,请在最新卡片上操作';

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function str(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '') throw new ControlError(400, `缺少参数 ${key}`);
  return v;
}

/** `user` may be an open_id or a display name, since a person types names. */
function userOf(t: ControlTarget, who: string): SandboxUser {
  const user = t.findUser(who);
  if (!user) throw new ControlError(404, `未知用户 ${who}`);
  return user;
}

type Handler = (t: ControlTarget, body: Record<string, unknown>, query: URLSearchParams) => Promise<unknown>;

const HANDLERS: Record<string, Handler> = {
  'GET users': async (t) => t.users(),
  // `chat` keeps one chat's messages and `versions=0` drops each card's history: what the web chat
  // redraws from, at every change, without the whole history of every card it was ever sent.
  'GET inbox': async (t, _b, q) => {
    const all = t.inbox(userOf(t, q.get('user') ?? '').openId);
    const chat = q.get('chat');
    const inChat = chat ? all.filter((m) => m.chatId === chat) : all;
    return q.get('versions') === '0' ? inChat.map(({ versions: _, ...m }) => m) : inChat;
  },
  'GET deliveries': async (t) => t.journal.deliveries(),
  'GET errors': async (t) => t.journal.errors(),
  'GET stats': async (t) => t.journal.stats(),
  'POST say': async (t, b) => {
    const user = userOf(t, str(b, 'user'));
    const chatId = typeof b.chatId === 'string' && b.chatId ? b.chatId : undefined;
    // In a group the bot hears only what @mentions it: `@机器人` typed in the text (mention.ts).
    const inGroup = chatId !== undefined && t.chat(chatId)?.type === 'group';
    const said = inGroup ? botMention(str(b, 'text')) : { text: str(b, 'text'), mentionsBot: false };
    if (inGroup && said.mentionsBot && !said.text) throw new ControlError(400, '@机器人 之后请写上要说的话');
    return t.actions.say(user.openId, said.text, {
      ...(chatId ? { chatId } : {}),
      ...(said.mentionsBot ? { mentions: [botOpenId(t.appId)] } : {}),
    });
  },
  'POST group': async (t, b) => {
    const members = Array.isArray(b.members) ? b.members.filter((m) => typeof m === 'string') : [];
    const r = await t.actions.createGroup(userOf(t, str(b, 'user')).openId, {
      name: typeof b.name === 'string' ? b.name : '',
      members: members.map((m) => userOf(t, m).openId),
      withBot: b.bot !== false,
    });
    return { ...r.chat, ...(r.delivery ? { delivery: r.delivery } : {}) };
  },
  'POST menu': async (t, b) => t.actions.menu(userOf(t, str(b, 'user')).openId, str(b, 'eventKey')),
  'POST click': async (t, b) => {
    const button = isRecord(b.button) ? b.button : str(b, 'button');
    const form = isRecord(b.form) ? b.form : undefined;
    const who = userOf(t, str(b, 'user')).openId;
    return (
      typeof button === 'string'
        ? t.actions.click(who, str(b, 'messageId'), button, form)
        : t.actions.clickWhole(who, str(b, 'messageId'), button, form)
    ).catch((e: unknown) => {
      // A second click on a card the first one replaced: its button is gone, or its value now
      // matches several (the menu's 节约资金 against the savings card's 2025年度 and 2027年度). A
      // person reads words, never the callback value (the in-process error lists it, for a test).
      if (e instanceof ButtonNotFoundError || e instanceof ButtonAmbiguousError)
        throw new ControlError(409, BUTTON_GONE);
      throw e;
    });
  },
  'POST select': async (t, b) =>
    t.actions.select(userOf(t, str(b, 'user')).openId, str(b, 'messageId'), str(b, 'name'), str(b, 'option')),
};

type Upload = (t: ControlTarget, bytes: Buffer, query: URLSearchParams) => Promise<unknown>;

/** Where a person sends from "+": `?user=…&chatId=…` (default their private chat with the bot). */
function sendOptions(t: ControlTarget, q: URLSearchParams) {
  const user = userOf(t, q.get('user') ?? '');
  return { user, opts: { chatId: q.get('chatId') || p2pChatId(user.openId) } };
}

/** Raw-body verbs: the bytes are the upload itself (a picture, a file), as the client sends them. */
const UPLOADS: Record<string, { max: number; tooLarge: string; handle: Upload }> = {
  'POST image': {
    max: MAX_IMAGE_BYTES,
    tooLarge: '图片不能超过 10 MB,请作为文件发送',
    handle: async (t, bytes, q) => {
      if (!imageType(bytes)) throw new ControlError(400, '只能发送 PNG 或 JPG 图片,其他文件请用「发送文件」');
      const { user, opts } = sendOptions(t, q);
      return t.actions.sendImage(user.openId, bytes, opts);
    },
  },
  'POST file': {
    max: MAX_SENT_FILE_BYTES,
    tooLarge: '沙箱中发送的文件不能超过 64 MB',
    handle: async (t, bytes, q) => {
      const name = (q.get('name') ?? '').trim();
      if (!name) throw new ControlError(400, '缺少参数 name(文件名)');
      if (bytes.length === 0) throw new ControlError(400, '不能发送空文件');
      const { user, opts } = sendOptions(t, q);
      return t.actions.sendFile(user.openId, name, bytes, opts);
    },
  },
};

async function upload(req: IncomingMessage, url: URL, t: ControlTarget, u: (typeof UPLOADS)[string]) {
  if (Number(req.headers['content-length'] ?? 0) > u.max) {
    // Read to the end all the same: a client still sending would see a reset, not the answer.
    req.resume();
    await new Promise((done) => req.once('end', done).once('error', done));
    throw new ControlError(413, u.tooLarge);
  }
  const bytes = await readBytes(req, u.max).catch((e: unknown) => {
    throw e instanceof BodyError ? new ControlError(413, u.tooLarge) : e;
  });
  return u.handle(t, bytes, url.searchParams);
}

/**
 * HTTP control for other processes (the terminal chat CLI, the web chat): `/_sandbox/<verb>`.
 * Errors come back as `{error}` with a Chinese message fit to show a person.
 */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  t: ControlTarget,
): Promise<void> {
  const verb = url.pathname.slice(CONTROL_PREFIX.length);
  const key = `${req.method ?? 'GET'} ${verb}`;
  const handler = HANDLERS[key];
  try {
    const up = UPLOADS[key];
    if (up) return sendJson(res, 200, await upload(req, url, t, up));
    if (!handler) throw new ControlError(404, `没有这个控制接口：${req.method} ${url.pathname}`);
    const body = req.method === 'GET' ? {} : await readJsonObject(req);
    sendJson(res, 200, await handler(t, body, url.searchParams));
  } catch (e) {
    const status = e instanceof ControlError ? e.status : 400;
    // After a refused upload the connection is not reused: Node resets a kept-alive socket that
    // carried such bodies now and then, and the client's next request would fail for it.
    const close: Record<string, string> = status === 413 ? { connection: 'close' } : {};
    sendJson(res, status, { error: e instanceof Error ? e.message : String(e) }, close);
  }
}
