import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBSCRIBED } from '../../src/bot/long-connection';
import { type PrivateCluster, postgresBinDir, startPrivateCluster } from '../helpers/pg-cluster';
import { REDIS_URL } from '../helpers/redis';

/**
 * Issue 24, point 4: the Chinese deployment guide's commands run. Every ```bash block of
 * docs/部署与飞书配置手册.md is run in document order, as one `bash -euo pipefail` script per block,
 * in a bot directory of its own (the repository's code and node_modules linked in) against a fresh
 * PostgreSQL cluster of its own, so the guide's two-role setup (superuser creates gps_owner, gps_app,
 * gps_bot and the database; the owner migrates) runs exactly as a zone's administrator would. Its
 * environment is the guide's own env file with the database URLs, the audit key and the anchor file
 * pointed at this run. Lines ending in `# 需要飞书凭证` (they need Feishu or a running bot) or
 * `# 需要联网` (a download) are taken out of the script and checked in a dry form instead. The
 * guide's example files (```yaml zone.yaml, ```csv budget-2027.csv ...) are written where its
 * commands read them. The scopes block must parse and name exactly what the code's Feishu calls and
 * subscribed events need (SCOPES_OF_CALL, SCOPES_OF_EVENT below, from the official API pages).
 *
 * Nothing here depends on the date: the commands' processes run on the wall clock, and none of them
 * judges a date (the budget and calendar files name their own years).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUIDE_PATH = 'docs/部署与飞书配置手册.md';
const MARKERS = ['# 需要飞书凭证', '# 需要联网'] as const;

type Block = { lang: string; name: string | undefined; body: string; line: number };

function fencedBlocks(md: string): Block[] {
  const out: Block[] = [];
  for (const m of md.matchAll(/^```([^\n`]*)\n([\s\S]*?)^```[ \t]*$/gm)) {
    const [lang = '', name] = m[1]!.trim().split(/\s+/);
    out.push({ lang, name, body: m[2]!, line: md.slice(0, m.index).split('\n').length });
  }
  return out;
}

/**
 * What each Feishu SDK call of the code needs: any one scope of each list ("开启其中任意一项权限即可
 * 调用" on the call's page). A new SDK call in src/ fails the test until it is added here and its
 * scope to the guide.
 */
const SCOPES_OF_CALL: Record<string, string[]> = {
  // im-v1/message/create, reply
  'im.v1.message.create': ['im:message', 'im:message:send_as_bot', 'im:message:send'],
  'im.v1.message.reply': ['im:message', 'im:message:send_as_bot', 'im:message:send'],
  // im-v1/message/patch (更新已发送的消息卡片)
  'im.v1.message.patch': ['im:message', 'im:message:send_as_bot', 'im:message:update'],
  // im-v1/buzz-messages/urgent_app (发送应用内加急)
  'im.v1.message.urgentApp': ['im:message.urgent', 'im:message.urgent:app_send'],
  // im-v1/file/create (上传文件)
  'im.v1.file.create': ['im:resource'],
  // im-v1/message-resource/get (获取消息中的资源文件)
  'im.v1.messageResource.get': ['im:message', 'im:message:readonly', 'im:message.history:readonly'],
  // approval-v4 external_approval/create, external_instance/create, external_instance/check
  'approval.v4.externalApproval.create': ['approval:approval', 'approval:external_approval'],
  'approval.v4.externalInstance.create': ['approval:approval', 'approval:external_instance'],
  'approval.v4.externalInstance.check': [
    'approval:approval',
    'approval:approval:readonly',
    'approval:external_instance',
  ],
  // contact-v3/department/children, contact-v3/user/find_by_department (the directory sync)
  'contact.v3.department.children': [
    'contact:contact.base:readonly',
    'contact:department.organize:readonly',
    'contact:contact:access_as_app',
    'contact:contact:readonly',
    'contact:contact:readonly_as_app',
  ],
  'contact.v3.user.findByDepartment': [
    'contact:contact.base:readonly',
    'contact:department.organize:readonly',
    'contact:contact:access_as_app',
    'contact:contact:readonly',
    'contact:contact:readonly_as_app',
  ],
};

/** The directory's readable fields ("字段权限要求"): each need met by any one of its scopes. */
const ANY_CONTACT = [
  'contact:contact:access_as_app',
  'contact:contact:readonly',
  'contact:contact:readonly_as_app',
];
const DEPARTMENT_FIELDS: string[][] = [['contact:department.base:readonly', ...ANY_CONTACT]]; // name
const USER_FIELDS: string[][] = [
  ['contact:user.base:readonly', ...ANY_CONTACT], // name
  ['contact:user.department:readonly', ...ANY_CONTACT], // department_ids
  ['contact:user.employee:readonly', ...ANY_CONTACT], // status
  ['contact:user.employee_id:readonly'], // user_id, the key
];
const FIELDS_OF_CALL: Record<string, string[][]> = {
  'contact.v3.department.children': DEPARTMENT_FIELDS,
  'contact.v3.user.findByDepartment': USER_FIELDS,
};
/** Subscribing to a directory event needs any one of these (its page's 权限要求). */
const CONTACT_EVENT = [
  'contact:contact.base:readonly',
  'contact:contact:readonly_as_app',
  'contact:contact:access_as_app',
];

