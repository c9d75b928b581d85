import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/audit/append';
import { auditHash } from '../../src/audit/hash';
import { type TrailReport, trailLines, verifyTrail } from '../../src/audit/trail';
import { createDb, type Db, type DbOrTx } from '../../src/db/client';
import { outbox, people, roleGrants, units } from '../../src/db/schema';
import { anchorAuditTrail } from '../../src/features/audit/anchor';
import { insertBudgetLine } from '../../src/features/budget/registry';
import { createTestDb, type TestDb } from '../helpers/db';

/**
 * Issue 11, point 4: the audit trail against an attacker who can write the database (as its owner,
 * trigger disabled) but holds neither the audit key nor the anchors outside it.
 */
let t: TestDb;
let app: ReturnType<typeof createDb>; // the bot's role (gps_app)
let dir: string;
let file: string;
const relay = { enqueueOutbox: async () => {} }; // the rows stay in the outbox table, counted below
const DAY1 = new Date('2026-11-29T17:30:00Z'); // 01:30 on 30 November in Asia/Shanghai
const DAY2 = new Date('2026-11-30T17:30:00Z');
let lineId: number;

const append = (db: Db, type: string, id: string | number, data: Record<string, unknown> = {}) =>
  db.transaction((tx) =>
    appendAudit(tx, { aggregateType: type, aggregateId: id, actor: 'ou_t', action: 'x', data }),
  );

async function newBudgetLine(name: string): Promise<number> {
  return app.db.transaction(async (tx) => {
    const [u] = await tx.select({ id: units.id }).from(units).where(sql`${units.code} = 'w'`);
    const id = await insertBudgetLine(
      tx,
      { unitId: u!.id, year: 2026, category: 'cleaning', name, amountFen: 100_000n, actor: 'ou_t' },
      'test',
    );
    return id!;
  });
}

