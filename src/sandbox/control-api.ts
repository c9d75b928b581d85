import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord, readJsonObject, sendJson } from './http-io';
import type { Journal } from './journal';
import type { MessageView, SandboxUser } from './types';
import type { UserActions } from './user-actions';

/** What the control API needs from the sandbox: the same things tests call in-process. */
export interface ControlTarget {
  users(): SandboxUser[];
  findUser(openIdOrName: string): SandboxUser | undefined;
  inbox(openId: string): MessageView[];
  actions: UserActions;
  journal: Journal;
}

export const CONTROL_PREFIX = '/_sandbox/';

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
  'GET inbox': async (t, _b, q) => t.inbox(userOf(t, q.get('user') ?? '').openId),
  'GET deliveries': async (t) => t.journal.deliveries(),
  'GET errors': async (t) => t.journal.errors(),
  'GET stats': async (t) => t.journal.stats(),
  'POST say': async (t, b) => {
    const chatId = typeof b.chatId === 'string' ? b.chatId : undefined;
    return t.actions.say(userOf(t, str(b, 'user')).openId, str(b, 'text'), chatId ? { chatId } : {});
  },
  'POST menu': async (t, b) => t.actions.menu(userOf(t, str(b, 'user')).openId, str(b, 'eventKey')),
  'POST click': async (t, b) => {
    const button = isRecord(b.button) ? b.button : str(b, 'button');
    const form = isRecord(b.form) ? b.form : undefined;
    return t.actions.click(userOf(t, str(b, 'user')).openId, str(b, 'messageId'), button, form);
  },
  'POST select': async (t, b) =>
    t.actions.select(userOf(t, str(b, 'user')).openId, str(b, 'messageId'), str(b, 'name'), str(b, 'option')),
};

/**
 * HTTP control for other processes (the terminal chat CLI): `/_sandbox/<verb>`.
 * Errors come back as `{error}` with a Chinese message fit to show a person.
 */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  t: ControlTarget,
): Promise<void> {
  const verb = url.pathname.slice(CONTROL_PREFIX.length);
  const handler = HANDLERS[`${req.method ?? 'GET'} ${verb}`];
  try {
    if (!handler) throw new ControlError(404, `没有这个控制接口：${req.method} ${url.pathname}`);
    const body = req.method === 'GET' ? {} : await readJsonObject(req);
    sendJson(res, 200, await handler(t, body, url.searchParams));
  } catch (e) {
    const status = e instanceof ControlError ? e.status : 400;
    sendJson(res, status, { error: e instanceof Error ? e.message : String(e) });
  }
}
