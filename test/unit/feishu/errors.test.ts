import { describe, expect, it } from 'vitest';
import {
  classifyError,
  classifyResponse,
  isCardRefusal,
  isResendable,
  missingScopeOf,
} from '../../../src/feishu/errors';

/** A thrown SDK call as axios makes it: HTTP status, Feishu's body, headers. */
const httpError = (status: number, code: number, msg: string, headers: Record<string, string> = {}) => ({
  response: { status, data: { code, msg }, headers },
});

describe('classifying Feishu answers by code (issue 20: nothing that can pass later is dropped)', () => {
  it('11232, the message system under pressure, is retried like a 429, not dropped', () => {
    const o = classifyError(httpError(400, 11232, 'create message service trigger rate limit'));
    expect(o).toEqual({ kind: 'rate_limited', code: 11232, resetMs: 1000 });
    expect(classifyResponse({ code: 11232, msg: 'x' }).kind).toBe('rate_limited');
  });

  it("230020 and 11233, a receiver's frequency limit, are retried after a back-off for that receiver", () => {
    expect(classifyError(httpError(400, 230020, 'This operation triggers the frequency limit.'))).toEqual({
      kind: 'throttled',
      code: 230020,
      msg: 'This operation triggers the frequency limit.',
    });
    expect(classifyResponse({ code: 11233, msg: 'chat limit' }).kind).toBe('throttled');
  });

  it('a 429 still honours x-ogw-ratelimit-reset', () => {
    const o = classifyError(httpError(429, 99991400, 'limited', { 'x-ogw-ratelimit-reset': '3' }));
    expect(o).toEqual({ kind: 'rate_limited', code: 99991400, resetMs: 3000 });
  });

  it('what can never pass as it stands is permanent; unknown codes are retried', () => {
    for (const code of [230001, 230002, 230013, 230099, 230031, 232009, 99991672])
      expect(classifyError(httpError(400, code, 'no')).kind, String(code)).toBe('permanent');
    expect(classifyResponse({ code: 123456, msg: 'new' }).kind).toBe('transient');
  });

  it('a resend is offered where someone can remove the cause, not for a bad message', () => {
    for (const code of [230002, 230013, 99991672, 230020, 11232])
      expect(isResendable(code), String(code)).toBe(true);
    for (const code of [230001, 230025, 230099, 230031]) expect(isResendable(code), String(code)).toBe(false);
    expect(isResendable(null)).toBe(false);
  });

  it('a 99991672 names the scope it asks for', () => {
    const msg =
      'Access denied. One of the following scopes is required: [im:message.urgent, im:message.urgent:app_send].应用尚未开通所需的应用身份权限：[im:message.urgent, im:message.urgent:app_send]';
    expect(missingScopeOf(msg)).toBe('im:message.urgent');
    expect(missingScopeOf('Access denied')).toBeUndefined();
  });

  it('a refused card is permanent under the sub-code its 230099 names (11310, 100290), never offered for a resend', () => {
    // The documented answers (发送消息, "230099 子错误码").
    const elements =
      'Failed to create card content, ext=ErrCode: 11310; ErrMsg: element exceeds the limit; code:230099';
    const person =
      'Failed to create card content, ext=ErrCode: 100290; ErrMsg: There is an invalid user resource(at/person) in your card; ErrorValue: ou_x';
    expect(classifyError(httpError(400, 230099, elements))).toEqual({
      kind: 'permanent',
      code: 11310,
      msg: elements,
    });
    expect(classifyError(httpError(400, 230099, person))).toMatchObject({ kind: 'permanent', code: 100290 });
    const other = 'Failed to create card content, ext=ErrCode: 200621; ErrMsg: parse card json err';
    expect(classifyResponse({ code: 230099, msg: other })).toMatchObject({ kind: 'permanent', code: 230099 });
    expect(classifyResponse({ code: 230099, msg: '' })).toMatchObject({ kind: 'permanent', code: 230099 });
    // The same codes as the answer's own code.
    for (const code of [11310, 100290]) {
      expect(classifyResponse({ code, msg: 'x' }), String(code)).toMatchObject({ kind: 'permanent', code });
      expect(isCardRefusal(code)).toBe(true);
      expect(isResendable(code)).toBe(false);
    }
    expect(isCardRefusal(230099)).toBe(true);
    expect(isCardRefusal(230002)).toBe(false);
    expect(isCardRefusal(null)).toBe(false);
  });

  it('11310 "card action is lock" (an update while the card is in use) passes later: retried', () => {
    const lock =
      'Failed to create card content, ext=ErrCode: 11310; ErrMsg: card action is lock; code:230099';
    expect(classifyError(httpError(400, 230099, lock)).kind).toBe('transient');
  });
});
