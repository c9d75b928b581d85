/**
 * Lists at real size: the contract list pages by keyset (上一页 / 下一页) and filters by status, year
 * and a search by contract number or name, combined. A property test pages through while contracts
 * are added between pages: no contract twice, none of those present at the first page skipped, and
 * every one shown matches the filter and the reader's scope. The cards page the same way, and a
 * page button from another unit's card shows only what the clicker may read.
 */
import { sql as dsql, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedAssessedContracts } from '../../bench/seed-contracts';
import { cloneContracts } from '../../bench/threshold';
import { contracts, people, purchaseRequests, roleGrants, units, vendors } from '../../src/db/schema';
import type { Actor } from '../../src/domain/actor';
import { contractNumber, parseContractRef } from '../../src/domain/contract-format';
import { contractStatusOf, TERM_STATUSES } from '../../src/domain/contract-status';
import type { ContractFilter, Cursor } from '../../src/domain/list-page';
import { contractPage } from '../../src/features/contracts/list-page';
import { askMenu, forgeCardCallback } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

const TODAY = '2026-12-07';
let h: Harness;
let unitA: number;
let unitB: number;
let reader: Actor;
let templateA: number;
let templateB: number;
let vendorA: number;
let vendorB: number;
let clones = 0;

/** Deterministic spread of terms, signing years and terminations over the contracts of `unitId`. */
async function spread(unitId: number, salt: number, aboveId = 0) {
  await h.sql`
    with k as (
      select id, (array['2025-04-01', '2026-03-01', '2027-01-01'])[1 + (id / 3 + ${salt}) % 3] as starts
      from contracts where unit_id = ${unitId} and id > ${aboveId} and ended_on is null and status = 'active')
    update contracts c set
      signed_on = (array['2025-03-02', '2026-02-10', '2026-11-20'])[1 + (c.id + ${salt}) % 3],
      starts_on = k.starts,
      ends_on = to_char(k.starts::date + (array[30, 280, 400])[1 + (c.id / 9 + ${salt}) % 3], 'YYYY-MM-DD'),
      status = case when (c.id + ${salt}) % 9 = 0 then 'terminating' when (c.id + ${salt}) % 11 = 0 then 'terminated' else c.status end,
      ended_on = case when (c.id + ${salt}) % 9 = 0 then '2026-12-20' when (c.id + ${salt}) % 11 = 0 then '2026-11-30' else c.ended_on end
    from k
    where c.id = k.id`;
}

beforeAll(async () => {
  h = await startHarness({ now: `${TODAY}T10:00:00+08:00` });
  const a = await seedAssessedContracts(h.db, {
    unit: { code: 'page_a', name: '翻页甲单位' },
    vendor: { name: '甲保洁有限公司', usccSeed: 9101 },
    tag: '甲',
    assessors: [{ openId: 'ou_page_a', name: '翻页考核人' }],
    contracts: 90,
    assessorsOf: () => [0],
  });
  const b = await seedAssessedContracts(h.db, {
    unit: { code: 'page_b', name: '翻页乙单位' },
    vendor: { name: '乙物业有限公司', usccSeed: 9102 },
    tag: '乙',
    assessors: [{ openId: 'ou_page_b', name: '翻页乙考核人' }],
    contracts: 15,
    assessorsOf: () => [0],
  });
  unitA = a.unitId;
  unitB = b.unitId;
  templateA = a.contractIds[0]!;
  templateB = b.contractIds[0]!;
  const byName = async (name: string) =>
    (await h.db.select().from(vendors).where(eq(vendors.name, name)))[0]!.id;
  vendorA = await byName('甲保洁有限公司');
  vendorB = await byName('乙物业有限公司');
  await spread(unitA, 0);
  await spread(unitB, 1);
  // A filer of unit A only, named on no contract: reads unit A's contracts and nothing of unit B.
  const [p] = await h.db
    .insert(people)
    .values({ openId: 'ou_page_reader', name: '翻页经办人', unitId: unitA })
    .returning();
  await h.db.insert(roleGrants).values({ personId: p!.id, role: 'filer', unitId: unitA, grantedBy: 'test' });
  reader = {
    personId: p!.id,
    openId: p!.openId,
    name: p!.name,
    unitId: unitA,
    grants: [{ id: 0, role: 'filer', unitId: unitA, scope: '翻页甲单位' }],
  };
}, 120_000);
afterAll(() => h.stop());

