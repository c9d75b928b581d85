/**
 * Server side of Feishu's long connection ("长连接"), enough for the real `@larksuiteoapi/node-sdk`
 * `WSClient` (1.74.0) to connect to the sandbox, receive events and card callbacks, and answer
 * through its acks.
 *
 * Protocol as the SDK implements it:
 *  1. `POST {domain}/callback/ws/endpoint {AppID, AppSecret}` → `{code:0, data:{URL, ClientConfig}}`.
 *     The SDK reads `device_id` / `service_id` with `qs.parse(URL)` on the WHOLE url, so they must not be
 *     the first query parameter (the first key would be `ws://…?device_id`). Any non-zero code other
 *     than 1000040343 stops the client for good (`onError`); `data` must still be an object or the
 *     SDK's destructuring throws and it retries forever instead.
 *  2. WebSocket to that URL; binary frames are protobuf `pbbp2.Frame` (see ./ws/frame).
 *  3. The client pings right after `open` and every `PingInterval` s (control frame, header
 *     `type=ping`); we answer `type=pong` carrying the ClientConfig JSON, which the client adopts.
 *  4. We push data frames (headers `type`, `message_id`, `sum`, `seq`, `trace_id`; payload = JSON bytes
 *     of the schema-2.0 envelope, possibly split in `sum` parts). The client reassembles, runs
 *     `EventDispatcher.invoke(envelope, {needCheck:false})` (routing on `header.event_type`) and echoes
 *     the frame back with an extra `biz_rt` header and payload
 *     `{code:200|500, data?: base64(JSON(handler result))}`.
 *
 * SDK 1.74.0 silently ignores data frames whose `type` is not `event`, so card callbacks
 * (`card.action.trigger`, a schema-2.0 envelope like any event) are sent with `type=event` by
 * default, which is also what Feishu does for new-style card callbacks over the long connection.
 * `cardFrameType: 'card'` reproduces the legacy framing (the SDK then never answers).
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import {
  decodeFrame,
  EndpointCode,
  encodeFrame,
  type Frame,
  FrameMethod,
  HeaderKey,
  headerValue,
  MessageType,
} from './ws/frame';

export interface WsHub {
  /** For POST /callback/ws/endpoint with the parsed JSON body {AppID, AppSecret}: what Feishu answers (the URL to connect to + ClientConfig) */
  endpoint(body: unknown): { status: number; json: unknown };
  /** For the http server's 'upgrade' event; returns false if the URL is not one of ours (caller then destroys the socket) */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Number of live client connections */
  connected(): number;
  /** Live connections whose client has pinged: it pings once its open handling is done, so it is ready for frames */
  ready(): number;
  /** Send a schema-2.0 envelope ({schema,header:{event_id,event_type,...},event}) to ONE random connection as a data frame of type 'event' or 'card';
   *  resolve with the client's answer parsed from its ack (for a card callback, the object the handler returned, e.g. {toast, card}; for events whatever it acks), reject after timeoutMs */
  deliver(envelope: object, kind: 'event' | 'card', timeoutMs: number): Promise<unknown>;
  close(): Promise<void>;
}

/** What the endpoint hands out and every pong repeats; seconds, as Feishu sends them. */
export interface WsClientConfig {
  ReconnectCount: number;
  ReconnectInterval: number;
  ReconnectNonce: number;
  PingInterval: number;
}

export interface WsHubOptions {
  appId: string;
  appSecret: string;
  /** e.g. http://127.0.0.1:PORT, no trailing slash */
  baseUrl: () => string;
  /** Overrides of Feishu's defaults (-1 / 120 / 30 / 120). */
  clientConfig?: Partial<WsClientConfig>;
  /** Frame `type` header used for kind 'card'. Default 'event' (see the module comment). */
  cardFrameType?: 'event' | 'card';
  /** Payloads longer than this many bytes are split into several frames (`sum`/`seq`). Default 512 KiB. */
  fragmentSize?: number;
  /** Connections allowed per app before the endpoint answers 1000040350. Default 50, like Feishu. */
  maxConnections?: number;
}

/** The client answered, but with a non-200 code (its handler threw). */
export class WsAckError extends Error {
  constructor(
    readonly code: number,
    readonly messageId: string,
  ) {
    super(`long-connection ack for ${messageId} has code ${code}`);
    this.name = 'WsAckError';
  }
}

/** No ack within the deadline, or the connection went away first. */
export class WsDeliveryError extends Error {
  constructor(
    message: string,
    readonly messageId?: string,
  ) {
    super(message);
    this.name = 'WsDeliveryError';
  }
}

