import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { createHttpServer, type ReadinessCheck } from '../../../src/bot/http';
import { createLogger } from '../../../src/log';

let close: (() => void) | undefined;
afterEach(() => close?.());

async function serve(checks: Record<string, ReadinessCheck>) {
  const server = createHttpServer({
    webhook: async () => ({ status: 200, body: {} }),
    readiness: async () => checks,
    logger: createLogger('silent'),
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  close = () => server.close();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const up = {
  database: { ok: true, critical: true },
  redis: { ok: true, critical: false },
  calendar_next_year: { ok: true, critical: false, year: 2027 },
  outbox_backlog: { ok: true, critical: false, pending_older_than_5m: 0 },
};

it('/healthz is liveness: 200 even when every dependency is down', async () => {
  const url = await serve({
    ...up,
    database: { ok: false, critical: true },
    redis: { ok: false, critical: false },
  });
  const r = await fetch(`${url}/healthz`);
  expect(r.status).toBe(200);
  expect(await r.json()).toEqual({ ok: true });
});

it('/readyz stays 200 with Redis down, an uncovered calendar or a backlog, and names each', async () => {
  const url = await serve({
    ...up,
    redis: { ok: false, critical: false },
    calendar_next_year: { ok: false, critical: false, year: 2027 },
    outbox_backlog: { ok: false, critical: false, pending_older_than_5m: 500 },
  });
  const r = await fetch(`${url}/readyz`);
  expect(r.status).toBe(200);
  const body = (await r.json()) as { ready: boolean; degraded: string[]; checks: Record<string, unknown> };
  expect(body.ready).toBe(true);
  expect(body.degraded).toEqual(['redis', 'calendar_next_year', 'outbox_backlog']);
  expect(body.checks.outbox_backlog).toMatchObject({ pending_older_than_5m: 500 });
});

it('/readyz answers 503 when the database is down: no click could be answered', async () => {
  const url = await serve({ ...up, database: { ok: false, critical: true } });
  const r = await fetch(`${url}/readyz`);
  expect(r.status).toBe(503);
  expect(await r.json()).toMatchObject({ ready: false, degraded: ['database'] });
});