class Rollback extends Error {}
/** Tampers as the owner with the trigger off, verifies in the same snapshot, rolls it all back. */
async function tamperAndVerify(tamper: (tx: DbOrTx) => Promise<unknown>): Promise<TrailReport> {
  let report: TrailReport | undefined;
  await t.db
    .transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger user`);
      await tamper(tx);
      await tx.execute(sql`alter table audit_log enable trigger user`);
      report = await verifyTrail(tx, { file });
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return report!;
}

const lastRow = (tx: DbOrTx, type: string, id: string) =>
  tx.execute<{ id: string; seq: number; hash: string }>(
    sql`select id::text, seq, hash from audit_log where aggregate_type = ${type} and aggregate_id = ${id} order by seq desc limit 1`,
  );

beforeAll(async () => {
  t = await createTestDb();
  app = createDb(t.appUrl, { max: 4 });
  dir = await mkdtemp(join(tmpdir(), 'anchors-'));
  file = join(dir, 'audit-anchors.jsonl');
  const [u] = await t.db.insert(units).values({ code: 'w', name: '纪检测试单位' }).returning();
  const [p] = await t.db
    .insert(people)
    .values({ openId: 'ou_jijian', name: '纪检员', unitId: u!.id })
    .returning();
  await t.db
    .insert(roleGrants)
    .values({ personId: p!.id, role: 'discipline', unitId: null, grantedBy: 'test' });
  for (let i = 0; i < 3; i++) await append(app.db, 'purchase', 'p1', { step: i });
  for (let i = 0; i < 2; i++) await append(app.db, 'vendor', 'v1', { step: i });
  lineId = await newBudgetLine('办公区保洁');
}, 30_000);

afterAll(async () => {
  await app?.sql.end({ timeout: 1 });
  await t?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe("the bot's database role", () => {
  it('may append to the trail but not rewrite it, disable its trigger or turn triggers off', async () => {
    const refused = async (statement: string) => {
      const err = await app.sql.unsafe(statement).then(
        () => undefined,
        (e: { code?: string; message: string }) => e,
      );
      return err ? `${err.code}: ${err.message}` : 'allowed';
    };
    expect(await refused(`update audit_log set actor = 'x'`)).toMatch(/^42501: permission denied/);
    expect(await refused('delete from audit_log')).toMatch(/^42501: permission denied/);
    expect(await refused('truncate audit_log')).toMatch(/^42501: permission denied/);
    expect(await refused('alter table audit_log disable trigger user')).toMatch(/^42501: must be owner/);
    expect(await refused('drop trigger audit_log_no_update on audit_log')).toMatch(/^42501: must be owner/);
    expect(
      await refused(
        'create or replace function audit_log_refuse_change() returns trigger as $$ begin return new; end $$ language plpgsql',
      ),
    ).toMatch(/^42501: permission denied for schema public/); // may not even create functions
    expect(await refused('set session_replication_role = replica')).toMatch(/^42501: permission denied/);
    expect(await refused('delete from audit_heads')).toMatch(/^42501: permission denied/);
    expect(await refused(`update audit_anchors set digest = 'x'`)).toMatch(/^42501: permission denied/);
    expect(await refused('delete from audit_anchors')).toMatch(/^42501: permission denied/);
    // ...while the owner still can (the attacker of the cases below), so the refusals are the role's.
    expect(await t.sql`select has_table_privilege('audit_log', 'DELETE') as d`).toEqual([{ d: true }]);
    expect(await app.sql`select has_table_privilege('audit_log', 'INSERT') as i`).toEqual([{ i: true }]);
  });
});

describe('the daily anchor', () => {
  it('anchors every head once a day: one line in the file, one message to discipline inspection', async () => {
    const first = await anchorAuditTrail(app.db, relay, { now: DAY1, file });
    expect(first).toMatchObject({ status: 'anchored', n: 1, date: '2026-11-30', recipients: 1, appended: 1 });
    // A retried or doubled run the same day.
    const again = await anchorAuditTrail(app.db, relay, { now: new Date(DAY1.getTime() + 60_000), file });
    expect(again).toMatchObject({ status: 'already', n: 1, appended: 0 });
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ n: 1, chains: 3, rows: 6, date: '2026-11-30' });
    const sent = await t.db.select().from(outbox).where(sql`${outbox.receiveId} = 'ou_jijian'`);
    expect(sent).toHaveLength(1);
    const card = JSON.stringify(sent[0]!.content);
    expect(card).toContain(JSON.parse(lines[0]!).digest);
    expect(card).toContain('审计锚点 #1');
  });

  it('an intact trail verifies, with and against the digest of the message', async () => {
    const r = await verifyTrail(t.db, { file });
    expect(r.ok, trailLines(r, file).join('\n')).toBe(true);
    const digest = JSON.parse((await readFile(file, 'utf8')).trim()).digest as string;
    expect((await verifyTrail(t.db, { file, digest })).ok).toBe(true);
    const wrong = await verifyTrail(t.db, { file, digest: 'f'.repeat(64) });
    expect(wrong.witness.problems).toEqual([
      expect.stringMatching(/与 .* 中的任何锚点都不符:该文件不是锚点消息所见证的文件/),
    ]);
  });
});

describe('audit:verify against the four tamperings', () => {
  it('1. the newest row deleted and audit_heads rewound: the anchor names the missing row', async () => {
    const r = await tamperAndVerify(async (tx) => {
      const [newest] = await lastRow(tx, 'purchase', 'p1');
      await tx.execute(sql`delete from audit_log where id = ${newest!.id}`);
      const [prev] = await lastRow(tx, 'purchase', 'p1');
      await tx.execute(
        sql`update audit_heads set seq = ${prev!.seq}, hash = ${prev!.hash} where aggregate_type = 'purchase' and aggregate_id = 'p1'`,
      );
    });
    expect(r.chains.ok).toBe(true); // the shortened chain is consistent in itself: only the witness knows
    expect(r.ok).toBe(false);
    expect(r.witness.problems).toEqual([
      'purchase/p1:锚定在第 3 条(以 2026-11-30 的锚点 #1 为准),但该链止于第 2 条:第 3 条被删除',
    ]);
  });

  it('2. a middle row edited and the later hashes recomputed (without the key): the keyed hash names the row', async () => {
    const r = await tamperAndVerify(async (tx) => {
      const rows = await tx.execute<{
        id: string;
        seq: number;
        actor: string;
        action: string;
        at: string;
        data: Record<string, unknown>;
      }>(
        sql`select id::text, seq, actor, action, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, data
            from audit_log where aggregate_type = 'purchase' and aggregate_id = 'p1' order by seq`,
      );
      const [first] = await tx.execute<{ hash: string }>(
        sql`select hash from audit_log where aggregate_type = 'purchase' and aggregate_id = 'p1' and seq = 1`,
      );
      // The attacker's best guess at the key: none (an empty one) -- any key but the real one will do.
      const guess = Buffer.alloc(0);
      let prevHash = first!.hash;
      for (const row of rows.slice(1)) {
        const data = row.seq === 2 ? { step: 99 } : row.data;
        const content = {
          aggregateType: 'purchase',
          aggregateId: 'p1',
          seq: row.seq,
          actor: row.actor,
          action: row.action,
          data,
          at: new Date(row.at),
        };
        const hash = auditHash(prevHash, content, guess);
        await tx.execute(
          sql`update audit_log set data = ${JSON.stringify(data)}::jsonb, prev_hash = ${prevHash}, hash = ${hash} where id = ${row.id}`,
        );
        prevHash = hash;
      }
      await tx.execute(
        sql`update audit_heads set hash = ${prevHash} where aggregate_type = 'purchase' and aggregate_id = 'p1'`,
      );
    });
    expect(r.ok).toBe(false);
    expect(r.chains).toMatchObject({
      ok: false,
      problem: 'altered',
      row: { aggregateType: 'purchase', aggregateId: 'p1', seq: 2 },
      detail: '重新计算的哈希与存储的哈希不符',
    });
    expect(r.witness.problems).toEqual([
      'purchase/p1:第 3 条不是锚定时的那一行(以 2026-11-30 的锚点 #1 为准):被改写',
    ]);
  });

  it('3. a whole chain deleted with its head: the anchor names the chain', async () => {
    const r = await tamperAndVerify(async (tx) => {
      await tx.execute(sql`delete from audit_log where aggregate_type = 'vendor' and aggregate_id = 'v1'`);
      await tx.execute(sql`delete from audit_heads where aggregate_type = 'vendor' and aggregate_id = 'v1'`);
    });
    expect(r.chains.ok).toBe(true);
    expect(r.witness.problems).toEqual([
      'vendor/v1:锚定在第 2 条(以 2026-11-30 的锚点 #1 为准),但该链已没有任何记录:连同链头被整体删除',
    ]);
  });

  it('4. the only audit row of a budget line that still exists: the state cross-check names the line, anchored or not', async () => {
    const later = await newBudgetLine('绿化养护'); // created after the anchor: only the cross-check can know
    const r = await tamperAndVerify(async (tx) => {
      for (const id of [lineId, later]) {
        await tx.execute(
          sql`delete from audit_log where aggregate_type = 'budget_line' and aggregate_id = ${String(id)}`,
        );
        await tx.execute(
          sql`delete from audit_heads where aggregate_type = 'budget_line' and aggregate_id = ${String(id)}`,
        );
      }
    });
    expect(r.chains.ok).toBe(true);
    expect(r.uncovered).toEqual([
      {
        table: 'budget_lines',
        aggregateType: 'budget_line',
        count: 2,
        sampleIds: [String(lineId), String(later)],
      },
    ]);
    expect(r.witness.problems).toEqual([
      `budget_line/${lineId}:锚定在第 1 条(以 2026-11-30 的锚点 #1 为准),但该链已没有任何记录:连同链头被整体删除`,
    ]);
    expect(trailLines(r, file)).toContain(
      `审计核验:发现问题 — 预算额度(budget_lines):2 行没有任何审计记录(budget_line/${lineId}、budget_line/${later}):其审计记录被删除`,
    );
  });
});

