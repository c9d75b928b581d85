import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Logger } from '../log';
import type { Metrics } from '../metrics/metrics';
import type { WebhookReply } from './webhook';

const MAX_BODY = 1024 * 1024;

/** One named check of `/readyz`: whether it passes, whether failing it means "send no traffic". */
export type ReadinessCheck = { ok: boolean; critical: boolean } & Record<string, unknown>;

export interface HttpDeps {
  webhook(headers: IncomingMessage['headers'], raw: string): Promise<WebhookReply>;
  /** Each named readiness check; `/readyz` answers 503 only when a `critical` one fails. */
  readiness(): Promise<Record<string, ReadinessCheck>>;
  logger: Logger;
  /** Served at `GET /metrics` in the Prometheus text format; without it the route is 404. */
  metrics?: Metrics;
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

/**
 * `POST /feishu/events` (events and card callbacks), `GET /healthz` (liveness: the process serves,
 * whatever its dependencies do; restart it when this fails) and `GET /readyz` (readiness: each
 * dependency named; 503 only when a critical one fails, so traffic goes elsewhere) and `GET /metrics`
 * (Prometheus text, this process's registry).
 */
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
      if (req.method === 'GET' && path === '/healthz') return send(200, { ok: true });
      if (req.method === 'GET' && path === '/readyz') {
        const checks = await deps.readiness();
        const ready = Object.values(checks).every((c) => c.ok || !c.critical);
        const degraded = Object.keys(checks).filter((k) => !checks[k]!.ok);
        return send(ready ? 200 : 503, { ready, degraded, checks });
      }
      if (req.method === 'GET' && path === '/metrics' && deps.metrics) {
        const { registry } = deps.metrics;
        const text = await registry.metrics();
        res.writeHead(200, { 'content-type': registry.contentType });
        return void res.end(text);
      }
      send(404, { code: 404, msg: 'not found' });
    } catch (err) {
      deps.logger.warn({ err: String(err), path }, 'http request failed');
      if (!res.headersSent) send(400, { code: 400, msg: 'bad request' });
    }
  });
}
