import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './db/client';
import type { Logger } from './log';
import { parseOrgFile } from './org/file';
import { importOrg } from './org/import';
import { newAppCredentials, type SandboxLimits, startSandbox } from './sandbox';

export const DEMO_ORG = fileURLToPath(new URL('../org/demo-zone.yaml', import.meta.url));

/**
 * With no Feishu credentials the bot runs against the built-in sandbox: start it, seed the demo
 * zone into the database and the sandbox's users, and return the app settings that point at it.
 */
export async function bootSandbox(port: number, logger: Logger, limits?: Partial<SandboxLimits>) {
  const creds = newAppCredentials();
  const sandbox = await startSandbox({
    ...creds,
    port,
    limits,
    logger: logger.child({ component: 'sandbox' }),
  });
  return {
    sandbox,
    feishu: {
      appId: creds.appId,
      appSecret: creds.appSecret,
      encryptKey: creds.encryptKey,
      verificationToken: creds.verificationToken,
      domain: sandbox.url,
    },
    async seed(db: Db) {
      const org = parseOrgFile(await readFile(DEMO_ORG, 'utf8'));
      await importOrg(db, org);
      for (const p of org.people) sandbox.addUser({ openId: p.open_id, name: p.name });
      return org;
    },
  };
}
