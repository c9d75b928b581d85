/**
 * What the relay should do with a Feishu answer. Classified by numeric code, never by message text
 * (the one exception, a 230099's sub-code and 11310's "card action is lock", is at `cardRefusal`).
 */
export type FeishuOutcome =
  | { kind: 'ok' }
  /** The app as a whole is refused for a moment (429, or the message system's own limit): pause all sends. */
  | { kind: 'rate_limited'; code: number; resetMs: number }
  /** One receiver's budget is spent (230020: 5 sends/s per chat, shared by every bot in a group). */
  | { kind: 'throttled'; code: number; msg: string }
  | { kind: 'token_invalid' }
  | { kind: 'permanent'; code: number; msg: string }
  | { kind: 'transient'; reason: string };

export const RATE_LIMITED = 99991400;
/** 11232: the message system's overall limit (docs: 消息常见问题, "at the hour and half hour"). */
export const SYSTEM_LIMITED = 11232;
export const SCOPE_MISSING = 99991672;
/**
 * A card Feishu refused as invalid. 230099 is the answer of message create, reply and patch; its
 * message names a sub-code after `ErrCode:` (the docs' "230099 子错误码" table): 11310, over 200
 * elements, and 100290, an at-mention or person of an id the app cannot see, are the two our cards
 * can meet. They may also come as the answer's own code. Retrying cannot pass such a card: the
 * recipient gets a text notice instead (jobs/outbox-card-refused.ts).
 */
export const CARD_INVALID = 230099;
export const CARD_TOO_MANY_ELEMENTS = 11310;
export const CARD_INVALID_PERSON = 100290;
const CARD_REFUSALS = new Set([CARD_INVALID, CARD_TOO_MANY_ELEMENTS, CARD_INVALID_PERSON]);
const TOKEN_CODES = new Set([99991663, 99991661, 99991668]);
/**
 * Per-receiver frequency limits, retried after a back-off: 230020 (im/v1 send, reply, patch: 5/s per
 * chat or user) and 11233 (the same limit met by the v4 send API). Docs: 发送消息 and 消息常见问题.
 */
const THROTTLE_CODES = new Set([230020, 11233]);
/**
 * Retrying these cannot succeed as they stand (the documented codes of message create, reply,
 * patch and urgent_app, and of the general list). Some can after an admin acts, and are offered
 * for a resend (`RESENDABLE_CODES`); the rest need a changed message.
 *
 * 230001 invalid parameter · 230002 bot not in the chat · 230006 bot ability off · 230011 message
 * recalled · 230012 bot is not the sender (urgent) · 230013 receiver outside the app's availability
 * (or resigned) · 230015 p2p chat cannot be shared · 230017 file not the bot's · 230018 group settings
 * forbid it · 230019 topic gone · 230022 sensitive content · 230023 receiver has 200 unread urgents ·
 * 230024 urgent quota spent · 230025 content too long · 230027 lacks a permission · 230028 failed the
 * data-leak audit · 230029 receiver resigned · 230031 card older than 14 days · 230034 invalid
 * receive_id · 230035 muted or blocked · 230038 cross-tenant p2p · 230050 message invisible ·
 * 230052 may not urgent here · 230053 receiver stopped the bot · 230054 type unsupported in chat ·
 * 230055 file type mismatch · 230075 encrypted chat · 230098 folded message (urgent) · 230099 card
 * invalid · 230110 message deleted · 232009 group dissolved · 99991401 IP not allowed · 99991672
 * scope missing · 10014 app disabled. A refused card is classified apart (`CARD_INVALID`).
 */
const PERMANENT_CODES = new Set([
  230001, 230002, 230006, 230011, 230012, 230013, 230015, 230017, 230018, 230019, 230022, 230023, 230024,
  230025, 230027, 230028, 230029, 230031, 230034, 230035, 230038, 230050, 230052, 230053, 230054, 230055,
  230075, 230098, 230099, 230110, 232009, 99991401, 99991672, 10014,
]);
/**
 * Permanent refusals that the same message may pass once someone acts: the bot added back to the
 * group, the receiver added to the app's availability, a group setting or a scope changed, the IP
 * allowed, the app enabled; and a frequency limit that held for the whole retry budget.
 */
