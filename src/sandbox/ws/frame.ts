/**
 * The wire format of Feishu's long connection: protobuf `pbbp2.Frame` messages in binary WebSocket
 * frames. Field numbers and `required` rules copied from the generated code inside
 * `@larksuiteoapi/node-sdk` (lib/index.js, `pbbp2.Header` / `pbbp2.Frame`); the SDK's decoder throws
 * when SeqID, LogID, service or method is missing, so those are proto2 `required` here and always
 * encoded, even when zero.
 */
import protobuf from 'protobufjs';

const root = protobuf.Root.fromJSON({
  nested: {
    pbbp2: {
      nested: {
        Header: {
          fields: {
            key: { rule: 'required', type: 'string', id: 1 },
            value: { rule: 'required', type: 'string', id: 2 },
          },
        },
        Frame: {
          fields: {
            SeqID: { rule: 'required', type: 'uint64', id: 1 },
            LogID: { rule: 'required', type: 'uint64', id: 2 },
            service: { rule: 'required', type: 'int32', id: 3 },
            method: { rule: 'required', type: 'int32', id: 4 },
            headers: { rule: 'repeated', type: 'Header', id: 5 },
            payloadEncoding: { type: 'string', id: 6 },
            payloadType: { type: 'string', id: 7 },
            payload: { type: 'bytes', id: 8 },
            LogIDNew: { type: 'string', id: 9 },
          },
        },
      },
    },
  },
});

const FrameType = root.lookupType('pbbp2.Frame');

/** `Frame.method`: control frames (ping/pong) vs data frames (events, callbacks, acks). */
export const FrameMethod = { control: 0, data: 1 } as const;

/** Values of the `type` header. */
export const MessageType = { event: 'event', card: 'card', ping: 'ping', pong: 'pong' } as const;

/** Header keys the SDK reads or writes. */
export const HeaderKey = {
  type: 'type',
  messageId: 'message_id',
  sum: 'sum',
  seq: 'seq',
  traceId: 'trace_id',
  bizRt: 'biz_rt',
  handshakeStatus: 'handshake-status',
  handshakeMsg: 'handshake-msg',
  handshakeAuthErrCode: 'handshake-autherrcode',
} as const;

/** Codes of the endpoint response, as enumerated by the SDK (`ErrorCode`). */
export const EndpointCode = {
  ok: 0,
  /** SDK: logged as "system busy", NOT retried. */
  systemBusy: 1,
  forbidden: 403,
  /** SDK: not retried; `onError` fires. */
  authFailed: 514,
  /** SDK: the only non-zero code it retries. */
  internalError: 1000040343,
  exceedConnLimit: 1000040350,
} as const;

export interface FrameHeader {
  key: string;
  value: string;
}

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: FrameHeader[];
  payloadEncoding?: string;
  payloadType?: string;
  payload?: Uint8Array;
  LogIDNew?: string;
}

export function encodeFrame(frame: Frame): Uint8Array {
  return FrameType.encode(FrameType.fromObject(frame)).finish();
}

/** Decodes a frame; 64-bit ids come back as plain numbers. Throws on malformed input. */
export function decodeFrame(buf: Uint8Array): Frame {
  const msg = FrameType.decode(buf);
  const obj = FrameType.toObject(msg, { longs: Number, defaults: true }) as Record<string, unknown>;
  const headers = Array.isArray(obj.headers) ? (obj.headers as FrameHeader[]) : [];
  const frame: Frame = {
    SeqID: Number(obj.SeqID ?? 0),
    LogID: Number(obj.LogID ?? 0),
    service: Number(obj.service ?? 0),
    method: Number(obj.method ?? 0),
    headers: headers.map((h) => ({ key: String(h.key), value: String(h.value) })),
  };
  if (typeof obj.payloadEncoding === 'string') frame.payloadEncoding = obj.payloadEncoding;
  if (typeof obj.payloadType === 'string') frame.payloadType = obj.payloadType;
  if (obj.payload instanceof Uint8Array) frame.payload = obj.payload;
  if (typeof obj.LogIDNew === 'string') frame.LogIDNew = obj.LogIDNew;
  return frame;
}

export function headerValue(frame: Frame, key: string): string | undefined {
  return frame.headers.find((h) => h.key === key)?.value;
}
