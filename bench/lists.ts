import { eq } from 'drizzle-orm';
import { people, roleGrants, units } from '../src/db/schema';
import type { Actor } from '../src/domain/actor';
import { type Cursor, LIST_PAGE_SIZE } from '../src/domain/list-page';
import { contractPage } from '../src/features/contracts/list-page';
import { createTestDb } from '../test/helpers/db';
import { benchLine, percentile } from './stats';
import { cloneContracts, seedTemplate } from './threshold';

const CONTRACTS = 2000;
const PAGE = 40;
const ROUNDS = 2000;
const TODAY = '2026-12-07';

/**
 * 合同管理 at real size: a unit with 2,000 contracts, read by a filer of that unit (the reader's
 * scope applies, as on every click). Page 1 and page 40 (rows 781–800) through the real query
 * (features/contracts/view contractPage: the page, its count with the probe for 上一页 read along, and
 * the year options), timed in alternation so a busy machine slows both alike. Keyset paging makes
 * page 40 an index range like page 1, so `ratio_p99` = p99(page 40) / p99(page 1) stays near 1
 * (target <= 1.3); OFFSET paging would read and discard 780 rows first.
 */
export async function benchLists() {
  const t = await createTestDb(4);
  try {
    const g0 = performance.now();
    const { contractId } = await seedTemplate(t.db);
    await cloneContracts(t.sql, contractId, CONTRACTS - 1, 'lists');
    await t.sql`analyze`;
    const [unit] = await t.db.select().from(units).where(eq(units.code, 'bench'));
    const [p] = await t.db
      .insert(people)
      .values({ openId: 'ou_bench_filer', name: '基准经办人', unitId: unit!.id })
      .returning();
    await t.db
      .insert(roleGrants)
      .values({ personId: p!.id, role: 'filer', unitId: unit!.id, grantedBy: 'bench' });
    const seedS = (performance.now() - g0) / 1000;
    const actor: Actor = {
      personId: p!.id,
      openId: p!.openId,
      name: p!.name,
      unitId: unit!.id,
      grants: [{ id: 0, role: 'filer', unitId: unit!.id, scope: unit!.name }],
    };
    // Page 40's cursor, reached as a reader reaches it: 下一页 39 times.
    let cursor: Cursor = {};
    for (let i = 1; i < PAGE; i++) {
      const page = await contractPage(t.db, actor, { today: TODAY, filter: {}, cursor });
      if (page.older === undefined) throw new Error(`only ${i} pages`);
      cursor = { after: page.older };
    }
    const page40 = cursor;
    const check = await contractPage(t.db, actor, { today: TODAY, filter: {}, cursor: page40 });
    if (check.total !== CONTRACTS || check.rows.length !== LIST_PAGE_SIZE) throw new Error('seed mismatch');
    const time = async (c: Cursor, into?: number[]) => {
      const s = performance.now();
      await contractPage(t.db, actor, { today: TODAY, filter: {}, cursor: c });
      into?.push(performance.now() - s);
    };
    for (let i = 0; i < 50; i++) {
      await time({});
      await time(page40);
    }
    const first: number[] = [];
    const fortieth: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2) {
        await time(page40, fortieth);
        await time({}, first);
      } else {
        await time({}, first);
        await time(page40, fortieth);
      }
    }
    return benchLine('lists', {
      contracts: CONTRACTS,
      page_size: LIST_PAGE_SIZE,
      page: PAGE,
      samples: ROUNDS,
      p50_page1_ms: percentile(first, 50),
      p99_page1_ms: percentile(first, 99),
      p50_page40_ms: percentile(fortieth, 50),
      p99_page40_ms: percentile(fortieth, 99),
      ratio_p99: percentile(fortieth, 99) / percentile(first, 99),
      seed_s: seedS,
    });
  } finally {
    await t.drop();
  }
}
