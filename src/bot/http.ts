import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Logger } from '../log';
import type { WebhookReply } from './webhook';

const MAX_BODY = 1024 * 1024;

export interface HttpDeps {
  webhook(headers: IncomingMessage['headers'], raw: string): Promise<WebhookReply>;
  /** Reachability of each dependency; the route answers 200 only when all are up. */
  health(): Promise<Record<string, boolean>>;
  logger: Logger;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `POST /feishu/events` (events and card callbacks) and `GET /healthz`. */
export function createHttpServer(deps: HttpDeps): Server {
  return createServer(async (req, res) => {
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (req.method === 'POST' && path === '/feishu/events') {
        const reply = await deps.webhook(req.headers, await readBody(req));
        return send(reply.status, reply.body);
      }
      if (req.method === 'GET' && path === '/healthz') {
        const checks = await deps.health();
        const ok = Object.values(checks).every(Boolean);
        return send(ok ? 200 : 503, { ok, ...checks });
      }
      send(404, { code: 404, msg: 'not found' });
    } catch (err) {
      deps.logger.warn({ err: String(err), path }, 'http request failed');
      if (!res.headersSent) send(400, { code: 400, msg: 'bad request' });
    }
  });
}
