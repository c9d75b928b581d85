/**
 * `npm run org:sync`: brings units and people in from the Feishu directory (通讯录) as the app the bot
 * runs as (FEISHU_APP_ID): departments become units, users people keyed by user_id. With
 * `-- --app-id cli_... ` (its secret in ORG_SYNC_APP_SECRET) it reads as a second app of the tenant
 * and only records that app's open_ids for the people already here. Prints what changed and how many
 * people the directory did not list (outside the app's 通讯录权限范围, or gone). Exit 0, or 1 on failure.
 * Cards for people found resigned go out through the outbox (the worker sends them).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import type { Db } from '../db/client';
import { syncDirectory } from '../features/org/directory';
import { createFeishuClient } from '../feishu/client';
import { readDirectory } from '../feishu/directory';
import { createLogger } from '../log';
import { OutboxWriter } from '../outbox/write';
import { runCommand } from './run';

async function main(db: Db): Promise<number> {
  const { values } = parseArgs({ options: { 'app-id': { type: 'string' } } });
  const feishu = loadConfig().feishu;
  if (!feishu) {
    console.error(
      'org: sync needs FEISHU_APP_ID and FEISHU_APP_SECRET (the sandbox uses npm run org:import)',
    );
    return 1;
  }
  const second = values['app-id'];
  const secret = second ? process.env.ORG_SYNC_APP_SECRET : feishu.appSecret;
  if (!secret) {
    console.error('org: sync as a second app needs its secret in ORG_SYNC_APP_SECRET');
    return 1;
  }
  const appId = second ?? feishu.appId;
  const client = createFeishuClient({ ...feishu, appId, appSecret: secret }, createLogger('warn'));
  const snapshot = await readDirectory(client);
  const { summary: s } = await syncDirectory(
    db,
    snapshot,
    { appId, primary: !second || second === feishu.appId, actor: 'org:sync', now: new Date() },
    (tx) => new OutboxWriter(tx),
  );
  const c = (x: Record<string, number>) =>
    Object.entries(x)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
  console.log(`org: synced the directory as ${s.app}`);
  console.log(`  units:  ${c(s.units)}`);
  console.log(`  people: ${c(s.people)}`);
  console.log(`  not listed by the directory: ${s.notListed}`);
  return 0;
}

runCommand('org: sync', main);