const RESENDABLE_CODES = new Set([
  230002,
  230006,
  230013,
  230018,
  230027,
  230035,
  230053,
  99991401,
  99991672,
  10014,
  230020,
  11233,
  SYSTEM_LIMITED,
]);

/** Whether a row refused with `code` may be sent again as it is, once the cause is dealt with. */
export function isResendable(code: number | null): boolean {
  return code !== null && RESENDABLE_CODES.has(code);
}

/** Whether `code` (as classified: a 230099's sub-code where it names one) refuses a card as invalid. */
export function isCardRefusal(code: number | null): boolean {
  return code !== null && CARD_REFUSALS.has(code);
}

/**
 * A refused card's code: the sub-code a 230099 names when it is one of ours (11310, 100290), else
 * the code itself. 11310 also means "card action is lock" (a patch while someone is using the card):
 * that one passes later, so it is retried. The sub-code and that case are told apart only in the
 * message, the documented `ext=ErrCode: n; ErrMsg: ...` of the 230099 sub-code table.
 */
function cardRefusal(code: number, msg: string): FeishuOutcome {
  const sub = code === CARD_INVALID ? Number(/ErrCode:\s*(\d+)/.exec(msg)?.[1]) : code;
  if (sub === CARD_TOO_MANY_ELEMENTS && /card action is lock/i.test(msg))
    return { kind: 'transient', reason: `code ${code}: ${msg}` };
  return { kind: 'permanent', code: CARD_REFUSALS.has(sub) ? sub : code, msg };
}

/**
 * The scope a 99991672 asks for, from its documented message ("Access denied. One of the following
 * scopes is required: [im:message.urgent, im:message.urgent:app_send]..."): the first one listed.
 * The code decides that a scope is missing; the text only names which one.
 */
export function missingScopeOf(msg: string): string | undefined {
  const list = /\[([^\]]*)\]/.exec(msg)?.[1];
  const first = list?.split(',')[0]?.trim();
  return first && /^[\w.:-]{1,100}$/.test(first) ? first : undefined;
}

interface AxiosLike {
  response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
  code?: string;
  message?: string;
}

function codeOf(body: unknown): { code: number; msg: string } | undefined {
  if (body && typeof body === 'object' && 'code' in body && typeof body.code === 'number') {
    const msg = 'msg' in body && typeof body.msg === 'string' ? body.msg : '';
    return { code: body.code, msg };
  }
  return undefined;
}

function byCode(code: number, msg: string, resetHeader?: unknown): FeishuOutcome {
  if (code === 0) return { kind: 'ok' };
  if (code === RATE_LIMITED || code === SYSTEM_LIMITED) {
    const seconds = Number(resetHeader);
    return {
      kind: 'rate_limited',
      code,
      resetMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000,
    };
  }
  if (THROTTLE_CODES.has(code)) return { kind: 'throttled', code, msg };
  if (TOKEN_CODES.has(code)) return { kind: 'token_invalid' };
  if (CARD_REFUSALS.has(code)) return cardRefusal(code, msg);
  if (PERMANENT_CODES.has(code)) return { kind: 'permanent', code, msg };
  return { kind: 'transient', reason: `code ${code}: ${msg}` };
}

/** A resolved SDK call (HTTP 200) still carries a code that may be an error. */
export function classifyResponse(body: unknown): FeishuOutcome {
  const c = codeOf(body);
  return c ? byCode(c.code, c.msg) : { kind: 'ok' };
}

/** A thrown SDK call: HTTP >= 400 (AxiosError with the Feishu body) or a network failure. */
export function classifyError(err: unknown): FeishuOutcome {
  const e = err as AxiosLike;
  const res = e?.response;
  if (res) {
    const c = codeOf(res.data);
    const reset = res.headers?.['x-ogw-ratelimit-reset'];
    if (c) return byCode(c.code, c.msg, reset);
    if (res.status === 429) return byCode(RATE_LIMITED, 'HTTP 429', reset);
    return { kind: 'transient', reason: `HTTP ${res.status}` };
  }
  return { kind: 'transient', reason: e?.code ?? e?.message ?? String(err) };
}