/** What each subscribed event needs: every inner list is one need, met by any one of its scopes. */
const SCOPES_OF_EVENT: Record<string, string[][]> = {
  // The bot reads private messages and group messages that @mention it (never all group messages).
  'im.message.receive_v1': [['im:message.p2p_msg:readonly'], ['im:message.group_at_msg:readonly']],
  'im.chat.member.bot.added_v1': [['im:chat', 'im:chat.members:bot_access', 'im:chat:readonly']],
  'application.bot.menu_v6': [],
  'card.action.trigger': [],
  'contact.user.created_v3': [CONTACT_EVENT, ...USER_FIELDS],
  'contact.user.updated_v3': [CONTACT_EVENT, ...USER_FIELDS],
  'contact.user.deleted_v3': [CONTACT_EVENT, ...USER_FIELDS],
  'contact.department.created_v3': [CONTACT_EVENT, ...DEPARTMENT_FIELDS],
  'contact.department.updated_v3': [CONTACT_EVENT, ...DEPARTMENT_FIELDS],
  'contact.department.deleted_v3': [CONTACT_EVENT, ...DEPARTMENT_FIELDS],
};

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (p !== join(ROOT, 'src/sandbox')) out.push(...(await sourceFiles(p)));
    } else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/**
 * The SDK calls of the product's code: `sdk.im.v1.file.create(` written out, or a resource held in
 * a name (`const im = client.sdk.im.v1.message;`) and called through it (`im.create(`). A raw
 * `sdk.request(` cannot be told apart and is reported as such.
 */
async function sdkCalls(): Promise<Map<string, string>> {
  const calls = new Map<string, string>();
  for (const file of await sourceFiles(join(ROOT, 'src'))) {
    const text = await readFile(file, 'utf8');
    const where = relative(ROOT, file);
    for (const m of text.matchAll(/\bsdk\.(\w+)\.(v\d+)\.(\w+)\.(\w+)\(/g))
      calls.set(`${m[1]}.${m[2]}.${m[3]}.${m[4]}`, where);
    for (const m of text.matchAll(/\bconst (\w+) = [\w.]*\bsdk\.(\w+)\.(v\d+)\.(\w+);/g))
      for (const c of text.matchAll(new RegExp(`\\b${m[1]}\\.(\\w+)\\(`, 'g')))
        calls.set(`${m[2]}.${m[3]}.${m[4]}.${c[1]}`, where);
    if (/\bsdk\.request\(/.test(text)) calls.set('sdk.request', where);
  }
  return calls;
}

type Run = { code: number; out: string; err: string };
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: stdout, err: stderr });
    });
  });
}

const md = await readFile(join(ROOT, GUIDE_PATH), 'utf8');
const blocks = fencedBlocks(md);

