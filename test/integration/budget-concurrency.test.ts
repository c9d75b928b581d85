import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LineSummary } from '../../src/cards/budget';
import type { Tx } from '../../src/db/client';
import { purchaseRequests } from '../../src/db/schema';
import { DomainError } from '../../src/domain/errors';
import {
  addBudgetLine,
  assertFits,
  lineSummaries,
  lockLineForFiling,
} from '../../src/features/budget/line-summary';
import { parseOrgFile } from '../../src/features/org/file';
import { importOrg } from '../../src/features/org/import';
import { findPersonByOpenId } from '../../src/features/org/grants';
import { createTestDb, type TestDb } from '../helpers/db';

const LINE_FEN = 1_000_000n;
const REQUEST_FEN = 100_000n;
const FILINGS = 20;

let t: TestDb;
let unitId: number;
let who: { filerId: number; leaderId: number; departmentId: number };
beforeAll(async () => {
  t = await createTestDb(FILINGS + 5); // every filing holds its own connection while it waits
  await importOrg(
    t.db,
    parseOrgFile(readFileSync(new URL('../../org/demo-zone.yaml', import.meta.url), 'utf8')),
  );
  const [u] = await t.sql`select id::int as id from units where code = 'asset'`;
  unitId = u!.id as number;
  const id = async (openId: string) => (await findPersonByOpenId(t.db, openId))!.id;
  who = {
    filerId: await id('ou_c47e1f9a2b3c4d5e8f6a7b0c1d2e3f03'), // 张伟, filer
    leaderId: await id('ou_3f1a9c2e7b4d4e0a8c6f1b2d3e4f5a61'), // 王建国, responsible leader
    departmentId: await id('ou_8b2c4d6e0f1a4b3c9d7e5f6a7b8c9d02'), // 李秀英, responsible department
  };
});
afterAll(async () => {
  await t?.drop();
});

const newLine = (name: string) =>
  t.db.transaction((tx) =>
    addBudgetLine(tx, { unitId, year: 2025, category: 'cleaning', name, amountFen: LINE_FEN, actor: 'test' }),
  );

const insertRequest = (tx: Tx, line: LineSummary, amountFen: bigint) =>
  tx
    .insert(purchaseRequests)
    .values({
      unitId,
      budgetLineId: line.id,
      category: line.category,
      description: '办公楼日常保洁',
      whyOutsource: '本单位无专职保洁人员',
      suppliersAsked: 3,
      priceLowFen: 90_000n,
      priceHighFen: 120_000n,
      amountFen,
      method: 'inquiry',
      ...who,
      policyVersion: 1,
    })
    .returning({ id: purchaseRequests.id });

/** Twenty filings at once; the pause after reading the balance gives any race room to show. */
const fileAll = (read: (tx: Tx) => Promise<LineSummary>, pauseMs: number) =>
  Promise.allSettled(
    Array.from({ length: FILINGS }, () =>
      t.db.transaction(async (tx) => {
        const line = await read(tx);
        await sleep(pauseMs);
        assertFits(line, REQUEST_FEN);
        return insertRequest(tx, line, REQUEST_FEN);
      }),
    ),
  );

const committed = async (lineId: number) =>
  (
    await t.sql`select coalesce(sum(amount_fen), 0)::text as s from purchase_requests
               where budget_line_id = ${lineId} and status in ('pending', 'approved')`
  )[0]!.s as string;

describe('filing against a budget line concurrently', () => {
  it('lets exactly as many filings through as fit, refusing the rest with the balance', async () => {
    const line = await newLine('并发');
    const results = await fileAll((tx) => lockLineForFiling(tx, line.id), 10);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected').map((r) => r.reason as unknown);
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(10);
    for (const e of refused) {
      expect(e).toBeInstanceOf(DomainError);
      expect(e).toMatchObject({
        code: 'over_budget',
        message: '超出预算:该预算额度剩余 0.00元,本次申请 1,000.00元',
      });
    }
    expect(await committed(line.id)).toBe('1000000');
    const [s] = await lineSummaries(t.db, { unitId, year: 2025 });
    expect(s).toMatchObject({ id: line.id, amountFen: LINE_FEN, committedFen: LINE_FEN, remainingFen: 0n });
  });

  it('(control) would overdraw the line if the balance were read without the lock', async () => {
    const line = await newLine('对照');
    const unlocked = async (tx: Tx) =>
      (await lineSummaries(tx, { unitId, year: 2025 })).find((l) => l.id === line.id)!;
    const results = await fileAll(unlocked, 50);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThan(10);
    expect(BigInt(await committed(line.id))).toBeGreaterThan(LINE_FEN);
  });

  it('gives a rejected request its amount back and shows the exact remainder', async () => {
    const line = await newLine('退回');
    const [first] = await t.db.transaction(async (tx) => {
      const s = await lockLineForFiling(tx, line.id);
      assertFits(s, 999_999n);
      return insertRequest(tx, s, 999_999n);
    });
    const refusal = t.db.transaction(async (tx) => assertFits(await lockLineForFiling(tx, line.id), 2n));
    await expect(refusal).rejects.toThrow('超出预算:该预算额度剩余 0.01元,本次申请 0.02元');
    await t.db.update(purchaseRequests).set({ status: 'rejected' }).where(eq(purchaseRequests.id, first!.id));
    const s = await t.db.transaction((tx) => lockLineForFiling(tx, line.id));
    expect(s).toMatchObject({ committedFen: 0n, remainingFen: LINE_FEN });
    expect(() => assertFits(s, LINE_FEN)).not.toThrow();
  });

  it('refuses to lock under REPEATABLE READ, where the sum would miss a concurrent filing', async () => {
    const line = await newLine('隔离级别');
    const run = t.db.transaction((tx) => lockLineForFiling(tx, line.id), {
      isolationLevel: 'repeatable read',
    });
    await expect(run).rejects.toThrow(/READ COMMITTED/);
  });
});

describe('addBudgetLine', () => {
  it('audits a new line and refuses the same key in Chinese', async () => {
    const line = await newLine('重复');
    const audit = await t.sql`select action, actor, data from audit_log
                              where aggregate_type = 'budget_line' and aggregate_id = ${String(line.id)}`;
    expect(audit).toEqual([
      {
        action: 'budget_line.created',
        actor: 'test',
        data: {
          unitId,
          fiscalYear: 2025,
          category: 'cleaning',
          name: '重复',
          amountFen: '1000000',
          via: 'card',
        },
      },
    ]);
    await expect(newLine('重复')).rejects.toMatchObject({
      code: 'budget_line_exists',
      message: expect.stringMatching(/已有同类别、名称为「重复」的预算额度/),
    });
  });
});
