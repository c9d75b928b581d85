import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDist, ROOT } from '../scripts/build';
import { DEV_AUDIT_KEY } from '../src/audit/key';
import { parseOrgFile } from '../src/features/org/file';
import { importOrg } from '../src/features/org/import';
import { createLogger } from '../src/log';
import { newAppCredentials, startSandbox } from '../src/sandbox';
import { DEMO_ORG } from '../src/sandbox-boot';
import { createTestDb } from '../test/helpers/db';
import { dropPrefix, REDIS_URL, testPrefix } from '../test/helpers/redis';
import { benchLine } from './stats';

const RUNS = Number(process.env.FOOTPRINT_RUNS ?? 3);
const SETTLE_MS = 5_000;
const ROLES = ['bot', 'worker', 'all'] as const;
type Role = (typeof ROLES)[number];
type Variant = 'tsx' | 'built';

interface Sample {
  startMs: number;
  rssMb: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** VmRSS of a live process, in MB (Linux /proc). */
async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) / 1024;
}

/**
 * One process from spawn to `"msg":"started"` (start time), then idle for SETTLE_MS (RSS), then
 * SIGTERM. The tsx one is `node --import tsx src/main.ts`, the built one `node dist/main.js`: both
 * are the node process itself, so /proc/<pid> is the process that does the work.
 */
async function measure(variant: Variant, role: Role, env: Record<string, string>): Promise<Sample> {
  const args = variant === 'tsx' ? ['--import', 'tsx', 'src/main.ts'] : [join(ROOT, 'dist/main.js')];
  const t0 = performance.now();
  const child = spawn(process.execPath, [...args, '--role', role], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let out = '';
  const startMs = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${variant} ${role} did not start: ${out.slice(-2000)}`)),
      30_000,
    );
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('"msg":"started"')) {
        clearTimeout(timer);
        resolve(performance.now() - t0);
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d;
    });
    void exit.then((code) => reject(new Error(`${variant} ${role} exited (${code}): ${out.slice(-2000)}`)));
  });
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const rss = await rssMb(child.pid!);
  child.kill('SIGTERM');
  const code = await exit;
  if (code !== 0) throw new Error(`${variant} ${role} stopped with ${code}: ${out.slice(-2000)}`);
  return { startMs, rssMb: rss };
}

/**
 * RSS after 5 s idle and time to "started" of the compiled build against the tsx one, for the bot,
 * the worker and the all-in-one process, each run RUNS times, alternating, against the same sandbox,
 * database and Redis (as a bench stack: Feishu is the sandbox here, not inside the process). Medians.
 */
export async function benchFootprint(): Promise<string> {
  await buildDist();
  const creds = newAppCredentials();
  const sb = await startSandbox({ ...creds, port: 0, logger: createLogger('silent') });
  const tdb = await createTestDb(1);
  const prefix = testPrefix();
  try {
    const org = parseOrgFile(await readFile(DEMO_ORG, 'utf8'));
    await importOrg(tdb.db, org);
    for (const p of org.people) sb.addUser({ openId: p.open_id, name: p.name });
    const env = {
      DATABASE_URL: tdb.appUrl,
      DATABASE_OWNER_URL: tdb.url,
      AUDIT_KEY: DEV_AUDIT_KEY,
      AUDIT_ANCHOR_FILE: `${tmpdir()}/bench-anchors-${prefix}.jsonl`,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      FEISHU_APP_ID: creds.appId,
      FEISHU_APP_SECRET: creds.appSecret,
      FEISHU_ENCRYPT_KEY: creds.encryptKey,
      FEISHU_VERIFICATION_TOKEN: creds.verificationToken,
      FEISHU_DOMAIN: sb.url,
      PORT: '0',
      LOG_LEVEL: 'info',
    };
    const fields: Record<string, number> = { runs: RUNS };
    for (const role of ROLES) {
      const samples: Record<Variant, Sample[]> = { tsx: [], built: [] };
      for (let i = 0; i < RUNS; i++) {
        for (const v of (i % 2 ? ['built', 'tsx'] : ['tsx', 'built']) as Variant[]) {
          samples[v].push(await measure(v, role, env));
        }
      }
      const m = (v: Variant, k: keyof Sample) => median(samples[v].map((s) => s[k]));
      const p = role === 'bot' ? '' : `${role}_`;
      fields[`${p}rss_tsx_mb`] = m('tsx', 'rssMb');
      fields[`${p}rss_built_mb`] = m('built', 'rssMb');
      fields[`${p}rss_ratio`] = m('built', 'rssMb') / m('tsx', 'rssMb');
      fields[`${p}start_tsx_ms`] = Math.round(m('tsx', 'startMs'));
      fields[`${p}start_built_ms`] = Math.round(m('built', 'startMs'));
      fields[`${p}start_ratio`] = m('built', 'startMs') / m('tsx', 'startMs');
    }
    return benchLine('footprint', fields);
  } finally {
    await sb.close();
    await tdb.drop();
    await dropPrefix(prefix);
  }
}
