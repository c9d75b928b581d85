import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/audit/append';
import { sha256File } from '../../src/cli/backup-manifest';
import { createDb, type Db } from '../../src/db/client';
import { units } from '../../src/db/schema';
import { anchorAuditTrail } from '../../src/features/audit/anchor';
import { insertBudgetLine } from '../../src/features/budget/registry';
import { ADMIN_URL, createTestDb, type TestDb } from '../helpers/db';

/**
 * Issue 20, point 5: `npm run backup` and `npm run restore`, run as the zone's IT team would, on a
 * database with a real audit trail and its anchor file. A restored pair verifies; an older dump
 * restored beside the newer (live) anchor file is reported by audit:verify as behind the anchors.
 */
let t: TestDb;
let app: ReturnType<typeof createDb>; // the bot's role writes the trail, as in production
let dir: string;
let live: string; // the live anchor file: append-only, it outlives any database
const restored: string[] = [];
const relay = { enqueueOutbox: async () => {} }; // the anchor cards stay in the outbox table
const DAY1 = new Date('2026-11-29T17:30:00Z'); // 01:30 on 30 November, Asia/Shanghai
const DAY2 = new Date('2026-11-30T17:30:00Z');

type Run = { code: number; out: string; err: string };
function cli(file: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', `src/cli/${file}.ts`, ...args], {
    env: { ...process.env, DATABASE_URL: t.url, DATABASE_OWNER_URL: t.url, AUDIT_ANCHOR_FILE: live, ...env },
  }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );
}

const append = (db: Db, type: string, id: string, step: number) =>
  db.transaction((tx) =>
    appendAudit(tx, { aggregateType: type, aggregateId: id, actor: 'ou_t', action: 'x', data: { step } }),
  );

async function newBudgetLine(name: string): Promise<number> {
  return app.db.transaction(async (tx) => {
    const [u] = await tx.select({ id: units.id }).from(units).where(sql`${units.code} = 'b'`);
    const id = await insertBudgetLine(
      tx,
      { unitId: u!.id, year: 2026, category: 'cleaning', name, amountFen: 100_000n, actor: 'ou_t' },
      'test',
    );
    return id!;
  });
}

/** The trail of a database as (chain, seq, hash), to compare a restore with its source. */
async function trailOf(url: string): Promise<string[]> {
  const s = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await s<{ k: string }[]>`
      select aggregate_type || '/' || aggregate_id || '#' || seq || ':' || hash as k from audit_log
      order by aggregate_type, aggregate_id, seq`;
    return rows.map((r) => r.k);
  } finally {
    await s.end({ timeout: 1 });
  }
}

const urlOf = (name: string) => {
  const u = new URL(t.url);
  u.pathname = `/${name}`;
  return u.toString();
};
/** A database name for a restore; dropped after the file. */
const target = (suffix: string) => {
  const name = `${t.name}_${suffix}`;
  restored.push(name);
  return name;
};

beforeAll(async () => {
  t = await createTestDb(4);
  app = createDb(t.appUrl, { max: 2 });
  dir = await mkdtemp(join(tmpdir(), 'backup-'));
  live = join(dir, 'live', 'audit-anchors.jsonl');
  await t.db.insert(units).values({ code: 'b', name: '备份测试单位' });
  await newBudgetLine('办公区保洁');
  for (let i = 0; i < 3; i++) await append(app.db, 'purchase', 'p1', i);
  await append(app.db, 'vendor', 'v1', 0);
  expect(await anchorAuditTrail(app.db, relay, { now: DAY1, file: live })).toMatchObject({
    n: 1,
    appended: 1,
  });
}, 60_000);