describe('the witnesses themselves', () => {
  it('an edited, cut or missing anchor file, or a deleted database copy, is named', async () => {
    const original = await readFile(file, 'utf8');
    try {
      const edited = original.replace(/"rows":(\d+)/, (_, n) => `"rows":${Number(n) - 1}`);
      await writeFile(file, edited);
      expect((await verifyTrail(t.db, { file })).witness.problems[0]).toMatch(
        /^锚点文件第 1 行\(#1,2026-11-30\)的链头、合计或摘要对不上:该行被编辑/,
      );
      await rm(file);
      expect((await verifyTrail(t.db, { file })).witness.problems).toEqual([
        `锚点文件 ${file} 不存在,而数据库中有 1 个锚点(最新为 2026-11-30 的 #1)`,
      ]);
    } finally {
      await writeFile(file, original);
    }
    const r = await tamperAndVerify((tx) => tx.execute(sql`delete from audit_anchors`));
    expect(r.witness.problems).toEqual([
      '数据库落后于锚点文件:数据库最新锚点为 无,文件最新为 2026-11-30 的 #1;锚点 #1–#1 不在数据库中(恢复了较早的备份,或 audit_anchors 行被删除)',
    ]);
  });

  it('a crash between the anchor commit and the file write: the next run appends the line once', async () => {
    const blocked = join(dir, 'not-a-dir');
    await writeFile(blocked, '');
    await expect(
      anchorAuditTrail(app.db, relay, { now: DAY2, file: join(blocked, 'anchors.jsonl') }),
    ).rejects.toThrow();
    const retry = await anchorAuditTrail(app.db, relay, { now: DAY2, file });
    expect(retry).toMatchObject({ status: 'already', n: 2, appended: 1 });
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).n)).toEqual([1, 2]);
    expect(await t.db.select().from(outbox).where(sql`${outbox.receiveId} = 'ou_jijian'`)).toHaveLength(2);
    expect((await verifyTrail(t.db, { file })).ok).toBe(true);
  });

  it('npm run audit:verify exits 1 naming a chain deleted after the anchor, and 0 before', async () => {
    const run = (args: string[] = []) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/audit-verify.ts', ...args], {
        env: { ...process.env, DATABASE_URL: t.url, AUDIT_ANCHOR_FILE: file },
      }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    const digest = JSON.parse((await readFile(file, 'utf8')).trim().split('\n')[1]!).digest as string;
    const intact = await run(['--digest', digest]);
    expect(intact, intact.out).toMatchObject({ code: 0 });
    expect(intact.out).toContain('审计核验:通过');
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger user`);
      await tx.execute(sql`delete from audit_log where aggregate_type = 'vendor' and aggregate_id = 'v1'`);
      await tx.execute(sql`delete from audit_heads where aggregate_type = 'vendor' and aggregate_id = 'v1'`);
      await tx.execute(sql`alter table audit_log enable trigger user`);
    });
    const found = await run(['--digest', digest]);
    expect(found.code).toBe(1);
    expect(found.out).toContain(
      '审计核验:发现问题 — vendor/v1:锚定在第 2 条(以 2026-12-01 的锚点 #2 为准),但该链已没有任何记录:连同链头被整体删除',
    );
    // The next anchor sees it too, and says so to discipline inspection.
    const next = await anchorAuditTrail(app.db, relay, { now: new Date(DAY2.getTime() + 86_400_000), file });
    expect(next).toMatchObject({ status: 'anchored', n: 3, regressed: 1 });
    const [alarm] = await t.db
      .select()
      .from(outbox)
      .where(sql`${outbox.receiveId} = 'ou_jijian'`)
      .orderBy(sql`created_at desc`)
      .limit(1);
    expect(JSON.stringify(alarm!.content)).toContain('审计锚点 #3:发现异常');
    expect(JSON.stringify(alarm!.content)).toContain('vendor/v1');
  }, 60_000);
});