/** Everything the oracle needs of a contract, read straight from the tables. */
async function allRows() {
  return h.db
    .select({
      id: contracts.id,
      unitId: contracts.unitId,
      signedOn: contracts.signedOn,
      startsOn: contracts.startsOn,
      endsOn: contracts.endsOn,
      status: contracts.status,
      endedOn: contracts.endedOn,
      description: purchaseRequests.description,
      vendorId: contracts.vendorId,
      vendor: vendors.name,
      unit: units.name,
    })
    .from(contracts)
    .innerJoin(purchaseRequests, eq(purchaseRequests.id, contracts.requestId))
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .innerJoin(units, eq(units.id, contracts.unitId));
}
type Row = Awaited<ReturnType<typeof allRows>>[number];

/** The filter as the rules say it, in memory: the independent oracle the SQL is checked against. */
function matches(r: Row, f: ContractFilter): boolean {
  if (r.unitId !== unitA) return false;
  if (f.status && contractStatusOf(r, TODAY) !== f.status) return false;
  if (f.year && r.signedOn.slice(0, 4) !== String(f.year)) return false;
  if (f.unit && r.unitId !== f.unit) return false;
  if (f.vendor && r.vendorId !== f.vendor) return false;
  if (f.q) {
    const ref = parseContractRef(f.q);
    const byRef = ref !== undefined && ref.id === r.id && (!ref.year || ref.year === r.signedOn.slice(0, 4));
    const q = f.q.toLowerCase();
    const named = [r.description, r.vendor, r.unit].some((x) => x.toLowerCase().includes(q));
    if (!byRef && !named) return false;
  }
  return true;
}

/** Adds `n` contracts to unit A or B (new ids, spread like the others), as signing would. */
async function insertContracts(n: number, inA: boolean) {
  if (n === 0) return;
  clones += 1;
  const [top] = await h.sql<{ id: number }[]>`select max(id)::int as id from contracts`;
  await cloneContracts(h.sql, inA ? templateA : templateB, n, `p${clones}`);
  await spread(inA ? unitA : unitB, clones, top!.id);
}

/** Unit A, unit B (outside the reader's scope: nothing of it may show) or a unit that does not exist. */
const unitArb = fc.constantFrom(0, 1, 2).map((i) => [() => unitA, () => unitB, () => 2 ** 40][i]!());
/** Unit A's seeded vendor, unit B's, or one that does not exist. */
const vendorArb = fc.constantFrom(0, 1, 2).map((i) => [() => vendorA, () => vendorB, () => 2 ** 40][i]!());
const filterArb = fc.record(
  {
    status: fc.constantFrom(...TERM_STATUSES),
    year: fc.constantFrom(2025, 2026),
    unit: unitArb,
    vendor: vendorArb,
    q: fc.constantFrom(
      '甲保洁服务1',
      '保洁',
      '批量供应商',
      '%',
      '甲保洁有限',
      'HT-2026-0003',
      '#7',
      'zzz',
      '翻页甲',
    ),
  },
  { requiredKeys: [] },
);

it("pages forward while contracts are added: none twice, none of the first page's set skipped, all matching", async () => {
  await fc.assert(
    fc.asyncProperty(
      filterArb,
      fc.integer({ min: 6, max: 20 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.boolean()), { minLength: 1, maxLength: 6 }),
      async (filter, size, inserts) => {
        const f = filter as ContractFilter;
        const before = (await allRows()).filter((r) => matches(r, f)).map((r) => r.id);
        const seen: number[] = [];
        let cursor: Cursor = {};
        let first = true;
        for (let i = 0; i < 200; i++) {
          const page = await contractPage(h.db, reader, { today: TODAY, filter: f, cursor, size });
          if (first) expect(page.total).toBe(before.length);
          first = false;
          expect(page.rows.length).toBeLessThanOrEqual(size);
          seen.push(...page.rows.map((r) => r.id));
          if (page.older === undefined) break;
          cursor = { after: page.older };
          const step = inserts[i];
          if (step) await insertContracts(step[0], step[1]);
        }
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen).toEqual([...seen].sort((x, y) => y - x));
        const now = new Map((await allRows()).map((r) => [r.id, r]));
        for (const id of seen) expect(matches(now.get(id)!, f), `contract ${id} matches`).toBe(true);
        for (const id of before) expect(seen, `contract ${id} present at page 1`).toContain(id);
      },
    ),
    { numRuns: 10, seed: 20261207 },
  );
}, 240_000);

