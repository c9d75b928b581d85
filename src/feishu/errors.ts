/** What the relay should do with a Feishu answer. Classified by numeric code, never by message text. */
export type FeishuOutcome =
  | { kind: 'ok' }
  | { kind: 'rate_limited'; resetMs: number }
  | { kind: 'token_invalid' }
  | { kind: 'permanent'; code: number; msg: string }
  | { kind: 'transient'; reason: string };

export const RATE_LIMITED = 99991400;
const TOKEN_CODES = new Set([99991663, 99991661, 99991668]);
/** Retrying these cannot succeed: bad request, bot not in chat, no availability, IP not allowed... */
const PERMANENT_CODES = new Set([
  230001, 230002, 230006, 230013, 230017, 230018, 230020, 230025, 230027, 230031, 230099, 99991401, 99991672,
  10014,
]);

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
  if (code === RATE_LIMITED) {
    const seconds = Number(resetHeader);
    return { kind: 'rate_limited', resetMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000 };
  }
  if (TOKEN_CODES.has(code)) return { kind: 'token_invalid' };
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
