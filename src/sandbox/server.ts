import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTROL_PREFIX, type ControlTarget, handleControl } from './control-api';
import type { SandboxCore } from './core';
import { readJsonObject, sendJson } from './http-io';
import { handleOpenApi } from './open-api';
import { handleWeb, WEB_PREFIX } from './web-routes';
import type { WsHub } from './ws-hub';

/** One port for everything Feishu serves plus the control API, dispatched by path prefix. */
export function createSandboxServer(core: SandboxCore, hub: WsHub, control: ControlTarget): Server {
  const server = createServer((req, res) => {
    dispatch(req, res, core, hub, control).catch((e: unknown) => {
      core.journal.error('bad_request', `sandbox failure on ${req.method} ${req.url}: ${String(e)}`);
      if (!res.headersSent) sendJson(res, 500, { code: 500, msg: 'sandbox internal error' });
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (!hub.handleUpgrade(req, socket, head)) socket.destroy();
  });
  return server;
}

async function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  core: SandboxCore,
  hub: WsHub,
  control: ControlTarget,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.local');
  if (url.pathname.startsWith('/open-apis/')) return handleOpenApi(req, res, url, core);
  if (url.pathname.startsWith(CONTROL_PREFIX)) return handleControl(req, res, url, control);
  if (url.pathname === WEB_PREFIX || url.pathname.startsWith(`${WEB_PREFIX}/`))
    return handleWeb(req, res, url, core);
  if (url.pathname === '/callback/ws/endpoint' && req.method === 'POST') {
    const body = await readJsonObject(req).catch(() => ({}));
    const answer = hub.endpoint(body);
    return sendJson(res, answer.status, answer.json);
  }
  core.journal.error('unknown_route', `unknown route: ${req.method} ${url.pathname}`);
  sendJson(res, 404, { code: 404, msg: 'not found' });
}

export async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${hostInUrl}:${address.port}`;
}

export async function shutdown(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
