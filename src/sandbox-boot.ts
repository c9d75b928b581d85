import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db/client';
import { shanghaiDate } from './domain/calendar';
import { parseBudgetCsv } from './features/budget/file';
import { importBudget } from './features/budget/import';
import { parseOrgFile } from './features/org/file';
import { importOrg } from './features/org/import';
import type { Logger } from './log';
import { newAppCredentials, type SandboxLimits, startSandbox } from './sandbox';

/**
 * A file of the repository's org/ folder. From sources this module is src/sandbox-boot.ts; bundled,
 * it is inside dist/main.js or one level deeper in dist/cli/<name>.js.
 */
function orgFile(name: string): string {
  const candidates = [`../org/${name}`, `../../org/${name}`].map((p) =>
    fileURLToPath(new URL(p, import.meta.url)),
  );
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

export const DEMO_ORG = orgFile('demo-zone.yaml');
export const DEMO_BUDGET = orgFile('demo-budget.csv');
/** Where a running bot leaves its sandbox's URL, so `npm run chat` finds a non-default port. */
export const SANDBOX_URL_FILE = join(tmpdir(), 'gps-sandbox.url');

/** The demo budget, moved to the current fiscal year so the demo zone can always file. */
async function seedBudget(db: Db, today: Date) {
  const year = shanghaiDate(today).slice(0, 4);
  const text = (await readFile(DEMO_BUDGET, 'utf8')).replace(/^(\w+),\d{4},/gm, `$1,${year},`);
  const result = await importBudget(db, parseBudgetCsv(text), 'demo-seed');
  if (!result.ok) throw new Error(`demo budget: ${JSON.stringify(result.errors)}`);
}

/**
 * With no Feishu credentials the bot runs against the built-in sandbox: start it, seed the demo
 * zone into the database and the sandbox's users, and return the app settings that point at it.
 */
export async function bootSandbox(
  port: number,
  logger: Logger,
  limits?: Partial<SandboxLimits>,
  host = '127.0.0.1',
  /** The clock of the sandbox and of its seeded budget year: the app's (tests set both). */
  now: () => Date = () => new Date(),
) {
  const creds = newAppCredentials();
  const sandbox = await startSandbox({
    ...creds,
    port,
    host,
    limits,
    now: () => now().getTime(),
    logger: logger.child({ component: 'sandbox' }),
  });
  // Port 0 is a throwaway sandbox (demo, tests); only a fixed one is worth telling `npm run chat`.
  if (port !== 0) await writeFile(SANDBOX_URL_FILE, `${sandbox.url}\n`).catch(() => {});
  return {
    sandbox,
    feishu: {
      appId: creds.appId,
      appSecret: creds.appSecret,
      encryptKey: creds.encryptKey,
      verificationToken: creds.verificationToken,
      domain: sandbox.url,
      botOpenId: sandbox.botOpenId,
    },
    async seed(db: Db) {
      const org = parseOrgFile(await readFile(DEMO_ORG, 'utf8'));
      await importOrg(db, org);
      await seedBudget(db, now());
      for (const p of org.people) sandbox.addUser({ openId: p.open_id, name: p.name });
      return org;
    },
  };
}