export const WS_PATH = '/ws/v2';
/** The HTTP route whose POST body goes to {@link WsHub.endpoint}. */
export const WS_ENDPOINT_PATH = '/callback/ws/endpoint';
const TICKET_TTL_MS = 5 * 60_000;
const FEISHU_CLIENT_CONFIG: WsClientConfig = {
  ReconnectCount: -1,
  ReconnectInterval: 120,
  ReconnectNonce: 30,
  PingInterval: 120,
};

interface Ticket {
  deviceId: string;
  serviceId: number;
  expiresAt: number;
}

interface Conn {
  id: string;
  ws: WebSocket;
  deviceId: string;
  serviceId: number;
  /** Set by the client's first ping. */
  pinged?: boolean;
}

interface Pending {
  conn: Conn;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

function endpointError(code: number, msg: string): { status: number; json: unknown } {
  // HTTP 200 with a non-zero code, like Feishu; `data` present so the SDK's destructuring survives.
  return { status: 200, json: { code, msg, data: {} } };
}

function decodeAck(payload: Uint8Array | undefined, messageId: string): unknown {
  if (!payload || payload.length === 0) return undefined;
  const ack = JSON.parse(Buffer.from(payload).toString('utf8')) as { code?: unknown; data?: unknown };
  const code = typeof ack.code === 'number' ? ack.code : Number(ack.code);
  if (code !== 200) throw new WsAckError(Number.isFinite(code) ? code : 0, messageId);
  if (typeof ack.data !== 'string' || ack.data === '') return undefined;
  return JSON.parse(Buffer.from(ack.data, 'base64').toString('utf8'));
}

export function createWsHub(opts: WsHubOptions): WsHub {
  const clientConfig: WsClientConfig = { ...FEISHU_CLIENT_CONFIG, ...opts.clientConfig };
  const cardFrameType = opts.cardFrameType ?? MessageType.event;
  const fragmentSize = Math.max(1, opts.fragmentSize ?? 512 * 1024);
  const maxConnections = opts.maxConnections ?? 50;

  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const tickets = new Map<string, Ticket>();
  const conns = new Map<string, Conn>();
  const pending = new Map<string, Pending>();
  let closed = false;
  let seq = 0;

  const live = (): Conn[] => [...conns.values()].filter((c) => c.ws.readyState === WebSocket.OPEN);

  function pruneTickets(now: number): void {
    for (const [t, v] of tickets) if (v.expiresAt <= now) tickets.delete(t);
  }

  function send(conn: Conn, frame: Frame): void {
    conn.ws.send(encodeFrame(frame), { binary: true });
  }

  function settle(messageId: string, outcome: { value: unknown } | { error: Error }): void {
    const p = pending.get(messageId);
    if (!p) return;
    pending.delete(messageId);
    clearTimeout(p.timer);
    if ('error' in outcome) p.reject(outcome.error);
    else p.resolve(outcome.value);
  }

  function onFrame(conn: Conn, frame: Frame): void {
    const type = headerValue(frame, HeaderKey.type);
    if (frame.method === FrameMethod.control) {
      if (type === MessageType.ping) {
        conn.pinged = true;
        send(conn, {
          SeqID: 0,
          LogID: 0,
          service: conn.serviceId,
          method: FrameMethod.control,
          headers: [{ key: HeaderKey.type, value: MessageType.pong }],
          payload: Buffer.from(JSON.stringify(clientConfig)),
        });
      }
      return;
    }
    if (frame.method !== FrameMethod.data) return;
    // A data frame from the client is the ack of one we pushed: same headers (+ biz_rt), new payload.
    const messageId = headerValue(frame, HeaderKey.messageId);
    if (!messageId) return;
    try {
      settle(messageId, { value: decodeAck(frame.payload, messageId) });
    } catch (err) {
      settle(messageId, { error: err instanceof Error ? err : new Error(String(err)) });
    }
  }

  function onConnection(ws: WebSocket, ticket: Ticket): void {
    const conn: Conn = {
      id: randomUUID(),
      ws,
      deviceId: ticket.deviceId,
      serviceId: ticket.serviceId,
    };
    conns.set(conn.id, conn);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) return;
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      let frame: Frame;
      try {
        frame = decodeFrame(buf);
      } catch {
        return; // garbage from a client: ignore, like a tolerant gateway would
      }
      onFrame(conn, frame);
    });
    ws.on('error', () => {
      // 'close' follows; nothing else to do.
    });
    ws.on('close', () => {
      conns.delete(conn.id);
      for (const [messageId, p] of pending) {
        if (p.conn === conn) {
          settle(messageId, { error: new WsDeliveryError('connection closed before ack', messageId) });
        }
      }
    });
  }

  function rejectUpgrade(socket: Duplex, status: number, reason: string, msg: string): void {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\n` +
        `${HeaderKey.handshakeStatus}: ${status}\r\n` +
        `${HeaderKey.handshakeMsg}: ${msg}\r\n` +
        'Connection: close\r\nContent-Length: 0\r\n\r\n',
    );
    socket.destroy();
  }

  return {
    endpoint(body) {
      if (closed) return endpointError(EndpointCode.internalError, 'system busy');
      const b = (body ?? {}) as Record<string, unknown>;
      const appId = typeof b.AppID === 'string' ? b.AppID : '';
      const appSecret = typeof b.AppSecret === 'string' ? b.AppSecret : '';
      if (!appId || appId !== opts.appId) return endpointError(EndpointCode.forbidden, 'app not found');
      if (appSecret !== opts.appSecret) return endpointError(EndpointCode.authFailed, 'auth failed');
      if (live().length >= maxConnections) {
        return endpointError(EndpointCode.exceedConnLimit, 'exceed connection limit');
      }
      const now = Date.now();
      pruneTickets(now);
      const ticket = randomUUID();
      const deviceId = (randomBytes(8).readBigUInt64BE() >> 1n).toString();
      const serviceId = randomInt(1, 2 ** 31 - 1);
      tickets.set(ticket, { deviceId, serviceId, expiresAt: now + TICKET_TTL_MS });
      const wsBase = opts.baseUrl().replace(/^http/, 'ws');
      // device_id and service_id after a leading parameter: the SDK qs.parse()s the whole URL.
      const query = new URLSearchParams({
        fpid: '493',
        aid: '552564',
        device_id: deviceId,
        access_key: randomBytes(16).toString('hex'),
        service_id: String(serviceId),
        ticket,
      });
      return {
        status: 200,
        json: {
          code: 0,
          msg: 'ok',
          data: { URL: `${wsBase}${WS_PATH}?${query}`, ClientConfig: clientConfig },
        },
      };
    },

    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      if (url.pathname !== WS_PATH) return false;
      if (closed) {
        rejectUpgrade(socket, 503, 'Service Unavailable', 'closed');
        return true;
      }
      const now = Date.now();
      pruneTickets(now);
      const key = url.searchParams.get('ticket') ?? '';
      const ticket = tickets.get(key);
      if (
        !ticket ||
        url.searchParams.get('device_id') !== ticket.deviceId ||
        url.searchParams.get('service_id') !== String(ticket.serviceId)
      ) {
        rejectUpgrade(socket, 403, 'Forbidden', 'invalid ticket');
        return true;
      }
      tickets.delete(key); // single use: every (re)connect pulls a fresh endpoint
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, ticket));
      return true;
    },

    connected() {
      return live().length;
    },

    ready() {
      return live().filter((c) => c.pinged).length;
    },

    deliver(envelope, kind, timeoutMs) {
      if (closed) return Promise.reject(new WsDeliveryError('hub closed'));
      // A client that has pinged has finished opening; a fresh one may not handle a frame yet.
      const open = live();
      const candidates = open.some((c) => c.pinged) ? open.filter((c) => c.pinged) : open;
      if (candidates.length === 0) return Promise.reject(new WsDeliveryError('no live long connection'));
      const conn = candidates[randomInt(candidates.length)];
      if (!conn) return Promise.reject(new WsDeliveryError('no live long connection'));

      const type = kind === 'card' ? cardFrameType : MessageType.event;
      const messageId = randomUUID();
      const traceId = randomBytes(8).toString('hex');
      const bytes = Buffer.from(JSON.stringify(envelope));
      const sum = Math.max(1, Math.ceil(bytes.length / fragmentSize));

      return new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => {
          settle(messageId, {
            error: new WsDeliveryError(`no ack within ${timeoutMs} ms`, messageId),
          });
        }, timeoutMs);
        pending.set(messageId, { conn, resolve, reject, timer });
        try {
          for (let i = 0; i < sum; i++) {
            seq++;
            send(conn, {
              SeqID: seq,
              LogID: seq,
              service: conn.serviceId,
              method: FrameMethod.data,
              headers: [
                { key: HeaderKey.type, value: type },
                { key: HeaderKey.messageId, value: messageId },
                { key: HeaderKey.sum, value: String(sum) },
                { key: HeaderKey.seq, value: String(i) },
                { key: HeaderKey.traceId, value: traceId },
              ],
              payload: bytes.subarray(i * fragmentSize, (i + 1) * fragmentSize),
            });
          }
        } catch (err) {
          settle(messageId, { error: err instanceof Error ? err : new Error(String(err)) });
        }
      });
    },

    close() {
      closed = true;
      tickets.clear();
      for (const messageId of [...pending.keys()]) {
        settle(messageId, { error: new WsDeliveryError('hub closed', messageId) });
      }
      const sockets = [...conns.values()].map((c) => c.ws);
      return new Promise<void>((resolve) => {
        for (const ws of sockets) ws.terminate();
        wss.close(() => resolve());
      });
    },
  };
}
