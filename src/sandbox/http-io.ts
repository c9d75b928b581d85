import type { IncomingMessage, ServerResponse } from 'node:http';

/** Larger than any legal request (cards are <= 30 KB), small enough that a runaway client can't hurt. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export class BodyError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBytes(req, MAX_BODY_BYTES)).toString('utf8');
}

/** The raw body, refused once it passes `max` bytes (an upload from the web chat or the terminal). */
export async function readBytes(req: IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > max) throw new BodyError('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Empty body → {} (GET and bodiless POSTs); anything but a JSON object is an error. */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  return (await readJsonBody(req)).body;
}

/** The body as readJsonObject reads it, and its size in bytes as it came over the wire. */
export async function readJsonBody(
  req: IncomingMessage,
): Promise<{ body: Record<string, unknown>; bytes: number }> {
  const raw = await readBody(req);
  return { body: parseJsonObject(raw), bytes: Buffer.byteLength(raw) };
}

function parseJsonObject(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new BodyError('request body is not valid JSON');
  }
  if (!isRecord(parsed)) throw new BodyError('request body must be a JSON object');
  return parsed;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Matches `/open-apis/im/v1/messages/:message_id` style templates; returns the path params. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i] ?? '';
    const actual = p[i] ?? '';
    if (seg.startsWith(':')) {
      if (actual === '') return undefined;
      params[seg.slice(1)] = decodeURIComponent(actual);
    } else if (seg !== actual) return undefined;
  }
  return params;
}