it('pages back (上一页) to page 1 over the same rows', async () => {
  const f: ContractFilter = { year: 2026 };
  const forward: number[][] = [];
  let page = await contractPage(h.db, reader, { today: TODAY, filter: f, cursor: {}, size: 7 });
  forward.push(page.rows.map((r) => r.id));
  expect(page.newer).toBeUndefined();
  while (page.older !== undefined) {
    page = await contractPage(h.db, reader, {
      today: TODAY,
      filter: f,
      cursor: { after: page.older },
      size: 7,
    });
    forward.push(page.rows.map((r) => r.id));
    expect(page.newer).toBe(page.rows[0]!.id);
  }
  const back: number[][] = [];
  while (page.newer !== undefined) {
    page = await contractPage(h.db, reader, {
      today: TODAY,
      filter: f,
      cursor: { before: page.newer },
      size: 7,
    });
    back.unshift(page.rows.map((r) => r.id));
  }
  // Backwards the pages end where page 1 begins; their rows, in order, are the forward rows.
  expect(back.flat()).toEqual(forward.slice(0, -1).flat());
  expect(back[0]![0]).toBe(forward[0]![0]);
});

it('filters combine: the count and the rows are those all the parts select', async () => {
  const rows = await allRows();
  for (const f of [
    { status: 'running', year: 2026 },
    { status: 'terminated', q: '甲保洁服务' },
    { status: 'expired', year: 2025, q: '服务2' },
    { unit: unitA, vendor: vendorA, status: 'running' },
    { unit: unitB },
    { vendor: vendorB, q: '乙' },
    { q: '翻页甲单位', year: 2026 },
    { q: contractNumber(rows.find((r) => r.unitId === unitA)!) },
    { q: contractNumber(rows.find((r) => r.unitId === unitB)!) },
  ] as ContractFilter[]) {
    const want = rows
      .filter((r) => matches(r, f))
      .map((r) => r.id)
      .sort((x, y) => y - x);
    const page = await contractPage(h.db, reader, { today: TODAY, filter: f, cursor: {}, size: 100_000 });
    expect(page.total, JSON.stringify(f)).toBe(want.length);
    expect(
      page.rows.map((r) => r.id),
      JSON.stringify(f),
    ).toEqual(want);
  }
  // Each single part narrows, so the combinations above are tested against something.
  expect(rows.filter((r) => matches(r, { status: 'running', year: 2026 })).length).toBeGreaterThan(0);
  expect(
    rows.filter((r) => matches(r, { unit: unitA, vendor: vendorA, status: 'running' })).length,
  ).toBeGreaterThan(0);
  expect(rows.filter((r) => matches(r, { q: '翻页甲单位', year: 2026 })).length).toBeGreaterThan(0);
});

it("the card pages with 上一页 / 下一页, always shows the count, and a forged cursor shows only the clicker's own", async () => {
  const zheng = h.person('郑毅');
  const menu = await askMenu(h.sb, zheng);
  const card1 = JSON.stringify((await h.sb.click(zheng, menu.messageId, { a: 'contract.list' })).card);
  const total = Number(/合同共 (\d+) 份,本页 20 份/.exec(card1)?.[1]);
  expect(total).toBeGreaterThan(100);
  expect(card1).not.toContain('上一页');
  const after = Number(/"a":"contract.list","after":(\d+)/.exec(card1)?.[1]);
  const card2 = JSON.stringify((await h.sb.click(zheng, menu.messageId, { a: 'contract.list', after })).card);
  expect(card2).toContain('上一页');
  expect(card2).toContain(`合同共 ${total} 份`);
  // 筛选 opens the filter card; filtered through its form, then 下一页 keeps the filter.
  const filterCard = JSON.stringify(
    (await h.sb.click(zheng, menu.messageId, { a: 'contract.list', edit: true })).card,
  );
  expect(filterCard).toContain('筛选合同管理');
  expect(filterCard).toContain('"name":"list_unit"');
  expect(filterCard).toContain('翻页甲单位');
  const filtered = JSON.stringify(
    (await h.sb.click(zheng, menu.messageId, 'filter_submit', { list_year: '2025', list_q: '甲保洁' })).card,
  );
  const want = (await allRows()).filter((r) => matches(r, { year: 2025, q: '甲保洁' })).length;
  expect(filtered).toContain(`符合条件的合同共 ${want} 份`);
  expect(filtered).toMatch(/"a":"contract.list","after":\d+,"year":2025,"q":"甲保洁"/);
  // The unit-A filer sends a page button made for no card of his: unit B never appears.
  h.sb.addUser({ openId: 'ou_page_reader', name: '翻页经办人' });
  const own = await askMenu(h.sb, 'ou_page_reader');
  const forged = JSON.stringify(
    (await forgeCardCallback(h, 'ou_page_reader', own.messageId, { a: 'contract.list', after: 2 ** 30 }, {}))
      .card,
  );
  expect(forged).toContain('翻页甲单位');
  expect(forged).not.toContain('翻页乙单位');
  // A search by another unit's contract number finds nothing for him, and says so.
  const [one] = await h.db.select().from(contracts).where(dsql`${contracts.unitId} = ${unitB}`).limit(1);
  const none = JSON.stringify(
    (
      await forgeCardCallback(
        h,
        'ou_page_reader',
        own.messageId,
        { a: 'contract.list', q: contractNumber(one!) },
        {},
      )
    ).card,
  );
  expect(none).toContain('没有符合筛选条件的合同');
  expect(none).toContain('符合条件的合同共 0 份');
  // A status no select offers is refused by name.
  const bad = await forgeCardCallback(
    h,
    zheng,
    menu.messageId,
    { a: 'contract.list' },
    { list_status: 'lost' },
  );
  expect(bad.toast?.content).toContain('合同状态');
}, 60_000);

