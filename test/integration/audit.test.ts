import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/audit/append';
import { verifyAudit } from '../../src/audit/verify';
import type { Db, DbOrTx } from '../../src/db/client';
import { createTestDb, type TestDb } from '../helpers/db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.drop();
});

type Ref = { id: number; seq: number };
const append = (db: Db, type: string, id: string | number, data: Record<string, unknown> = {}) =>
  db.transaction((tx) =>
    appendAudit(tx, { aggregateType: type, aggregateId: id, actor: 'ou_test', action: 'x', data }),
  );
const rowsOf = async (db: DbOrTx, type: string, id: string): Promise<Ref[]> =>
  (await db.execute<Ref>(
    sql`select id::int as id, seq from audit_log where aggregate_type = ${type} and aggregate_id = ${id} order by seq`,
  )) as unknown as Ref[];

class Rollback extends Error {}
/** Tampers with the trigger off, verifies, and rolls everything back so each case starts intact. */
async function tamperAndVerify(tamper: (tx: DbOrTx) => Promise<unknown>) {
  let result: Awaited<ReturnType<typeof verifyAudit>> | undefined;
  await t.db
    .transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger user`);
      await tamper(tx);
      await tx.execute(sql`alter table audit_log enable trigger user`);
      result = await verifyAudit(tx, { batchSize: 7 }); // small batches: chains straddle page boundaries
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return result!;
}

describe('appendAudit', () => {
  it('chains appends per aggregate, independent of jsonb key order', async () => {
    for (let i = 0; i < 5; i++)
      await append(t.db, 'purchase', 'p1', { step: i, b: { z: 1, a: [1, 'x'] }, aa: 1, a: 2 });
    for (let i = 0; i < 3; i++)
      await append(t.db, 'purchase', 'p2', { step: i, note: '中文备注', at: new Date(0) });
    const row = await append(t.db, 'person', 42, { role: 'filer' });
    expect(row).toMatchObject({
      aggregateType: 'person',
      aggregateId: '42',
      seq: 1,
      prevHash: '0'.repeat(64),
    });
    expect((await rowsOf(t.db, 'purchase', 'p1')).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    // Stored as a jsonb object (not a JSON string), so queries can reach into it.
    expect(await t.sql`select distinct jsonb_typeof(data) as k from audit_log`).toEqual([{ k: 'object' }]);
    expect(await verifyAudit(t.db, { batchSize: 4 })).toEqual({ ok: true, rows: 9, chains: 3 });
  });

  it('gives 20 concurrent appends to one aggregate seq 1..20 and a valid chain', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => append(t.db, 'vendor', 'v1', { i })));
    expect((await rowsOf(t.db, 'vendor', 'v1')).map((r) => r.seq)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true, rows: 29, chains: 4 });
  });

  it('refuses to run outside a transaction', async () => {
    const notTx = t.db as unknown as Parameters<typeof appendAudit>[0];
    await expect(
      appendAudit(notTx, { aggregateType: 'a', aggregateId: 1, actor: 'x', action: 'y', data: {} }),
    ).rejects.toThrow(/inside a transaction/);
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the trigger', async () => {
    // The raw client, so the database's own message is what is matched (drizzle wraps errors).
    await expect(t.sql`update audit_log set actor = 'evil'`).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(t.sql`delete from audit_log`).rejects.toThrow(/append-only: DELETE refused/);
    await expect(t.sql`truncate audit_log`).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true, rows: 29 });
  });
});

describe('verifyAudit finds tampering', () => {
  it('an edited row: altered', async () => {
    const [, r2] = await rowsOf(t.db, 'purchase', 'p1');
    const r = await tamperAndVerify((tx) =>
      tx.execute(sql`update audit_log set data = '{"step":99}' where id = ${r2!.id}`),
    );
    expect(r).toMatchObject({
      ok: false,
      problem: 'altered',
      row: { id: r2!.id, aggregateId: 'p1', seq: 2 },
    });
  });

  it('a deleted middle row: removed, at the row after the gap', async () => {
    const [, r2, r3] = await rowsOf(t.db, 'purchase', 'p1');
    const r = await tamperAndVerify((tx) => tx.execute(sql`delete from audit_log where id = ${r2!.id}`));
    expect(r).toMatchObject({ ok: false, problem: 'removed', row: { id: r3!.id, seq: 3 } });
    if (!r.ok) expect(r.detail).toMatch(/缺少第 2 条/);
  });

  it('a deleted newest row: head', async () => {
    const rows = await rowsOf(t.db, 'purchase', 'p2');
    const [last, before] = [rows.at(-1)!, rows.at(-2)!];
    const r = await tamperAndVerify((tx) => tx.execute(sql`delete from audit_log where id = ${last.id}`));
    expect(r).toMatchObject({
      ok: false,
      problem: 'head',
      row: { id: before.id, aggregateId: 'p2', seq: 2 },
    });
    if (!r.ok) expect(r.detail).toMatch(/第 3 条被删除/);
  });

  it('two rows with seq swapped: reordered', async () => {
    const [, r2, r3] = await rowsOf(t.db, 'purchase', 'p1');
    const r = await tamperAndVerify(async (tx) => {
      // Three steps because the chain's unique index is checked row by row.
      await tx.execute(sql`update audit_log set seq = -1 where id = ${r2!.id}`);
      await tx.execute(sql`update audit_log set seq = 2 where id = ${r3!.id}`);
      await tx.execute(sql`update audit_log set seq = 3 where id = ${r2!.id}`);
    });
    expect(r).toMatchObject({ ok: false, problem: 'reordered', row: { id: r2!.id, seq: 3 } });
  });

  it('reports the lowest row id when several chains are broken', async () => {
    const [, p1r2] = await rowsOf(t.db, 'purchase', 'p1');
    const [v1] = await rowsOf(t.db, 'vendor', 'v1');
    const r = await tamperAndVerify(async (tx) => {
      await tx.execute(sql`update audit_log set actor = 'evil' where id in (${p1r2!.id}, ${v1!.id})`);
    });
    expect(r).toMatchObject({ ok: false, problem: 'altered', row: { id: p1r2!.id } });
  });

  it('a chain whose rows are all gone but whose head remains: head', async () => {
    const r = await tamperAndVerify((tx) =>
      tx.execute(sql`delete from audit_log where aggregate_type = 'person'`),
    );
    expect(r).toMatchObject({
      ok: false,
      problem: 'head',
      row: { id: null, aggregateType: 'person', aggregateId: '42' },
    });
  });

  it('is intact again after the rolled-back tampering', async () => {
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true, rows: 29 });
  });
});

describe('npm run audit:verify', () => {
  const run = (url: string) =>
    promisify(execFile)('npx', ['tsx', 'src/cli/audit-verify.ts'], {
      // No anchors in this test (audit-witness.test.ts has them): a file that does not exist.
      env: { ...process.env, DATABASE_URL: url, AUDIT_ANCHOR_FILE: '/nonexistent/audit-anchors.jsonl' },
    }).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );

  it('exits 0 on an intact trail and 1 naming the altered row', async () => {
    const own = await createTestDb(2); // its tampering is committed, so it gets its own database
    try {
      for (let i = 0; i < 3; i++) await append(own.db, 'purchase', 'cli', { i });
      const ok = await run(own.url);
      expect(ok).toEqual({
        code: 0,
        out: [
          '审计核验:审计链完好:1 条审计链,共 3 条记录',
          '审计核验:说明 — 尚无锚点(/nonexistent/audit-anchors.jsonl):仅按审计链自身的哈希核验',
          '审计核验:通过',
          '',
        ].join('\n'),
      });

      const [, r2] = await rowsOf(own.db, 'purchase', 'cli');
      await own.sql.begin(async (q) => {
        await q`alter table audit_log disable trigger user`;
        await q`update audit_log set data = '{"i":7}' where id = ${r2!.id}`;
        await q`alter table audit_log enable trigger user`;
      });
      const bad = await run(own.url);
      expect(bad.code).toBe(1);
      expect(bad.out).toContain(`审计核验:审计链发现问题:purchase/cli 第 2 条(行 id=${r2!.id})记录被篡改`);
    } finally {
      await own.drop();
    }
  }, 60_000);
});
