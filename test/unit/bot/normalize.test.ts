import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '../../../src/bot/normalize';
import { signatureOf, verifyRequest } from '../../../src/bot/verify';

describe('normalizeEvent', () => {
  const header = {
    event_id: 'e1',
    event_type: 'im.message.receive_v1',
    create_time: '1',
    token: 't',
    app_id: 'a',
  };
  const event = {
    sender: { sender_id: { open_id: 'ou_1' } },
    message: {
      message_id: 'om_1',
      chat_id: 'oc_1',
      chat_type: 'group',
      message_type: 'text',
      content: '{"text":"@_user_1 你好"}',
    },
  };

  it('reads an envelope and the SDK-flattened form alike', () => {
    const a = normalizeEvent({ schema: '2.0', header, event });
    const b = normalizeEvent({ ...header, ...event });
    expect(a).toEqual(b);
    expect(a).toMatchObject({ kind: 'message', openId: 'ou_1', text: '你好', chatType: 'group' });
  });

  it('ignores unknown types and events without an id', () => {
    expect(normalizeEvent({ header: { ...header, event_type: 'x.y' }, event })).toBeUndefined();
    expect(normalizeEvent({ header: { ...header, event_id: '' }, event })).toBeUndefined();
    expect(normalizeEvent(null)).toBeUndefined();
  });

  it('nothing is cut: every mention is kept, an image key too long to carry is no key', () => {
    const mentions = Array.from({ length: 60 }, (_, i) => ({
      key: `@_user_${i + 1}`,
      id: { open_id: `ou_${i}` },
    }));
    const many = normalizeEvent({ header, event: { ...event, message: { ...event.message, mentions } } });
    expect(many).toMatchObject({ mentions: mentions.map((m) => m.id.open_id) });
    const image = (key: string) =>
      normalizeEvent({
        header,
        event: {
          ...event,
          message: { ...event.message, message_type: 'image', content: JSON.stringify({ image_key: key }) },
        },
      }) as { imageKey?: string };
    expect(image('k'.repeat(128)).imageKey).toBe('k'.repeat(128));
    expect(image('k'.repeat(129)).imageKey).toBeUndefined();
  });

  it('a non-text message has empty text', () => {
    const image = { ...event, message: { ...event.message, message_type: 'image', content: '{}' } };
    expect(normalizeEvent({ header, event: image })).toMatchObject({ text: '' });
  });
});

describe('verifyRequest', () => {
  const key = 'k';
  const body = '{"encrypt":"x"}';
  const now = 1_700_000_000_000;
  const ts = String(now / 1000);
  const headers = (sig: string, t = ts) => ({
    'x-lark-request-timestamp': t,
    'x-lark-request-nonce': 'n',
    'x-lark-signature': sig,
  });

  it('accepts a correct, fresh signature', () => {
    expect(verifyRequest(headers(signatureOf(ts, 'n', key, body)), body, key, now)).toEqual({ ok: true });
  });
  it('refuses a wrong signature, a changed body and a stale or future timestamp', () => {
    const good = signatureOf(ts, 'n', key, body);
    expect(verifyRequest(headers('0'.repeat(64)), body, key, now).ok).toBe(false);
    expect(verifyRequest(headers(good), `${body} `, key, now).ok).toBe(false);
    const old = String(now / 1000 - 301);
    expect(verifyRequest(headers(signatureOf(old, 'n', key, body), old), body, key, now).ok).toBe(false);
    const future = String(now / 1000 + 301);
    expect(verifyRequest(headers(signatureOf(future, 'n', key, body), future), body, key, now).ok).toBe(
      false,
    );
    expect(verifyRequest({}, body, key, now).ok).toBe(false);
  });
});

describe('the directory change events', () => {
  const header = (event_type: string) => ({
    event_id: 'e9',
    event_type,
    create_time: '1',
    token: 't',
    app_id: 'cli_a',
  });
  const user = { open_id: 'ou_1', union_id: 'on_1', user_id: 'u1', name: '林晓', department_ids: ['od-1'] };

  it('reads a user and a department, keyed by their stable ids', () => {
    expect(
      normalizeEvent({ header: header('contact.user.updated_v3'), event: { object: user } }),
    ).toMatchObject({
      kind: 'directory_user',
      openId: '',
      appId: 'cli_a',
      change: 'updated',
      user: { openId: 'ou_1', userId: 'u1', unionId: 'on_1', name: '林晓', departmentIds: ['od-1'] },
    });
    const dept = { open_department_id: 'od-1', name: '环卫所', parent_department_id: '0' };
    expect(
      normalizeEvent({ header: header('contact.department.created_v3'), event: { object: dept } }),
    ).toMatchObject({
      kind: 'directory_department',
      change: 'created',
      department: { openDepartmentId: 'od-1' },
    });
  });

  it("a deleted user's departments come from old_object (the object carries none)", () => {
    const { department_ids: _none, ...object } = user;
    const e = normalizeEvent({
      header: header('contact.user.deleted_v3'),
      event: { object, old_object: { department_ids: ['od-9'] } },
    });
    expect(e).toMatchObject({ change: 'deleted', user: { departmentIds: ['od-9'] } });
  });

  it('a user without a name (a field scope missing) or with an id past 64 characters is no user', () => {
    const { name: _n, ...nameless } = user;
    expect(
      normalizeEvent({ header: header('contact.user.created_v3'), event: { object: nameless } }),
    ).toMatchObject({
      user: undefined,
    });
    expect(
      normalizeEvent({
        header: header('contact.user.created_v3'),
        event: { object: { ...user, open_id: 'o'.repeat(65) } },
      }),
    ).toMatchObject({ user: undefined });
  });
});
