/**
 * How the sandbox refuses a card, over HTTP as the bot meets it: the code Feishu documents for each
 * kind (发送消息, 错误码 and 230099 子错误码), the 30 KB limit on the whole request body, and mentions
 * checked against the sandbox's users on send, patch, delayed update and a callback's answer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyCardAnswer } from '../../../src/sandbox/card-answer';
import { createCore } from '../../../src/sandbox/core';
import { newAppCredentials, type Sandbox, startSandbox } from '../../../src/sandbox/index';
import { FEISHU_LIMITS } from '../../../src/sandbox/types';

let sb: Sandbox;
let token = '';
const ALICE = 'ou_alice';

const text = (content: string) => ({ tag: 'plain_text', content });
const card = (elements: unknown[]) => ({
  schema: '2.0',
  header: { title: text('标题') },
  body: { elements },
});
const md = (content: string) => card([{ tag: 'markdown', content }]);

async function call(method: string, path: string, body: unknown) {
  const raw = JSON.stringify(body);
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: raw,
  });
  return {
    status: res.status,
    bytes: Buffer.byteLength(raw),
    ...((await res.json()) as { code: number; msg: string; data?: { message_id?: string } }),
  };
}
const send = (c: unknown) =>
  call('POST', '/open-apis/im/v1/messages?receive_id_type=open_id', {
    receive_id: ALICE,
    msg_type: 'interactive',
    content: JSON.stringify(c),
  });
const patch = (id: string, c: unknown) =>
  call('PATCH', `/open-apis/im/v1/messages/${id}`, { content: JSON.stringify(c) });

beforeAll(async () => {
  sb = await startSandbox(newAppCredentials());
  sb.addUser({ openId: ALICE, name: '张三' });
  const res = await fetch(`${sb.url}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app_id: sb.appId, app_secret: sb.appSecret }),
  });
  token = ((await res.json()) as { tenant_access_token: string }).tenant_access_token;
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

describe('the code each kind of card refusal gets', () => {
  it('over 200 elements: 230099 with ErrCode 11310 "element exceeds the limit"', async () => {
    const r = await send(card(Array.from({ length: 200 }, () => ({ tag: 'hr' }))));
    expect(r).toMatchObject({ status: 400, code: 230099 });
    expect(r.msg).toBe(
      'Failed to create card content, ext=ErrCode: 11310; ErrMsg: element exceeds the limit; code:230099',
    );
    expect((await send(card(Array.from({ length: 199 }, () => ({ tag: 'hr' }))))).code).toBe(0);
  });

  it('a mention of an open_id the app does not know: 230099 with ErrCode 100290 and the id', async () => {
    const r = await send(md('请 <at id=ou_stranger></at> 处理'));
    expect(r).toMatchObject({ status: 400, code: 230099 });
    expect(r.msg).toBe(
      'Failed to create card content, ext=ErrCode: 100290; ErrMsg: There is an invalid user resource(at/person) in your card; ErrorValue: ou_stranger',
    );
    expect((await send(md(`请 <at id=${ALICE}></at> 处理`))).code).toBe(0);
    expect(sb.errors().some((e) => e.kind === 'bad_card' && e.message.includes('ou_stranger'))).toBe(true);
  });

  it('any other invalid card: 230099 naming the problems, without a sub-code', async () => {
    const r = await send(md('详见https://x.cn附件'));
    expect(r).toMatchObject({ status: 400, code: 230099 });
    expect(r.msg).toMatch(/^Failed to create card content, ext=ErrMsg: body\.elements\[0\]\.content: link/);
    expect(r.msg).not.toContain('ErrCode');
  });

  it('the refusals a test injects are worded the same way', async () => {
    sb.refuse({ code: 11310, to: ALICE });
    expect((await send(md('一'))).msg).toContain('ErrCode: 11310; ErrMsg: element exceeds the limit');
    sb.refuse({ code: 100290, to: ALICE });
    const r = await send(md('二'));
    expect(r.code).toBe(230099);
    expect(r.msg).toContain('ErrCode: 100290');
  });
});

describe('30 KB is the whole request body', () => {
  // n quotes: the card's JSON holds each as \" (2 bytes), the body holds the card as an escaped
  // string, each quote as \\\" (4 bytes). 10,000 of them: a 20 KB card in a 40 KB body.
  const quotes = (n: number) => md('"'.repeat(n));

  it('refuses with 230025 a card whose content fits but whose body does not, naming the body size', async () => {
    const c = quotes(10_000);
    expect(Buffer.byteLength(JSON.stringify(c))).toBeLessThan(FEISHU_LIMITS.cardMaxBytes);
    const r = await send(c);
    expect(r).toMatchObject({ status: 400, code: 230025 });
    expect(r.bytes).toBeGreaterThan(FEISHU_LIMITS.cardMaxBytes);
    expect(r.msg).toContain(`ext=${r.bytes} bytes > ${FEISHU_LIMITS.cardMaxBytes} bytes`);
  });

  it('accepts a card whose body fits, and measures a patch the same way', async () => {
    const sent = await send(quotes(7_000));
    expect(sent.code).toBe(0);
    const id = sent.data?.message_id ?? '';
    expect((await patch(id, quotes(10_000))).code).toBe(230025);
    expect((await patch(id, quotes(7_000))).code).toBe(0);
  });
});

describe('mentions are checked on every path a card takes', () => {
  it('patch: 100290 for a stranger, 0 for a known user', async () => {
    const id = (await send(md('一'))).data?.message_id ?? '';
    const r = await patch(id, md('<at id=ou_stranger></at>'));
    expect(r.code).toBe(230099);
    expect(r.msg).toContain('ErrCode: 100290');
    expect((await patch(id, md(`<at id=${ALICE}></at>`))).code).toBe(0);
  });

  it('delayed update: the card is checked before its token', async () => {
    const r = await call('POST', '/open-apis/interactive/v1/card/update', {
      token: 'c-unknown',
      card: md('<at id=ou_stranger></at>'),
    });
    expect(r.code).toBe(230099);
    expect(r.msg).toContain('ErrCode: 100290');
    const known = await call('POST', '/open-apis/interactive/v1/card/update', {
      token: 'c-unknown',
      card: md(`<at id=${ALICE}></at>`),
    });
    expect(known).toMatchObject({ code: 230001 });
    expect(known.msg).toContain('token is invalid');
  });

  it("a callback's answered card mentioning a stranger is not applied, and is journaled", () => {
    const core = createCore({ ...newAppCredentials(), limits: FEISHU_LIMITS, now: () => Date.now() });
    core.directory.addUser({ openId: ALICE, name: '张三' });
    const m = core.store.add({
      chatId: `oc_p2p_${ALICE}`,
      msgType: 'interactive',
      content: md('原卡'),
      sender: 'bot',
    });
    const answer = (c: unknown) =>
      applyCardAnswer(core, m.messageId, {
        eventId: 'ev_1',
        eventType: 'card.action.trigger',
        via: 'http',
        status: 'ok',
        latencyMs: 1,
        answer: { card: { type: 'raw', data: c } },
      });
    expect(answer(md('<at id=ou_stranger></at>')).card).toBeUndefined();
    expect(core.journal.errors().some((e) => e.kind === 'bad_answer' && e.message.includes('100290'))).toBe(
      true,
    );
    expect(answer(md(`<at id=${ALICE}></at>`)).card).toEqual(md(`<at id=${ALICE}></at>`));
  });
});