afterAll(async () => {
  await app?.sql.end({ timeout: 1 });
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  for (const name of restored) await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
  await t?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run backup, then npm run restore', () => {
  const b1 = () => join(dir, 'b1');

  it('writes the dump and the anchor copy with a manifest that names both by sha256', async () => {
    const r = await cli('backup', ['--out', b1()]);
    expect(r, r.err).toMatchObject({ code: 0 });
    expect(r.out).toContain(`backup: 已备份数据库 ${t.name} 到 ${b1()}`);
    const m = JSON.parse(await readFile(join(b1(), 'manifest.json'), 'utf8'));
    const anchor1 = JSON.parse((await readFile(live, 'utf8')).trim());
    expect(m).toMatchObject({
      format: 'gps-backup/1',
      database: {
        name: t.name,
        auditRows: 5,
        auditChains: 3,
        lastAnchor: { n: 1, date: '2026-11-30', digest: anchor1.digest },
      },
      dump: { file: 'database.dump', sha256: await sha256File(join(b1(), 'database.dump')) },
      anchorFile: {
        source: live,
        lines: 1,
        sha256: await sha256File(live),
        lastAnchor: { n: 1, date: '2026-11-30', digest: anchor1.digest },
      },
      warnings: [],
    });
    expect(m.dump.tool).toMatch(/^pg_dump \(PostgreSQL\) \d+/);
    expect(await readFile(join(b1(), 'audit-anchors.jsonl'), 'utf8')).toBe(await readFile(live, 'utf8'));
    expect(existsSync(`${b1()}.partial`)).toBe(false);
  }, 60_000);

  it('restores into a fresh database with the copied anchor file, and audit:verify passes', async () => {
    const name = target('r1');
    const copied = join(dir, 'r1', 'audit-anchors.jsonl');
    const r = await cli('restore', [b1(), '--database', name, '--anchor-file', copied]);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain(`restore: 已把备份中的锚点文件复制到 ${copied}`);
    expect(r.out).toContain('审计核验:审计链完好:3 条审计链,共 5 条记录');
    expect(r.out).toContain('审计核验:通过');
    expect(r.out).toContain('restore: 校验通过 — 恢复的数据库与锚点文件一致(最新锚点 #1,2026-11-30)');
    expect(await readFile(copied, 'utf8')).toBe(await readFile(join(b1(), 'audit-anchors.jsonl'), 'utf8'));
    expect(await trailOf(urlOf(name))).toEqual(await trailOf(t.url));
    // The bot's role keeps its limits in the restored database: it may append, not rewrite.
    const s = postgres(urlOf(name), { max: 1, onnotice: () => {} });
    const [limits] = await s`
      select has_table_privilege('gps_app', 'audit_log', 'INSERT') as ins,
        has_table_privilege('gps_app', 'audit_log', 'DELETE') as del,
        (select count(*)::int from pg_trigger where tgrelid = 'audit_log'::regclass and not tgisinternal) as triggers`;
    await s.end();
    expect(limits).toEqual({ ins: true, del: false, triggers: 2 });
    // The real audit:verify, as the IT team runs it after a restore.
    const v = await cli('audit-verify', [], { DATABASE_URL: urlOf(name), AUDIT_ANCHOR_FILE: copied });
    expect(v.code, v.out + v.err).toBe(0);
    expect(v.out).toContain('审计核验:通过');
  }, 60_000);

  it('refuses a database that is not empty (its rows untouched), and replaces it with --force', async () => {
    const name = restored[0]!;
    const copied = join(dir, 'r1', 'audit-anchors.jsonl');
    const s = postgres(urlOf(name), { max: 1 });
    await s`insert into units (code, name) values ('extra', '恢复后新增')`;
    await s.end();
    const refused = await cli('restore', [b1(), '--database', name, '--anchor-file', copied]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`restore: 失败 — 目标数据库 ${name} 不是空库`);
    const count = async () => {
      const s = postgres(urlOf(name), { max: 1 });
      const [r] = await s<{ n: number }[]>`select count(*)::int as n from units where code = 'extra'`;
      await s.end();
      return r!.n;
    };
    expect(await count()).toBe(1);
    const forced = await cli('restore', [b1(), '--database', name, '--anchor-file', copied, '--force']);
    expect(forced.code, forced.out + forced.err).toBe(0);
    expect(forced.out).toContain(`restore: 保留已有的锚点文件 ${copied}`);
    expect(await count()).toBe(0);
  }, 60_000);

  it('an older dump restored beside the newer anchor file: audit:verify reports it behind the anchors', async () => {
    // After the backup the trail moves on and is anchored again: the live file is now ahead of b1.
    await newBudgetLine('绿化养护');
    for (let i = 3; i < 5; i++) await append(app.db, 'purchase', 'p1', i);
    expect(await anchorAuditTrail(app.db, relay, { now: DAY2, file: live })).toMatchObject({ n: 2 });
    const liveBefore = await readFile(live, 'utf8');
    expect(liveBefore.trim().split('\n')).toHaveLength(2);

    const name = target('r2');
    const r = await cli('restore', [b1(), '--database', name, '--anchor-file', live]);
    expect(r.code, r.out + r.err).toBe(1);
    const behind =
      '数据库落后于锚点文件:数据库最新锚点为 2026-11-30 的 #1,文件最新为 2026-12-01 的 #2;锚点 #2–#2';
    expect(r.out).toContain(behind);
    expect(r.out).toContain(
      'purchase/p1:锚定在第 5 条(以 2026-12-01 的锚点 #2 为准),但该链止于第 3 条:第 4–5 条被删除',
    );
    expect(r.out).toContain(
      'restore: 校验未通过 — 数据库落后于锚点:库内最新锚点 #1(2026-11-30),锚点文件已到 #2(2026-12-01)',
    );
    expect(await readFile(live, 'utf8')).toBe(liveBefore); // the witness is never rewritten

    const v = await cli('audit-verify', [], { DATABASE_URL: urlOf(name), AUDIT_ANCHOR_FILE: live });
    expect(v.code, v.out + v.err).toBe(1);
    expect(v.out).toContain(`审计核验:发现问题 — ${behind}`);
    expect(v.out).toMatch(
      /budget_line\/\d+:锚定在第 1 条\(以 2026-12-01 的锚点 #2 为准\),但该链已没有任何记录/,
    );
    // The same restore is intact against the anchor copy taken with it: only the newer file sees the rollback.
    const own = await cli('audit-verify', [], {
      DATABASE_URL: urlOf(name),
      AUDIT_ANCHOR_FILE: join(b1(), 'audit-anchors.jsonl'),
    });
    expect(own.code, own.out).toBe(0);
  }, 60_000);

  it('without pg_dump, or failing half-way, the backup says why in one line and leaves nothing', async () => {
    const out = join(dir, 'b-none');
    const r = await cli('backup', ['--out', out], { PG_BIN_DIR: join(dir, 'no-such-dir') });
    expect(r.code).toBe(2);
    expect(r.err).toContain('backup: 失败 — 找不到 pg_dump');
    expect(r.err).toContain('apt-get install postgresql-client');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
    // A backup that fails half-way (here: a database without the bot's tables) leaves nothing either.
    const wrong = await cli('backup', ['--out', out], { DATABASE_OWNER_URL: urlOf('postgres') });
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('backup: 失败 — relation "audit_log" does not exist');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  }, 30_000);
});
