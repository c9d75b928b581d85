import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decodeFrame, EndpointCode, encodeFrame, headerValue } from '../../../src/sandbox/ws/frame';
import { createWsHub, WsAckError, WsDeliveryError, type WsHub } from '../../../src/sandbox/ws-hub';

const APP_ID = 'cli_a1b2c3d4e5f60718';
const APP_SECRET = 'sandbox-secret';

const quiet = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

function envelope(eventType: string, event: object): object {
  return {
    schema: '2.0',
    header: {
      event_id: randomUUID(),
      event_type: eventType,
      create_time: String(Date.now()),
      token: '',
      app_id: APP_ID,
      tenant_key: 'sandbox-tenant',
    },
    event,
  };
}

async function startServer(hub: WsHub): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/callback/ws/endpoint') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = undefined;
        }
        const { status, json } = hub.endpoint(body);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      });
      return;
    }
    res.writeHead(404).end();
  });
  server.on('upgrade', (req, socket, head) => {
    if (!hub.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('waitFor timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('ws hub with the real SDK WSClient', () => {
  let base = '';
  let server: Server;
  let hub: WsHub;
  let client: lark.WSClient;
  let ready = false;
  const clientErrors: Error[] = [];
  const messages: unknown[] = [];
  const cardActions: unknown[] = [];
  let releaseHang: () => void = () => {};

  beforeAll(async () => {
    hub = createWsHub({
      appId: APP_ID,
      appSecret: APP_SECRET,
      baseUrl: () => base,
      // one quick retry after a disconnect, then the SDK gives up (onError) so nothing lingers
      clientConfig: { ReconnectCount: 1, ReconnectInterval: 1, ReconnectNonce: 0 },
    });
    ({ server, base } = await startServer(hub));

    const dispatcher = new lark.EventDispatcher({ logger: quiet }).register({
      'im.message.receive_v1': async (data) => {
        messages.push(data);
        if (data.message.content.includes('hang')) {
          await new Promise<void>((r) => {
            releaseHang = r;
          });
        }
        if (data.message.content.includes('boom')) throw new Error('boom');
        return undefined;
      },
      // not in the SDK's EventHandles typings (node-sdk#156), but routed by header.event_type
      ...({
        'card.action.trigger': async (data: unknown) => {
          cardActions.push(data);
          return { toast: { type: 'success', content: '好' } };
        },
      } as Record<string, (data: unknown) => Promise<unknown>>),
    });

    client = new lark.WSClient({
      appId: APP_ID,
      appSecret: APP_SECRET,
      domain: base,
      logger: quiet,
      loggerLevel: lark.LoggerLevel.error,
      onReady: () => {
        ready = true;
      },
      onError: (e) => {
        clientErrors.push(e);
      },
    });
    await client.start({ eventDispatcher: dispatcher });
    await waitFor(() => ready && hub.connected() === 1);
  });

  afterAll(async () => {
    releaseHang();
    client?.close({ force: true });
    await hub?.close();
    await new Promise((r) => server?.close(r));
  });

  it('delivers a message event to the registered handler', async () => {
    const ack = await hub.deliver(
      envelope('im.message.receive_v1', {
        sender: { sender_id: { open_id: 'ou_1' }, sender_type: 'user' },
        message: {
          message_id: 'om_1',
          chat_id: 'oc_1',
          chat_type: 'p2p',
          message_type: 'text',
          content: JSON.stringify({ text: '你好' }),
        },
      }),
      'event',
      2000,
    );
    expect(ack).toBeUndefined(); // handler returned nothing → ack without data
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      event_type: 'im.message.receive_v1',
      message: { message_id: 'om_1', chat_id: 'oc_1' },
    });
  });

  it("returns the card handler's answer from the ack", async () => {
    const ack = await hub.deliver(
      envelope('card.action.trigger', {
        operator: { open_id: 'ou_1' },
        action: { tag: 'button', value: { op: 'approve', id: 42 } },
        context: { open_message_id: 'om_card', open_chat_id: 'oc_1' },
      }),
      'card',
      2000,
    );
    expect(ack).toEqual({ toast: { type: 'success', content: '好' } });
    expect(cardActions[0]).toMatchObject({ action: { value: { op: 'approve', id: 42 } } });
  });

  it('rejects with WsAckError when the handler throws', async () => {
    const p = hub.deliver(
      envelope('im.message.receive_v1', { message: { message_id: 'om_2', content: '"boom"' } }),
      'event',
      2000,
    );
    await expect(p).rejects.toBeInstanceOf(WsAckError);
    await expect(p).rejects.toMatchObject({ code: 500 });
  });

  it('rejects after timeoutMs when a handler hangs', async () => {
    const started = Date.now();
    await expect(
      hub.deliver(
        envelope('im.message.receive_v1', { message: { message_id: 'om_3', content: '"hang"' } }),
        'event',
        300,
      ),
    ).rejects.toBeInstanceOf(WsDeliveryError);
    expect(Date.now() - started).toBeLessThan(1500);
    releaseHang(); // the late ack must be ignored quietly
    await new Promise((r) => setTimeout(r, 50));
    expect(hub.connected()).toBe(1);
  });

  it('refuses wrong credentials; the SDK gives up via onError', async () => {
    expect(hub.endpoint({ AppID: APP_ID, AppSecret: 'nope' })).toMatchObject({
      status: 200,
      json: { code: EndpointCode.authFailed },
    });
    expect(hub.endpoint({ AppID: 'cli_0000000000000000', AppSecret: APP_SECRET })).toMatchObject({
      json: { code: EndpointCode.forbidden },
    });
    expect(hub.endpoint(undefined)).toMatchObject({ json: { code: EndpointCode.forbidden } });

    const errors: Error[] = [];
    const bad = new lark.WSClient({
      appId: APP_ID,
      appSecret: 'wrong',
      domain: base,
      logger: quiet,
      loggerLevel: lark.LoggerLevel.error,
      onError: (e) => {
        errors.push(e);
      },
    });
    try {
      await bad.start({ eventDispatcher: new lark.EventDispatcher({ logger: quiet }) });
      await waitFor(() => errors.length > 0);
      expect(errors[0]?.message).toContain(`code=${EndpointCode.authFailed}`);
      expect(hub.connected()).toBe(1);
    } finally {
      bad.close({ force: true });
    }
  });

  it('speaks the protocol to a raw client: pong with ClientConfig, multi-part frames, single-use tickets', async () => {
    const fragHub = createWsHub({
      appId: APP_ID,
      appSecret: APP_SECRET,
      baseUrl: () => fragBase,
      fragmentSize: 16,
    });
    let fragBase = '';
    const s = await startServer(fragHub);
    fragBase = s.base;
    try {
      const resp = fragHub.endpoint({ AppID: APP_ID, AppSecret: APP_SECRET }) as {
        json: { code: number; data: { URL: string; ClientConfig: Record<string, number> } };
      };
      expect(resp.json.code).toBe(0);
      expect(resp.json.data.ClientConfig).toEqual({
        ReconnectCount: -1,
        ReconnectInterval: 120,
        ReconnectNonce: 30,
        PingInterval: 120,
      });
      const url = new URL(resp.json.data.URL);
      expect(url.protocol).toBe('ws:');
      const serviceId = Number(url.searchParams.get('service_id'));

      const ws = new WebSocket(resp.json.data.URL);
      const inbox: ReturnType<typeof decodeFrame>[] = [];
      ws.on('message', (d: Buffer) => inbox.push(decodeFrame(d)));
      await new Promise((r, j) => ws.once('open', r).once('error', j));
      expect(fragHub.connected()).toBe(1);

      ws.send(
        encodeFrame({
          SeqID: 0,
          LogID: 0,
          service: serviceId,
          method: 0,
          headers: [{ key: 'type', value: 'ping' }],
        }),
      );
      await waitFor(() => inbox.length === 1);
      const pong = inbox.shift()!;
      expect(pong.method).toBe(0);
      expect(headerValue(pong, 'type')).toBe('pong');
      expect(JSON.parse(Buffer.from(pong.payload!).toString())).toMatchObject({ PingInterval: 120 });

      const env = envelope('im.message.receive_v1', { message: { content: 'x'.repeat(40) } });
      const delivered = fragHub.deliver(env, 'event', 2000);
      const total = Math.ceil(Buffer.byteLength(JSON.stringify(env)) / 16);
      await waitFor(() => inbox.length === total);
      expect(inbox.map((f) => headerValue(f, 'seq'))).toEqual([...Array(total).keys()].map(String));
      expect(new Set(inbox.map((f) => headerValue(f, 'sum')))).toEqual(new Set([String(total)]));
      expect(inbox.every((f) => f.method === 1 && f.service === serviceId)).toBe(true);
      const merged = Buffer.concat(inbox.map((f) => Buffer.from(f.payload!)));
      expect(JSON.parse(merged.toString())).toEqual(env);

      const last = inbox[inbox.length - 1]!;
      const answer = { hello: '世界' };
      ws.send(
        encodeFrame({
          ...last,
          headers: [...last.headers, { key: 'biz_rt', value: '-1' }],
          payload: Buffer.from(
            JSON.stringify({ code: 200, data: Buffer.from(JSON.stringify(answer)).toString('base64') }),
          ),
        }),
      );
      await expect(delivered).resolves.toEqual(answer);

      // the ticket was consumed: reusing the URL is refused at the handshake
      const again = new WebSocket(resp.json.data.URL);
      const status = await new Promise<number | undefined>((r) => {
        again.on('unexpected-response', (_req, res) => r(res.statusCode));
        again.on('error', () => r(undefined));
      });
      expect(status).toBe(403);
      again.terminate();

      // a pending delivery fails fast when its connection drops
      const orphan = fragHub.deliver(env, 'event', 5000);
      const orphaned = expect(orphan).rejects.toThrow(/connection closed/);
      ws.terminate();
      await orphaned;
      await waitFor(() => fragHub.connected() === 0);
      await expect(fragHub.deliver(env, 'event', 100)).rejects.toThrow(/no live/);
    } finally {
      await fragHub.close();
      await new Promise((r) => s.server.close(r));
    }
  });

  it('close() ends the connections; the client retries, gives up and does not crash', async () => {
    const errorsBefore = clientErrors.length;
    const pendingHang = hub.deliver(
      envelope('im.message.receive_v1', { message: { message_id: 'om_4', content: '"hang"' } }),
      'event',
      5000,
    );
    await waitFor(() => messages.length >= 4);
    const hangOutcome = expect(pendingHang).rejects.toThrow(/hub closed/);
    await hub.close();
    await hangOutcome;
    expect(hub.connected()).toBe(0);
    expect(hub.endpoint({ AppID: APP_ID, AppSecret: APP_SECRET })).toMatchObject({
      json: { code: EndpointCode.internalError },
    });
    await expect(hub.deliver({}, 'event', 100)).rejects.toThrow(/hub closed/);
    // ReconnectCount 1 / ReconnectNonce 0: one retry against the closed hub, then onError
    await waitFor(() => clientErrors.length > errorsBefore);
    expect(clientErrors.at(-1)?.message).toMatch(/reconnect exhausted/);
    releaseHang();
  });
});
