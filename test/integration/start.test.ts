import { spawn } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { dropPrefix, REDIS_URL, testPrefix } from '../helpers/redis';

let tdb: TestDb;
const prefix = testPrefix();
beforeAll(async () => {
  tdb = await createTestDb(1);
});
afterAll(async () => {
  await tdb.drop();
  await dropPrefix(prefix);
});

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, FEISHU_APP_ID: '', FEISHU_APP_SECRET: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d;
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d;
  });
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exit, out: () => out, err: () => err };
}

it('npm start with no Feishu variables starts the sandbox, prints its address, answers /healthz and /readyz, and stops on SIGTERM', async () => {
  // The bot's role only; the owner's URL is derived from it (user postgres), as on a fresh machine.
  const p = run({ DATABASE_URL: tdb.appUrl, REDIS_URL, QUEUE_PREFIX: prefix, PORT: '0', SANDBOX_PORT: '0' });
  const deadline = Date.now() + 30_000;
  while (!/Sandbox \(local Feishu stand-in\) at (\S+);/.test(p.out()) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const sandboxUrl = /Sandbox \(local Feishu stand-in\) at (\S+);/.exec(p.out())?.[1];
  const botUrl = /the bot listens on (\S+)/.exec(p.out())?.[1];
  expect(sandboxUrl, p.out() + p.err()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const health = await fetch(`${botUrl}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ ok: true });
  const ready = await fetch(`${botUrl}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({
    ready: true,
    checks: {
      database: { ok: true, critical: true },
      redis: { ok: true, critical: false },
      calendar_next_year: { critical: false },
      outbox_backlog: { ok: true, pending_older_than_5m: 0 },
      audit_anchor: { ok: true, critical: false },
      audit_role: { ok: true, critical: false, role: 'gps_bot' },
    },
  });
  expect(p.out()).not.toContain('could rewrite the audit trail');
  const users = (await (await fetch(`${sandboxUrl}/_sandbox/users`)).json()) as unknown[];
  expect(users.length).toBeGreaterThan(5);
  // The demo zone's two groups, the bot in each (issue 24, point 5), named in what was printed.
  expect(p.out()).toContain(
    'Groups (the bot is in each; bind them from its 本群绑定 card): 资产经营公司领导班子、',
  );
  const chats = (await (await fetch(`${sandboxUrl}/chat/api/chats?user=王建国`)).json()) as {
    name: string;
  }[];
  expect(chats.map((c) => c.name)).toEqual([
    '政府购买服务监管助手',
    '资产经营公司领导班子',
    '资产经营公司·园区保洁项目群',
  ]);

  const t0 = Date.now();
  p.child.kill('SIGTERM');
  expect(await p.exit).toBe(0);
  expect(Date.now() - t0).toBeLessThan(10_000);
}, 45_000);

it('SANDBOX_HOST=0.0.0.0 (as docker-compose sets it) makes the sandbox reachable from outside the host', async () => {
  const p = run({
    DATABASE_URL: tdb.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    PORT: '0',
    SANDBOX_PORT: '0',
    SANDBOX_HOST: '0.0.0.0',
  });
  const deadline = Date.now() + 30_000;
  while (!/Sandbox \(local Feishu stand-in\) at (\S+);/.test(p.out()) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const port = /Sandbox \(local Feishu stand-in\) at http:\/\/0\.0\.0\.0:(\d+);/.exec(p.out())?.[1];
  expect(port, p.out() + p.err()).toBeDefined();
  // A non-loopback address of this machine stands for the container's published interface.
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i?.family === 'IPv4' && !i.internal)?.address;
  const users = (await (
    await fetch(`http://${external ?? '127.0.0.1'}:${port}/_sandbox/users`)
  ).json()) as unknown[];
  expect(users.length).toBeGreaterThan(5);
  p.child.kill('SIGTERM');
  expect(await p.exit).toBe(0);
}, 45_000);

it('a malformed variable stops the process with one line that names it', async () => {
  const p = run({ DATABASE_URL: tdb.url, PORT: 'eighty' });
  expect(await p.exit).toBe(1);
  const lines = p.err().trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('PORT');
});

it('an app id without its secret is refused, naming the missing variable', async () => {
  const p = run({ DATABASE_URL: tdb.url, FEISHU_APP_ID: 'cli_0123456789abcdef' });
  expect(await p.exit).toBe(1);
  expect(p.err().trim()).toBe('config: FEISHU_APP_SECRET is missing (required when FEISHU_APP_ID is set)');
});