describe('部署与飞书配置手册', () => {
  it('is linked first in the README', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const firstLink = readme.match(/\]\(([^)]+)\)/)?.[1];
    expect(firstLink).toBe(GUIDE_PATH);
  });

  it('keeps every shell command in a bash block, and names only npm scripts that exist', async () => {
    // A command in a ```sh or ```console block would escape the run below.
    expect(
      blocks.map((b) => b.lang).filter((l) => !['bash', 'json', 'ini', 'yaml', 'csv'].includes(l)),
    ).toEqual([]);
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    // In the prose too: a renamed script must not stay behind in a sentence.
    const named = [...md.matchAll(/npm run ([\w:.-]+)/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((n) => !pkg.scripts[n])).toEqual([]);
  });

  it('lists as scopes exactly what the code calls and subscribes to', async () => {
    const json = blocks.filter((b) => b.lang === 'json' && b.body.includes('"scopes"'));
    expect(json).toHaveLength(1);
    const parsed = JSON.parse(json[0]!.body) as { scopes: { tenant: string[]; user: string[] } };
    const listed = parsed.scopes.tenant;
    expect(parsed.scopes.user).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);

    const calls = await sdkCalls();
    const unknown = [...calls].filter(([c]) => !SCOPES_OF_CALL[c]).map(([c, f]) => `${c} (${f})`);
    expect(
      unknown,
      'a Feishu call without its scopes in this test: add it and its scope to the guide',
    ).toEqual([]);
    expect(Object.keys(SCOPES_OF_EVENT).sort()).toEqual([...SUBSCRIBED].sort());

    const needs: { what: string; anyOf: string[] }[] = [
      ...[...calls.keys()].map((c) => ({ what: c, anyOf: SCOPES_OF_CALL[c]! })),
      ...[...calls.keys()].flatMap((c) => (FIELDS_OF_CALL[c] ?? []).map((anyOf) => ({ what: c, anyOf }))),
      ...Object.entries(SCOPES_OF_EVENT).flatMap(([e, ns]) => ns.map((anyOf) => ({ what: e, anyOf }))),
    ];
    const unmet = needs.filter((n) => !n.anyOf.some((s) => listed.includes(s))).map((n) => n.what);
    expect(unmet, 'calls or events no listed scope allows').toEqual([]);
    const unused = listed.filter((s) => !needs.some((n) => n.anyOf.includes(s)));
    expect(unused, 'scopes the code does not use').toEqual([]);
    // Every subscribed event is named in the guide, where the console steps list them.
    for (const e of SUBSCRIBED) expect(md).toContain(`\`${e}\``);
    // The calls the table knows are still made (a removed call leaves a stale row).
    expect(Object.keys(SCOPES_OF_CALL).filter((c) => !calls.has(c))).toEqual([]);
  });

  const bins = postgresBinDir();
  if (!bins && process.env.CI)
    throw new Error('deploy guide: no PostgreSQL server binaries to start a cluster');

  describe.skipIf(!bins)('every command', () => {
    let cluster: PrivateCluster;
    let dir: string; // the bot's directory, as /opt/gps-bot
    let env: NodeJS.ProcessEnv;
    let config: Record<string, string>;

    beforeAll(async () => {
      cluster = await startPrivateCluster();
      dir = await mkdtemp(join(tmpdir(), 'gps-bot-'));
      for (const name of [
        'package.json',
        'package-lock.json',
        'tsconfig.json',
        'node_modules',
        'src',
        'org',
        'scripts',
      ])
        await symlink(join(ROOT, name), join(dir, name));
      const port = new URL(cluster.url).port;
      const owner = `own-${randomBytes(6).toString('hex')}`;
      const bot = `bot-${randomBytes(6).toString('hex')}`;
      await mkdir(join(dir, 'anchors'));
      await mkdir(join(dir, 'backups'));
      // The guide's env file, pointed at this run.
      const ini = blocks.filter((b) => b.lang === 'ini' && /^DATABASE_URL=/m.test(b.body));
      expect(ini).toHaveLength(1);
      config = Object.fromEntries(
        ini[0]!.body
          .split('\n')
          .filter((l) => /^[A-Z_]+=/.test(l))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      Object.assign(config, {
        DATABASE_URL: `postgres://gps_bot:${bot}@127.0.0.1:${port}/gps_bot`,
        DATABASE_OWNER_URL: `postgres://gps_owner:${owner}@127.0.0.1:${port}/gps_bot`,
        AUDIT_KEY: randomBytes(32).toString('base64url'),
        AUDIT_ANCHOR_FILE: join(dir, 'anchors/audit-anchors.jsonl'),
        REDIS_URL,
      });
      const envFile = join(dir, 'gps-bot.env');
      await writeFile(
        envFile,
        `${Object.entries(config)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n')}\n`,
      );
      const configKeys = [
        ...(await readFile(join(ROOT, 'src/config.ts'), 'utf8')).matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm),
      ].map((m) => m[1]!);
      // The guide's commands run as an operator runs them: on the machine's own clock. scripts/ci-dates.sh
      // runs this file under libfaketime, whose preload redis-cli and the PostgreSQL tools do not survive
      // (recursive clock_gettime), so its variables are not passed on.
      const base = Object.fromEntries(
        Object.entries(process.env).filter(
          ([k]) => !configKeys.includes(k) && k !== 'LD_PRELOAD' && !k.startsWith('FAKETIME'),
        ),
      );
      env = {
        ...base,
        ...config,
        GPS_ENV_FILE: envFile,
        PG_ADMIN_URL: cluster.url,
        GPS_OWNER_PASSWORD: owner,
        GPS_BOT_PASSWORD: bot,
        BACKUP_ROOT: join(dir, 'backups'),
      };
      // Every variable the guide's env file sets is one the bot reads.
      expect(Object.keys(config).filter((k) => !configKeys.includes(k))).toEqual([]);
      // The guide's example files, where its commands read them.
      for (const b of blocks.filter((x) => x.name && x.lang !== 'bash'))
        await writeFile(join(dir, b.name!), b.body);
    }, 60_000);

    afterAll(async () => {
      await cluster?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    const dryRunScripts = new Set<string>();
    /** The dry form of a command that needs Feishu, a running bot or the network. */
    async function dryRun(line: string): Promise<void> {
      const cmd = line.replace(/\s+#[^#]*$/, '').trim();
      const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      };
      if (/^npm ci\b/.test(cmd)) {
        // Installed exactly as the lock file says: what `npm ci` would produce.
        const r = await run(
          'npm',
          ['ls', '--depth=0', ...(cmd.includes('--omit=dev') ? ['--omit=dev'] : [])],
          ROOT,
          env,
        );
        expect(r.code, `${cmd}: npm ls\n${r.out}${r.err}`).toBe(0);
        return;
      }
      const script = cmd.match(/^npm (?:run (\S+)|start\b)/);
      if (script) {
        const name = script[1] ?? 'start';
        const body = pkg.scripts[name];
        expect(body, `${cmd}: no npm script ${name}`).toBeDefined();
        const file = body!.match(/\btsx (src\/\S+\.ts)\b/)?.[1];
        expect(file && existsSync(join(ROOT, file)), `${cmd}: ${body}`).toBe(true);
        // Its dry form, once per script (each start loads the whole app): the entry parses its
        // arguments and reads the configuration, then stops at the missing secret before it connects
        // to anything.
        if (dryRunScripts.has(name)) return;
        dryRunScripts.add(name);
        const { FEISHU_APP_SECRET: _secret, ...withoutSecret } = env;
        const r = await run('bash', ['-c', cmd], dir, withoutSecret);
        expect(`${r.out}${r.err}`, cmd).toContain('FEISHU_APP_SECRET is missing');
        expect(r.code).not.toBe(0);
        return;
      }
      if (/^curl\b/.test(cmd)) {
        expect((await run('curl', ['--version'], dir, env)).code).toBe(0);
        return;
      }
      throw new Error(`a marked command the test does not know how to check: ${cmd}`);
    }

    it('runs each bash block in order, and dry-runs the marked lines', async () => {
      const bash = blocks.filter((b) => b.lang === 'bash');
      expect(bash.length).toBeGreaterThan(10);
      const isMarked = (l: string) => MARKERS.some((m) => l.trimEnd().endsWith(m));
      const marked = bash.flatMap((b) => b.body.split('\n').filter(isMarked));
      // A marked command is one whole line: not the tail of a command continued from the line above.
      for (const b of bash) {
        const lines = b.body.split('\n');
        const continued = lines.filter(
          (l, i) => isMarked(l) && i > 0 && lines[i - 1]!.trimEnd().endsWith('\\'),
        );
        expect(continued, `${GUIDE_PATH} line ${b.line}`).toEqual([]);
      }
      // The marked lines depend on nothing the blocks do: checked meanwhile, awaited at the end.
      const dry = Promise.all(marked.map(dryRun));
      dry.catch(() => {});
      for (const b of bash) {
        const script = b.body
          .split('\n')
          .filter((l) => !isMarked(l))
          .join('\n');
        if (script.trim() === '') continue;
        const r = await run('bash', ['-c', `set -euo pipefail\n${script}`], dir, env);
        expect(
          r.code,
          `${GUIDE_PATH} line ${b.line}:\n${script}\n--- stdout\n${r.out}\n--- stderr\n${r.err}`,
        ).toBe(0);
      }
      await dry;
      // What the commands left: the roles as the guide describes, the imports, a verified restore.
      const psql = (q: string) => run('psql', [env.DATABASE_OWNER_URL!, '-Atc', q], dir, env);
      expect(
        (await psql("select rolsuper or rolcreaterole from pg_roles where rolname = 'gps_owner'")).out.trim(),
      ).toBe('f');
      expect((await psql("select pg_has_role('gps_bot', 'gps_app', 'member')")).out.trim()).toBe('t');
      // The budget file's three lines, and the one behind last year's contract (5.5).
      expect((await psql('select count(*) from budget_lines')).out.trim()).toBe('4');
      // Last year brought in (5.5): the contract, its three months and its paid first quarter.
      expect(
        (
          await psql(
            "select (select count(*) from contracts) || ',' || (select count(*) from monthly_scores) || ',' || (select string_agg(period_label || ':' || payable_fen, ',') from settlements)",
          )
        ).out.trim(),
      ).toBe('1,3,第一季度:11760000');
      // After the disaster recovery (--force over the live database): the bot's role reads the
      // restored data and still cannot rewrite the audit trail.
      const asBot = (q: string) => run('psql', [env.DATABASE_URL!, '-Atc', q], dir, env);
      expect((await asBot('select count(*) from people')).out.trim()).toBe('6');
      expect((await asBot("select has_table_privilege('audit_log', 'UPDATE')")).out.trim()).toBe('f');
      expect((await psql("select count(*) from pg_database where datname = 'gps_check'")).out.trim()).toBe(
        '0',
      );
      expect((await readdir(join(dir, 'backups'))).filter((n) => n.startsWith('gps-'))).toHaveLength(1);
    }, 240_000);
  });
});
