import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { DEV_AUDIT_KEY } from '../src/audit/key';
import { parseOrgFile } from '../src/features/org/file';
import { importOrg } from '../src/features/org/import';
import { createLogger } from '../src/log';
import { newAppCredentials, type Sandbox, type SandboxLimits, startSandbox } from '../src/sandbox';
import { DEMO_ORG } from '../src/sandbox-boot';
import { createTestDb } from '../test/helpers/db';
import { dropPrefix, REDIS_URL, testPrefix } from '../test/helpers/redis';
import { exited, spawnApp } from '../test/helpers/spawn-app';
import { builtMain, imageNodeOptions } from './image';

/**
 * The deployed shape for benchmarks: the sandbox (Feishu) here, the bot and the worker each in its
 * own process (as in production), and the floor in its own process too, so both sides are measured
 * the same way.
 */
export async function startBenchStack(
  relayRatePerSec = 16,
  limits?: Partial<SandboxLimits>,
  /** The Redis the bot and the worker use (default the shared one; the soak brings its own). */
  redisUrl = REDIS_URL,
  /**
   * How the bot and the worker run: `built` as the image runs them (the bundle, the Dockerfile's
   * NODE_OPTIONS, the machine's clock), `tsx` as `npm start` does (on the tests' pinned clock).
   */
  form: 'built' | 'tsx' = 'tsx',
) {
  const creds = newAppCredentials();
  const sb: Sandbox = await startSandbox({ ...creds, port: 0, limits, logger: createLogger('silent') });
  const tdb = await createTestDb();
  const prefix = testPrefix();
  const org = parseOrgFile(await readFile(DEMO_ORG, 'utf8'));
  await importOrg(tdb.db, org);
  for (const p of org.people) sb.addUser({ openId: p.open_id, name: p.name });
  const env = {
    DATABASE_URL: tdb.appUrl,
    DATABASE_OWNER_URL: tdb.url,
    AUDIT_KEY: DEV_AUDIT_KEY,
    // Anchors of a throwaway database: outside the repository, one file per run.
    AUDIT_ANCHOR_FILE: `${tmpdir()}/bench-anchors-${prefix}.jsonl`,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    FEISHU_APP_ID: creds.appId,
    FEISHU_APP_SECRET: creds.appSecret,
    FEISHU_ENCRYPT_KEY: creds.encryptKey,
    FEISHU_VERIFICATION_TOKEN: creds.verificationToken,
    FEISHU_DOMAIN: sb.url,
    PORT: '0',
    LOG_LEVEL: 'info',
    RELAY_RATE_PER_SEC: String(relayRatePerSec),
  };
  // As deployed: the bot answers Feishu, a worker process runs the jobs (relay, fan-out, sweeps).
  const main = form === 'built' ? [await builtMain()] : undefined;
  const run = form === 'built' ? { ...env, NODE_OPTIONS: imageNodeOptions() } : env;
  const [bot, worker] = await Promise.all([
    spawnApp(['--role', 'bot'], run, main),
    spawnApp(['--role', 'worker'], run, main),
  ]);
  const port = /"port":(\d+)/.exec(bot.output())?.[1];
  const botUrl = `http://127.0.0.1:${port}/feishu/events`;
  const floor = await startFloor(creds.encryptKey, creds.verificationToken);
  const stack = {
    sb,
    db: tdb.db,
    dbUrl: tdb.url,
    prefix,
    org,
    botUrl,
    floorUrl: floor.url,
    async stop() {
      live.delete(stack);
      for (const c of [bot, worker, floor.child]) c.kill('SIGTERM');
      await Promise.all([exited(bot), exited(worker), exited(floor.child)]);
      await sb.close();
      await tdb.drop();
      await dropPrefix(prefix);
    },
  };
  live.add(stack);
  return stack;
}

/** Stacks not yet stopped: a benchmark that throws leaves its processes to `stopLiveStacks`. */
const live = new Set<{ stop(): Promise<void> }>();

/** Stops every stack a failed benchmark left running, so `npm run bench` exits instead of hanging. */
export async function stopLiveStacks() {
  await Promise.allSettled([...live].map((s) => s.stop()));
}

function startFloor(
  encryptKey: string,
  verificationToken: string,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/floor-server.ts'], {
    env: { ...process.env, FLOOR_ENCRYPT_KEY: encryptKey, FLOOR_VERIFICATION_TOKEN: verificationToken },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const port = /FLOOR (\d+)/.exec(d.toString())?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}/feishu/events`, child });
    });
    child.on('exit', (code) => reject(new Error(`floor exited ${code}`)));
  });
}
