import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db/client';
import { shanghaiDate } from './domain/calendar';
import { ROLE_LABELS } from './domain/roles';
import { parseBudgetCsv } from './features/budget/file';
import { importBudget } from './features/budget/import';
import { parseOrgFile, ZONE_SCOPE } from './features/org/file';
import { importOrg } from './features/org/import';
import type { Logger } from './log';
import { newAppCredentials, type Sandbox, type SandboxLimits, startSandbox } from './sandbox';

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

type Org = ReturnType<typeof parseOrgFile>;
type OrgPerson = Org['people'][number];

/**
 * What the web chat shows under a person's name: their unit and roles as the org file grants them
 * (`资产经营公司 · 单位领导班子、分管班子成员`, `纪检监察(全区)`). The sandbox stands apart from
 * the bot's database, so this is the file the demo zone was seeded from, not the live grants: a role
 * an admin changes in the bot later is not shown here.
 */
export function jobTitleOf(org: Org, p: OrgPerson): string {
  const unitName = (code: string) => org.units.find((u) => u.code === code)?.name ?? code;
  const roles = p.roles.map((r) => {
    if (typeof r === 'string') return ROLE_LABELS[r];
    if (r.scope === ZONE_SCOPE) return `${ROLE_LABELS[r.role]}(全区)`;
    return r.scope === p.unit ? ROLE_LABELS[r.role] : `${ROLE_LABELS[r.role]}(${unitName(r.scope)})`;
  });
  const text = roles.length ? roles.join('、') : '暂无角色';
  return p.unit ? `${unitName(p.unit)} · ${text}` : text;
}

/** Fixed ids, so a binding made in one run (kept in the database) still names the group after a restart. */
export const DEMO_LEADERSHIP_CHAT = 'oc_demo_leadership';
export const DEMO_PROJECT_CHAT = 'oc_demo_project';

/**
 * The groups a newcomer finds in the demo zone: the first unit's leadership (its 单位领导班子) and a
 * project group of the people a contract of that unit involves (经办人, 考核人, 职能科室, 分管班子成员).
 * Both are unbound: binding them is the user's step, from the bot's 本群绑定 card.
 */
export function demoGroups(org: Org): { chatId: string; name: string; members: string[] }[] {
  const unit = org.units[0];
  if (!unit) return [];
  const has = (p: OrgPerson, roles: string[]) =>
    p.unit === unit.code &&
    p.roles.some((r) =>
      typeof r === 'string' ? roles.includes(r) : r.scope === unit.code && roles.includes(r.role),
    );
  const leaders = org.people.filter((p) => has(p, ['unit_leadership']));
  const project = org.people.filter((p) =>
    has(p, ['filer', 'assessor', 'responsible_department', 'responsible_leader']),
  );
  return [
    { chatId: DEMO_LEADERSHIP_CHAT, name: `${unit.name}领导班子`, members: leaders.map((p) => p.open_id) },
    {
      chatId: DEMO_PROJECT_CHAT,
      name: `${unit.name}·园区保洁项目群`,
      members: project.map((p) => p.open_id),
    },
  ].filter((g) => g.members.length > 0);
}

/**
 * Creates the demo groups in the sandbox and adds the bot to each, as their first member would:
 * the bot gets im.chat.member.bot.added_v1 and greets the group. Call once the bot listens.
 */
export async function seedDemoGroups(sandbox: Sandbox, org: Org): Promise<string[]> {
  const names: string[] = [];
  for (const g of demoGroups(org)) {
    sandbox.addChat({ ...g, botIsMember: false });
    await sandbox.addBotToChat(g.chatId, g.members[0]!);
    names.push(g.name);
  }
  return names;
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
      for (const p of org.people)
        sandbox.addUser({ openId: p.open_id, name: p.name, jobTitle: jobTitleOf(org, p) });
      return org;
    },
  };
}
