import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildDist, ROOT } from '../../scripts/build';
import type { MessageView } from '../../src/sandbox';
import { createTestDb, type TestDb } from '../helpers/db';
import { readDockerfile } from '../helpers/dockerfile';
import { dropPrefix, REDIS_URL, testPrefix } from '../helpers/redis';

// Its own output folder (a direct child of the root, as the build requires), so no other test
// or a developer's dist/ is touched.
const OUT = join(ROOT, `dist-test-${randomBytes(4).toString('hex')}`);
let built: string[];
let tdb: TestDb;
const prefix = testPrefix();
beforeAll(async () => {
  [built, tdb] = await Promise.all([buildDist(OUT), createTestDb(1)]);
}, 30_000);
afterAll(async () => {
  await rm(OUT, { recursive: true, force: true });
  await tdb?.drop();
  await dropPrefix(prefix);
});

function env(extra: Record<string, string> = {}) {
  return {
    ...process.env,
    FEISHU_APP_ID: '',
    FEISHU_APP_SECRET: '',
    LOG_LEVEL: 'info',
    DATABASE_URL: tdb.appUrl,
    DATABASE_OWNER_URL: tdb.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    PORT: '0',
    SANDBOX_PORT: '0',
    ...extra,
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('builds the bot and every CLI that package.json runs, with the migrations beside them', () => {
  expect(built.map((p) => relative(OUT, join(ROOT, p))).sort()).toEqual(
    [
      'main.js',
      ...[
        'audit-replay',
        'audit-verify',
        'backup',
        'budget-import',
        'calendar-import',
        'chat',
        'demo',
        'history-import',
        'migrate',
        'org-import',
        'org-sync',
        'restore',
      ].map((n) => `cli/${n}.js`),
      'cli/spotcheck-verify.js',
    ].sort(),
  );
  for (const f of built) expect(existsSync(join(ROOT, f)), f).toBe(true);
  expect(existsSync(join(OUT, 'migrations/meta/_journal.json'))).toBe(true);
});

it('the Docker image builds with dev dependencies and runs the built entry with plain node', () => {
  const { stages } = readDockerfile();
  expect(stages.length).toBeGreaterThanOrEqual(2);
  const runtime = stages.at(-1)!;
  expect(stages.slice(0, -1).flat()).toContain('RUN npm run build');
  expect(runtime.some((l) => /^RUN npm ci --omit=dev\b/.test(l))).toBe(true);
  const cmd = runtime.filter((l) => /^CMD\b/.test(l)).at(-1)!;
  const argv = JSON.parse(cmd.replace(/^CMD\s+/, '')) as string[];
  expect(argv).toEqual(['node', 'dist/main.js']);
  // The command's script is what the build writes (here into its own folder instead of dist/).
  expect(built.map((p) => join('dist', relative(OUT, join(ROOT, p))))).toContain(argv[1]);
});

it('the build imports only node built-ins and production dependencies (what npm ci --omit=dev installs)', async () => {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const imported = new Set<string>();
  for (const f of built) {
    const code = await readFile(join(ROOT, f), 'utf8');
    // A specifier has no white space: that keeps out `from "` inside bundled code's strings and comments.
    for (const m of code.matchAll(/(?:\bfrom|\bimport\()\s*"([^".\s][^"\s]*)"/g)) {
      const spec = m[1]!;
      if (spec.startsWith('node:')) continue;
      imported.add(
        spec
          .split('/')
          .slice(0, spec.startsWith('@') ? 2 : 1)
          .join('/'),
      );
    }
  }
  expect(imported.size).toBeGreaterThan(5);
  expect([...imported].filter((name) => !(name in pkg.dependencies))).toEqual([]);
  expect(imported.has('tsx')).toBe(false);
  // Bundled, not loaded from node_modules (scripts/build.ts, BUNDLED: Node 24's loader and its files).
  expect(imported.has('drizzle-orm')).toBe(false);
});

it('the built migrate CLI applies the migrations with plain node', () => {
  const r = spawnSync(process.execPath, [join(OUT, 'cli/migrate.js')], { env: env(), encoding: 'utf8' });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toContain('migrations applied');
});

it('node <build>/main.js passes the smoke path of npm start: healthz, a menu, a click, SIGTERM', async () => {
  const child: ChildProcess = spawn(process.execPath, [join(OUT, 'main.js')], {
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d;
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d;
  });
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    const line = await until(
      'the sandbox line',
      () => /Sandbox \(local Feishu stand-in\) at (\S+); the bot listens on (\S+)/.exec(out) ?? undefined,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${out}`);
    });
    const [, sandboxUrl, botUrl] = line;
    const health = await fetch(`${botUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    const control = async (method: 'GET' | 'POST', verb: string, body?: object) => {
      const res = await fetch(`${sandboxUrl}/_sandbox/${verb}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      expect(res.status, verb).toBe(200);
      return res.json() as Promise<any>;
    };
    const said = await control('POST', 'say', { user: '张伟', text: '菜单' });
    expect(said.status).toBe('ok');
    const menu = await until('the menu card', async () => {
      const inbox = (await control('GET', `inbox?user=${encodeURIComponent('张伟')}`)) as MessageView[];
      // Not the demo groups' welcome cards 张伟 is shown too: the menu his 菜单 brings.
      return inbox.find(
        (m) =>
          m.sender === 'bot' && m.msgType === 'interactive' && JSON.stringify(m.content).includes('我的角色'),
      );
    });
    expect(JSON.stringify(menu.content)).toContain('我的角色');

    const clicked = await control('POST', 'click', {
      user: '张伟',
      messageId: menu.messageId,
      button: '我的角色',
    });
    expect(clicked.delivery.status).toBe('ok');
    expect(clicked.card ?? clicked.toast).toBeDefined();
    expect(await control('GET', 'errors')).toEqual([]);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exit, out).toBe(0);
}, 60_000);
