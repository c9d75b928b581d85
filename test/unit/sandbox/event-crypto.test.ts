import * as lark from '@larksuiteoapi/node-sdk';
import { describe, expect, it } from 'vitest';
import { encryptEvent, sealEnvelope } from '../../../src/sandbox/event-crypto';

const quiet = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };
const KEY = 'sandbox-encrypt-key';

describe('event encryption and signing', () => {
  it("the SDK's AESCipher decrypts what the sandbox encrypts, for any text", () => {
    for (const text of ['', 'a', '{"x":1}', '审批'.repeat(100), 'x'.repeat(16), 'y'.repeat(32)]) {
      expect(new lark.AESCipher(KEY).decrypt(encryptEvent(KEY, text))).toBe(text);
    }
  });

  it("the SDK's EventDispatcher accepts a sealed envelope, and rejects a forged signature", async () => {
    const envelope = {
      schema: '2.0',
      header: {
        event_id: 'e1',
        event_type: 'im.message.receive_v1',
        token: 't',
        app_id: 'cli_x',
        tenant_key: 'k',
      },
      event: { message: { message_id: 'om_1' } },
    };
    const seen: unknown[] = [];
    const dispatcher = new lark.EventDispatcher({ encryptKey: KEY, logger: quiet }).register({
      'im.message.receive_v1': async (data) => {
        seen.push(data.message.message_id);
        return 'handled';
      },
    });
    // Exactly what adaptDefault builds from a request: the parsed body with headers on the prototype.
    const asRequest = (body: string, headers: Record<string, string>) =>
      Object.assign(Object.create({ headers }), JSON.parse(body));

    const sealed = sealEnvelope(envelope, { encryptKey: KEY });
    expect(await dispatcher.invoke(asRequest(sealed.body, sealed.headers))).toBe('handled');

    const forged = sealEnvelope(envelope, { encryptKey: KEY, signature: 'f'.repeat(64) });
    expect(await dispatcher.invoke(asRequest(forged.body, forged.headers))).toBeUndefined();
    expect(seen).toEqual(['om_1']);
  });

  it('without an encrypt key the body is the plain envelope and unsigned', () => {
    const sealed = sealEnvelope({ schema: '2.0' }, { timestamp: 1700000000 });
    expect(JSON.parse(sealed.body)).toEqual({ schema: '2.0' });
    expect(sealed.headers['x-lark-request-timestamp']).toBe('1700000000');
    expect(sealed.headers['x-lark-signature']).toBeUndefined();
  });
});