it("结算审核 pages and filters the same way, within the settlement readers' scope", async () => {
  const zheng = h.person('郑毅');
  const menu = await askMenu(h.sb, zheng);
  const card1 = JSON.stringify((await h.sb.click(zheng, menu.messageId, { a: 'settlement.list' })).card);
  const total = Number(/合同共 (\d+) 份,本页 20 份/.exec(card1)?.[1]);
  expect(total).toBeGreaterThan(100);
  const after = Number(/"a":"settlement.list","after":(\d+)/.exec(card1)?.[1]);
  const card2 = JSON.stringify(
    (await h.sb.click(zheng, menu.messageId, { a: 'settlement.list', after })).card,
  );
  expect(card2).toContain('上一页');
  expect(card2).toContain(`合同共 ${total} 份`);
  const ids2 = [...card2.matchAll(/"a":"settlement.show","contract":(\d+)/g)].map((m) => Number(m[1]));
  expect(ids2.length).toBeGreaterThan(0);
  expect(Math.max(...ids2)).toBeLessThan(after);
  await h.sb.click(zheng, menu.messageId, { a: 'settlement.list', edit: true });
  const filtered = JSON.stringify(
    (await h.sb.click(zheng, menu.messageId, 'filter_submit', { list_status: 'terminated' })).card,
  );
  const want = (await allRows()).filter((r) => contractStatusOf(r, TODAY) === 'terminated').length;
  expect(filtered).toContain(`符合条件的合同共 ${want} 份`);
  // The unit-A filer reads no settlement: a page button sent by him lists nothing.
  h.sb.addUser({ openId: 'ou_page_reader', name: '翻页经办人' });
  const own = await askMenu(h.sb, 'ou_page_reader');
  const forged = JSON.stringify(
    (
      await forgeCardCallback(
        h,
        'ou_page_reader',
        own.messageId,
        { a: 'settlement.list', after: 2 ** 30 },
        {},
      )
    ).card ?? null,
  );
  expect(forged).not.toContain('settlement.show');
}, 60_000);

it('专项督查 pages and filters the same way, 12 a page', async () => {
  const zheng = h.person('郑毅');
  const menu = await askMenu(h.sb, zheng);
  const card1 = JSON.stringify((await h.sb.click(zheng, menu.messageId, { a: 'inspection.list' })).card);
  const total = Number(/合同共 (\d+) 份,本页 12 份/.exec(card1)?.[1]);
  expect(total).toBeGreaterThan(100);
  const after = Number(/"a":"inspection.list","after":(\d+)/.exec(card1)?.[1]);
  const card2 = JSON.stringify(
    (await h.sb.click(zheng, menu.messageId, { a: 'inspection.list', after })).card,
  );
  expect(card2).toContain('上一页');
  expect(card2).toContain(`合同共 ${total} 份`);
  const ids = [...card2.matchAll(/"a":"rectification.report","contract":(\d+)/g)].map((m) => Number(m[1]));
  expect(ids).toHaveLength(12);
  expect(Math.max(...ids)).toBeLessThan(after);
  await h.sb.click(zheng, menu.messageId, { a: 'inspection.list', edit: true });
  const filtered = JSON.stringify(
    (await h.sb.click(zheng, menu.messageId, 'filter_submit', { list_year: '2025', list_status: 'expired' }))
      .card,
  );
  const want = (await allRows()).filter(
    (r) => r.signedOn.startsWith('2025') && contractStatusOf(r, TODAY) === 'expired',
  ).length;
  expect(filtered).toContain(`符合条件的合同共 ${want} 份`);
}, 60_000);
