import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import axios from 'axios';
import type { Logger } from '../log';

export interface FeishuAppConfig {
  appId: string;
  appSecret: string;
  domain: string;
}

// The SDK's Cache interface types keys as the boxed `Symbol`, so this class must too.
/** The SDK's token cache, kept per client so tests and sandboxes never share tokens. */
export class TokenCache {
  private readonly entries = new Map<string, { value: unknown; expire?: number }>();
  // biome-ignore lint/complexity/noBannedTypes: matches the SDK's Cache signature
  private key(key: string | Symbol, ns?: string) {
    return `${ns ?? ''}:${String(key)}`;
  }
  // biome-ignore lint/complexity/noBannedTypes: matches the SDK's Cache signature
  async set(key: string | Symbol, value: unknown, expire?: number, options?: { namespace?: string }) {
    this.entries.set(this.key(key, options?.namespace), { value, expire });
    return true;
  }
  // biome-ignore lint/complexity/noBannedTypes: matches the SDK's Cache signature
  async get(key: string | Symbol, options?: { namespace?: string }) {
    const e = this.entries.get(this.key(key, options?.namespace));
    if (!e) return undefined;
    if (e.expire && e.expire < Date.now()) return undefined;
    return e.value;
  }
  /** The SDK never evicts a token Feishu calls invalid (99991663); we do. */
  clear() {
    this.entries.clear();
  }
}

export function sdkLogger(logger: Logger) {
  const child = logger.child({ component: 'lark-sdk' });
  return {
    error: (...msg: unknown[]) => child.error({ msg }),
    warn: (...msg: unknown[]) => child.warn({ msg }),
    info: (...msg: unknown[]) => child.debug({ msg }),
    debug: (...msg: unknown[]) => child.debug({ msg }),
    trace: (...msg: unknown[]) => child.trace({ msg }),
  };
}

export type FeishuClient = { sdk: lark.Client; tokens: TokenCache };

/** The real SDK client, with a bounded HTTP timeout (the default has none) and its own token cache. */
export function createFeishuClient(cfg: FeishuAppConfig, logger: Logger, timeoutMs = 10_000): FeishuClient {
  const http = axios.create({ timeout: timeoutMs });
  // As the SDK's own instance: a download asks for headers too (`$return_headers`) and reads `.data`.
  http.interceptors.response.use((r) =>
    (r.config as { $return_headers?: boolean }).$return_headers
      ? { data: r.data, headers: r.headers }
      : r.data,
  );
  const tokens = new TokenCache();
  const sdk = new lark.Client({
    appId: cfg.appId,
    appSecret: cfg.appSecret,
    domain: cfg.domain,
    cache: tokens,
    logger: sdkLogger(logger),
    httpInstance: http as unknown as lark.HttpInstance,
  });
  return { sdk, tokens };
}

/** The largest image the bot keeps as evidence; Feishu allows 10 MB images. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/**
 * An image of a message the bot received, as bytes: GET
 * /open-apis/im/v1/messages/:message_id/resources/:file_key?type=image (the SDK streams it).
 */
export async function downloadImage(
  client: FeishuClient,
  messageId: string,
  fileKey: string,
): Promise<Buffer> {
  const res = await client.sdk.im.v1.messageResource.get({
    params: { type: 'image' },
    path: { message_id: messageId, file_key: fileKey },
  });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.getReadableStream()) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > MAX_IMAGE_BYTES) throw new Error('image too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export type DownloadedFile = { ok: true; bytes: Buffer } | { ok: false; tooLarge: number };

/**
 * A file a person sent the bot, as bytes: GET
 * /open-apis/im/v1/messages/:message_id/resources/:file_key?type=file (Feishu serves files up to
 * 100 MB). The size is checked before the body is read: a Content-Length over `maxBytes` closes the
 * stream at once and answers `tooLarge`; a body without one is counted and cut at the limit.
 */
export async function downloadMessageFile(
  client: FeishuClient,
  messageId: string,
  fileKey: string,
  maxBytes: number,
): Promise<DownloadedFile> {
  const res = await client.sdk.im.v1.messageResource.get({
    params: { type: 'file' },
    path: { message_id: messageId, file_key: fileKey },
  });
  const stream = res.getReadableStream() as NodeJS.ReadableStream & { destroy(): void };
  const headers = (res as { headers?: Record<string, unknown> }).headers ?? {};
  const declared = Number(headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes) {
    stream.destroy();
    return { ok: false, tooLarge: declared };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as unknown as Uint8Array);
    size += buf.length;
    if (size > maxBytes) {
      stream.destroy();
      return { ok: false, tooLarge: size };
    }
    chunks.push(buf);
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}

/** Uploads a small file for a file message (POST /open-apis/im/v1/files, at most 30 MB); its file_key. */
export async function uploadImFile(
  client: FeishuClient,
  fileName: string,
  bytes: Buffer,
  fileType: 'xls' | 'stream' = 'xls',
): Promise<string> {
  // The SDK's multipart body names the part's file from a stream's path (a bare Buffer gets none,
  // which Feishu refuses), so the bytes go through a temporary file as the export's upload does.
  const dir = await mkdtemp(join(tmpdir(), 'gps-upload-'));
  const path = join(dir, 'upload.xlsx');
  try {
    await writeFile(path, bytes);
    const res = await client.sdk.im.v1.file.create({
      data: { file_type: fileType, file_name: fileName, file: createReadStream(path) },
    });
    const key = res?.file_key ?? (res as { data?: { file_key?: string } } | null)?.data?.file_key;
    if (!key) throw new Error(`file upload answered without a file_key: ${JSON.stringify(res)}`);
    return key;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
