/**
 * Lists at real size (issue 25, point 2): 采购与合同 and 我的申请 page by keyset (上一页 / 下一页)
 * and filter by status, filing year, unit (采购与合同) and a search, combined. A property test pages
 * through while requests are added between pages: no request twice, none of those present at the
 * first page skipped, and every one shown matches the filter and the reader's scope. The cards page
 * the same way through the real pipeline, and a page button of another filer shows only the
 * clicker's own.
 */
import { sql as dsql, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedAssessedContracts } from '../../bench/seed-contracts';
import { cloneContracts } from '../../bench/threshold';
import {
  budgetLines,
  contracts,
  people,
  procurements,
  purchaseRequests,
  roleGrants,
  units,
  vendors,
} from '../../src/db/schema';
import type { Actor } from '../../src/domain/actor';
import type { RequestStatus } from '../../src/domain/approval-route';
import { shanghaiDate } from '../../src/domain/business-date';
import { contractNumber } from '../../src/domain/contract-format';
import type { Cursor } from '../../src/domain/list-page';
import {
  PROGRESS,
  type Progress,
  parseRequestRef,
  REQUEST_STATUSES,
  type RequestFilter,
} from '../../src/domain/request-list-filter';
import { procurementPage } from '../../src/features/procurement/list';
import { myRequests } from '../../src/features/purchase/mine';
import { askMenu, forgeCardCallback } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

const TODAY = '2026-12-07';
let h: Harness;
let unitA: number;
let unitB: number;
let reader: Actor;
let other: Actor;
let lineA: number;
let lineB: number;
let templateA: number;
let templateB: number;
let vendorA: number;
let vendorB: number;
let procTemplate: number;
let batches = 0;

/**
 * Deterministic filing times (one of them 2026-01-01 01:00 in Shanghai, still 2025 in UTC) and
 * filers (one in five is the reader's) of every request above `aboveId`.
 */
async function spread(aboveId: number) {
  await h.sql`
    update purchase_requests set
      created_at = (array['2025-06-01T02:00:00Z', '2025-12-31T17:00:00Z', '2026-11-02T03:00:00Z']::timestamptz[])[1 + (id * 5 + 1) % 3],
      filer_id = case when id % 5 = 0 then ${reader.personId} else filer_id end
    where id > ${aboveId}`;
}

/**
 * `n` requests of `unitId` filed by `filerId`, in every status; half the approved ones with a
 * procurement (of vendor A or B), the rest still to procure.
 */
async function addRequests(n: number, inA: boolean, filerId: number) {
  if (n === 0) return;
  batches += 1;
  const [top] = await h.sql<{ id: number }[]>`select coalesce(max(id), 0)::int as id from purchase_requests`;
  const template = inA ? templateA : templateB;
  await h.sql`
    insert into purchase_requests (unit_id, budget_line_id, category, description, why_outsource, suppliers_asked,
      price_low_fen, price_high_fen, amount_fen, method, filer_id, leader_id, department_id, policy_version, status)
    select ${inA ? unitA : unitB}, ${inA ? lineA : lineB}, t.category,
      (array['楼宇保洁服务', '门岗安保服务', '绿化养护'])[1 + (i + ${batches}) % 3] || ${batches} || '-' || i,
      t.why_outsource, t.suppliers_asked, t.price_low_fen, t.price_high_fen, t.amount_fen, t.method, ${filerId},
      t.leader_id, t.department_id, t.policy_version,
      (array['approved', 'approved', 'pending', 'rejected', 'withdrawn'])[1 + (i * 7 + ${batches}) % 5]
    from purchase_requests t, generate_series(1, ${n}::int) i
    where t.id = (select request_id from contracts where id = ${template})`;
  await h.sql`
    insert into procurements (request_id, method, platform, reference_no, bidders, award_date, vendor_id,
      awarded_fen, policy_version, recorded_by)
    select r.id, o.method, o.platform, 'rl-' || r.id, o.bidders, o.award_date,
      case when r.id % 4 = 0 then ${vendorA}::bigint else ${vendorB}::bigint end, o.awarded_fen, o.policy_version,
      o.recorded_by
    from purchase_requests r, procurements o
    where o.id = ${procTemplate} and r.id > ${top!.id} and r.status = 'approved' and r.id % 2 = 0`;
  await spread(top!.id);
}

/** Signed requests (request, procurement and contract), as signing would leave them. */
async function addSigned(n: number, inA: boolean) {
  if (n === 0) return;
  batches += 1;
  const [top] = await h.sql<{ id: number }[]>`select max(id)::int as id from purchase_requests`;
  await cloneContracts(h.sql, inA ? templateA : templateB, n, `rl${batches}`);
  await spread(top!.id);
}

beforeAll(async () => {
  h = await startHarness({ now: `${TODAY}T10:00:00+08:00` });
  const a = await seedAssessedContracts(h.db, {
    unit: { code: 'req_a', name: '申请甲单位' },
    vendor: { name: '甲保洁有限公司', usccSeed: 9201 },
    tag: '甲',
    assessors: [{ openId: 'ou_req_a', name: '申请甲考核人' }],
    contracts: 40,
    assessorsOf: () => [0],
  });
  const b = await seedAssessedContracts(h.db, {
    unit: { code: 'req_b', name: '申请乙单位' },
    vendor: { name: '乙物业有限公司', usccSeed: 9202 },
    tag: '乙',
    assessors: [{ openId: 'ou_req_b', name: '申请乙考核人' }],
    contracts: 15,
    assessorsOf: () => [0],
  });
  unitA = a.unitId;
  unitB = b.unitId;
  templateA = a.contractIds[0]!;
  templateB = b.contractIds[0]!;
  const one = async (q: Promise<{ id: number }[]>) => (await q)[0]!.id;
  lineA = await one(
    h.db.select({ id: budgetLines.id }).from(budgetLines).where(eq(budgetLines.unitId, unitA)),
  );
  lineB = await one(
    h.db.select({ id: budgetLines.id }).from(budgetLines).where(eq(budgetLines.unitId, unitB)),
  );
  vendorA = await one(
    h.db.select({ id: vendors.id }).from(vendors).where(eq(vendors.name, '甲保洁有限公司')),
  );
  vendorB = await one(
    h.db.select({ id: vendors.id }).from(vendors).where(eq(vendors.name, '乙物业有限公司')),
  );
  procTemplate = await one(
    h.db.select({ id: contracts.procurementId }).from(contracts).where(eq(contracts.id, templateA)),
  );
  // A filer of unit A only, and a filer of unit B only.
  const [r, o] = await h.db
    .insert(people)
    .values([
      { openId: 'ou_req_reader', name: '申请甲经办人', unitId: unitA },
      { openId: 'ou_req_other', name: '申请乙经办人', unitId: unitB },
    ])
    .returning();
  await h.db.insert(roleGrants).values([
    { personId: r!.id, role: 'filer', unitId: unitA, grantedBy: 'test' },
    { personId: o!.id, role: 'filer', unitId: unitB, grantedBy: 'test' },
  ]);
  const actor = (p: typeof r, unitId: number, scope: string): Actor => ({
    personId: p!.id,
    openId: p!.openId,
    name: p!.name,
    unitId,
    grants: [{ id: 0, role: 'filer', unitId, scope }],
  });
  reader = actor(r, unitA, '申请甲单位');
  other = actor(o, unitB, '申请乙单位');
  await spread(0);
  await addRequests(40, true, reader.personId);
  await addRequests(30, true, a.staff[0]!.id);
  await addRequests(25, false, other.personId);
  await addRequests(10, false, reader.personId);
}, 120_000);
afterAll(() => h.stop());

/** Everything the oracle needs of a request, read straight from the tables. */
async function allRows() {
  const rows = await h.db
    .select({
      id: purchaseRequests.id,
      unitId: purchaseRequests.unitId,
      unit: units.name,
      filerId: purchaseRequests.filerId,
      status: purchaseRequests.status,
      createdAt: purchaseRequests.createdAt,
      description: purchaseRequests.description,
      procurementId: procurements.id,
      vendor: vendors.name,
      contractId: contracts.id,
      signedOn: contracts.signedOn,
    })
    .from(purchaseRequests)
    .innerJoin(units, eq(units.id, purchaseRequests.unitId))
    .leftJoin(procurements, eq(procurements.requestId, purchaseRequests.id))
    .leftJoin(vendors, eq(vendors.id, procurements.vendorId))
    .leftJoin(contracts, eq(contracts.procurementId, procurements.id));
  return rows.map((r) => ({ ...r, year: Number(shanghaiDate(r.createdAt).slice(0, 4)) }));
}
type Row = Awaited<ReturnType<typeof allRows>>[number];

/** Year and search as the rules say them, in memory: the independent oracle the SQL is checked against. */
function common(r: Row, f: RequestFilter<string>): boolean {
  if (f.year && r.year !== f.year) return false;
  if (f.unit && r.unitId !== f.unit) return false;
  if (f.q) {
    const ref = parseRequestRef(f.q);
    const byRef =
      ref !== undefined &&
      ('request' in ref
        ? ref.request === r.id
        : ref.contract === r.contractId && r.signedOn?.slice(0, 4) === ref.year);
    const q = f.q.toLowerCase();
    const texts = [r.description, r.unit, r.vendor ?? ''].map((t) => t.toLowerCase());
    if (!byRef && !texts.some((t) => t.includes(q))) return false;
  }
  return true;
}

const progressOf = (r: Row): Progress =>
  r.procurementId === null ? 'to_procure' : r.contractId === null ? 'to_sign' : 'signed';

/** 采购与合同 for the unit-A filer: approved, of unit A or filed by him, and the filter. */
function procurementMatches(r: Row, f: RequestFilter<Progress>) {
  if (r.status !== 'approved') return false;
  if (r.unitId !== unitA && r.filerId !== reader.personId) return false;
  if (f.status && progressOf(r) !== f.status) return false;
  return common(r, f);
}

/** 我的申请 of the unit-A filer: his own, and the filter. */
function mineMatches(r: Row, f: RequestFilter<RequestStatus>) {
  if (r.filerId !== reader.personId) return false;
  if (f.status && r.status !== f.status) return false;
  return common(r, f);
}

const qArb = fc.constantFrom(
  '保洁',
  '安保服务1',
  '乙物业',
  '申请乙',
  '甲保洁服务1',
  '%',
  '#7',
  'HT-2026-0003',
  'zzz',
);
/** Each part of a filter set half of the time (fc.record alone sets most of them most of the time). */
const part = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
const procurementFilterArb = fc
  .record({
    status: part(fc.constantFrom(...PROGRESS)),
    year: part(fc.constantFrom(2025, 2026)),
    inA: part(fc.constant(true)),
    q: part(qArb),
  })
  .map(defined);
const mineFilterArb = fc
  .record({
    status: part(fc.constantFrom(...REQUEST_STATUSES)),
    year: part(fc.constantFrom(2025, 2026)),
    q: part(qArb),
  })
  .map(defined);
const insertsArb = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 4 }), fc.boolean(), fc.constantFrom('requests', 'mine', 'signed')),
  { minLength: 1, maxLength: 6 },
);

/** Adds rows of one kind between two pages. */
async function insert([n, inA, kind]: [number, boolean, string]) {
  if (kind === 'signed') await addSigned(n, inA);
  else await addRequests(n, inA, kind === 'mine' ? reader.personId : other.personId);
}

/** Pages forward from page 1 with `page`, adding rows between pages; checks the property. */
async function pageThrough(
  matches: (r: Row) => boolean,
  page: (c: Cursor) => Promise<{ ids: number[]; total: number; older?: number | undefined }>,
  size: number,
  inserts: [number, boolean, string][],
) {
  const before = (await allRows()).filter(matches).map((r) => r.id);
  const seen: number[] = [];
  let cursor: Cursor = {};
  for (let i = 0; i < 200; i++) {
    const p = await page(cursor);
    if (i === 0) expect(p.total).toBe(before.length);
    expect(p.ids.length).toBeLessThanOrEqual(size);
    seen.push(...p.ids);
    if (p.older === undefined) break;
    cursor = { after: p.older };
    const step = inserts[i];
    if (step) await insert(step);
  }
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen).toEqual([...seen].sort((x, y) => y - x));
  const now = new Map((await allRows()).map((r) => [r.id, r]));
  for (const id of seen) expect(matches(now.get(id)!), `request ${id} matches`).toBe(true);
  for (const id of before) expect(seen, `request ${id} present at page 1`).toContain(id);
}

it("采购与合同 pages forward while requests are added: none twice, none of the first page's set skipped, all matching and in scope", async () => {
  await fc.assert(
    fc.asyncProperty(
      procurementFilterArb,
      fc.integer({ min: 5, max: 20 }),
      insertsArb,
      async (raw, size, ins) => {
        const { inA, ...rest } = raw;
        const f = { ...rest, ...(inA ? { unit: unitA } : {}) } as RequestFilter<Progress>;
        await pageThrough(
          (r) => procurementMatches(r, f),
          async (c) => {
            const p = await procurementPage(h.db, reader, { today: TODAY, filter: f, cursor: c, size });
            return { ids: p.rows.map((r) => r.id), total: p.total, older: p.older };
          },
          size,
          ins,
        );
      },
    ),
    { numRuns: 16, seed: 20261207 },
  );
}, 240_000);

it("我的申请 pages forward while requests are added: only the reader's own, none twice, none skipped", async () => {
  await fc.assert(
    fc.asyncProperty(mineFilterArb, fc.integer({ min: 5, max: 20 }), insertsArb, async (raw, size, ins) => {
      const f = raw as RequestFilter<RequestStatus>;
      await pageThrough(
        (r) => mineMatches(r, f),
        async (c) => {
          const { requests, page } = await myRequests(h.db, reader, { filter: f, cursor: c, size });
          return { ids: requests.map((r) => r.id), total: page.total, older: page.older };
        },
        size,
        ins,
      );
    }),
    { numRuns: 16, seed: 20261208 },
  );
}, 240_000);

it('pages back (上一页) to page 1 over the same rows, in both lists', async () => {
  const lists = [
    (c: Cursor) =>
      procurementPage(h.db, reader, { today: TODAY, filter: { year: 2026 }, cursor: c, size: 7 }).then(
        (p) => ({
          ...p,
          ids: p.rows.map((r) => r.id),
        }),
      ),
    (c: Cursor) =>
      myRequests(h.db, reader, { filter: { year: 2026 }, cursor: c, size: 7 }).then((x) => ({
        ...x.page,
        ids: x.requests.map((r) => r.id),
      })),
  ];
  for (const list of lists) {
    const forward: number[][] = [];
    let page = await list({});
    forward.push(page.ids);
    expect(page.newer).toBeUndefined();
    while (page.older !== undefined) {
      page = await list({ after: page.older });
      forward.push(page.ids);
      expect(page.newer).toBe(page.ids[0]);
    }
    expect(forward.length).toBeGreaterThan(2);
    const back: number[][] = [];
    while (page.newer !== undefined) {
      page = await list({ before: page.newer });
      back.unshift(page.ids);
    }
    expect(back.flat()).toEqual(forward.slice(0, -1).flat());
  }
});

it('filters combine: the count and the rows are those all the parts select; the scope holds', async () => {
  const rows = await allRows();
  const signedA = rows.find((r) => r.unitId === unitA && r.contractId !== null)!;
  const signedB = rows.find(
    (r) => r.unitId === unitB && r.contractId !== null && r.filerId !== reader.personId,
  )!;
  const number = (r: Row) => contractNumber({ id: r.contractId!, signedOn: r.signedOn! });
  for (const f of [
    { status: 'to_sign', year: 2026 },
    { status: 'to_procure', unit: unitA, q: '保洁' },
    { status: 'signed', year: 2025, q: '甲' },
    { q: '乙物业' },
    { q: '申请乙单位' },
    { q: number(signedA) },
    { q: number(signedB) },
    { q: `#${signedB.id}` },
  ] as RequestFilter<Progress>[]) {
    const want = rows
      .filter((r) => procurementMatches(r, f))
      .map((r) => r.id)
      .sort((x, y) => y - x);
    const page = await procurementPage(h.db, reader, { today: TODAY, filter: f, cursor: {}, size: 100_000 });
    expect(page.total, JSON.stringify(f)).toBe(want.length);
    expect(
      page.rows.map((r) => r.id),
      JSON.stringify(f),
    ).toEqual(want);
  }
  // Another unit's contract and request are found by nobody outside it (and his own ones in B are).
  expect(rows.filter((r) => procurementMatches(r, { q: number(signedA) }))).toHaveLength(1);
  expect(rows.filter((r) => procurementMatches(r, { q: number(signedB) }))).toHaveLength(0);
  expect(rows.filter((r) => procurementMatches(r, { q: '申请乙单位' })).length).toBeGreaterThan(0);
  expect(rows.filter((r) => procurementMatches(r, { status: 'to_sign', year: 2026 })).length).toBeGreaterThan(
    0,
  );
  for (const f of [
    { status: 'pending', year: 2026 },
    { status: 'withdrawn', q: '安保' },
    { status: 'approved', year: 2025, q: '乙物业' },
  ] as RequestFilter<RequestStatus>[]) {
    const want = rows
      .filter((r) => mineMatches(r, f))
      .map((r) => r.id)
      .sort((x, y) => y - x);
    const { requests, page } = await myRequests(h.db, reader, { filter: f, cursor: {}, size: 100_000 });
    expect(page.total, JSON.stringify(f)).toBe(want.length);
    expect(
      requests.map((r) => r.id),
      JSON.stringify(f),
    ).toEqual(want);
    expect(want.length, JSON.stringify(f)).toBeGreaterThan(0);
  }
  // A unit the reader does not file for is refused, by name.
  await expect(
    procurementPage(h.db, reader, { today: TODAY, filter: { unit: unitB }, cursor: {} }),
  ).rejects.toThrow('不在您的经办范围');
}, 60_000);

it('a zone-wide filer reads every unit and may narrow to any of them', async () => {
  const zone: Actor = { ...reader, grants: [{ id: 0, role: 'filer', unitId: null, scope: '全区' }] };
  const rows = (await allRows()).filter((r) => r.status === 'approved');
  const all = await procurementPage(h.db, zone, { today: TODAY, filter: {}, cursor: {}, size: 100_000 });
  expect(all.total).toBe(rows.length);
  expect(all.rows.every((r) => r.mayRecord)).toBe(true);
  const onlyB = await procurementPage(h.db, zone, {
    today: TODAY,
    filter: { unit: unitB },
    cursor: {},
    size: 100_000,
  });
  expect(onlyB.rows.map((r) => r.id)).toEqual(
    rows
      .filter((r) => r.unitId === unitB)
      .map((r) => r.id)
      .sort((x, y) => y - x),
  );
  expect(all.units.map((u) => u.id)).toEqual(expect.arrayContaining([unitA, unitB]));
  // The unit-A filer sees unit B's requests he filed himself, but may not record for them.
  const own = await procurementPage(h.db, reader, {
    today: TODAY,
    filter: { q: '申请乙单位' },
    cursor: {},
    size: 100_000,
  });
  expect(own.rows.length).toBeGreaterThan(0);
  expect(own.rows.every((r) => !r.mayRecord)).toBe(true);
  expect(own.units.map((u) => u.id)).toEqual([unitA]);
});

it('采购与合同 card: 下一页, the filter form, and a forged page button scoped to the clicker', async () => {
  for (const u of [reader, other]) h.sb.addUser({ openId: u.openId, name: u.name });
  const menu = await askMenu(h.sb, reader.openId);
  const card1 = JSON.stringify(
    (await h.sb.click(reader.openId, menu.messageId, { a: 'procurement.list' })).card,
  );
  const total = Number(/申请共 (\d+) 条,本页 20 条/.exec(card1)?.[1]);
  expect(total).toBe((await allRows()).filter((r) => procurementMatches(r, {})).length);
  expect(card1).not.toContain('上一页');
  const after = Number(/"a":"procurement.list","after":(\d+)/.exec(card1)?.[1]);
  const card2 = JSON.stringify(
    (await h.sb.click(reader.openId, menu.messageId, { a: 'procurement.list', after })).card,
  );
  expect(card2).toContain('上一页');
  expect(card2).toContain(`申请共 ${total} 条`);
  const ids2 = [...card2.matchAll(/\*\*#(\d+)\*\*/g)].map((m) => Number(m[1]));
  expect(ids2.length).toBeGreaterThan(0);
  expect(Math.max(...ids2)).toBeLessThan(after);
  // The filter form, then 下一页 keeps the filter.
  const filtered = JSON.stringify(
    (
      await h.sb.click(reader.openId, menu.messageId, 'filter_submit', {
        req_status: 'to_procure',
        req_year: '2026',
      })
    ).card,
  );
  const want = (await allRows()).filter((r) =>
    procurementMatches(r, { status: 'to_procure', year: 2026 }),
  ).length;
  expect(want).toBeGreaterThan(0);
  expect(filtered).toContain(`符合条件的申请共 ${want} 条`);
  expect(filtered).toContain('清除筛选');
  if (want > 20)
    expect(filtered).toMatch(/"a":"procurement.list","after":\d+,"status":"to_procure","year":2026/);
  // The unit-B filer sends a page button of the unit-A filer's card: no unit-A request of the
  // reader's scope appears, only what he may see.
  const own = await askMenu(h.sb, other.openId);
  const forged = JSON.stringify(
    (await forgeCardCallback(h, other.openId, own.messageId, { a: 'procurement.list', after: 2 ** 30 }, {}))
      .card,
  );
  const shown = [...forged.matchAll(/\*\*#(\d+)\*\*/g)].map((m) => Number(m[1]));
  const byId = new Map((await allRows()).map((r) => [r.id, r]));
  expect(shown.length).toBeGreaterThan(0);
  for (const id of shown) {
    const r = byId.get(id)!;
    expect(r.unitId === unitB || r.filerId === other.personId, `request ${id}`).toBe(true);
  }
  // A unit he does not file for, forged into a page button or the form, is refused by name.
  const bad = await forgeCardCallback(
    h,
    other.openId,
    own.messageId,
    { a: 'procurement.list', unit: unitA },
    {},
  );
  expect(bad.toast?.content).toContain('不在您的经办范围');
  expect(bad.card).toBeUndefined();
  const badForm = await forgeCardCallback(
    h,
    other.openId,
    own.messageId,
    { a: 'procurement.list' },
    { req_unit: String(unitA) },
  );
  expect(badForm.toast?.content).toContain('不在您的经办范围');
  const badStatus = await forgeCardCallback(
    h,
    other.openId,
    own.messageId,
    { a: 'procurement.list' },
    { req_status: 'pending' },
  );
  expect(badStatus.toast?.content).toContain('状态');
}, 60_000);

it("我的申请 card: 下一页, the filter form, and a forged page button shows only the clicker's own", async () => {
  for (const u of [reader, other]) h.sb.addUser({ openId: u.openId, name: u.name });
  const menu = await askMenu(h.sb, reader.openId);
  const card1 = JSON.stringify(
    (await h.sb.click(reader.openId, menu.messageId, { a: 'purchase.mine' })).card,
  );
  const total = Number(/申请共 (\d+) 条,本页 20 条/.exec(card1)?.[1]);
  expect(total).toBe((await allRows()).filter((r) => mineMatches(r, {})).length);
  const after = Number(/"a":"purchase.mine","after":(\d+)/.exec(card1)?.[1]);
  const card2 = JSON.stringify(
    (await h.sb.click(reader.openId, menu.messageId, { a: 'purchase.mine', after })).card,
  );
  expect(card2).toContain('上一页');
  const ids2 = [...card2.matchAll(/"a":"purchase.request","request":(\d+)/g)].map((m) => Number(m[1]));
  expect(ids2).toHaveLength(20);
  expect(Math.max(...ids2)).toBeLessThan(after);
  const filtered = JSON.stringify(
    (
      await h.sb.click(reader.openId, menu.messageId, 'filter_submit', {
        req_status: 'rejected',
        req_q: '保洁',
      })
    ).card,
  );
  const want = (await allRows()).filter((r) => mineMatches(r, { status: 'rejected', q: '保洁' })).length;
  expect(want).toBeGreaterThan(0);
  expect(filtered).toContain(`符合条件的申请共 ${want} 条`);
  // The unit-B filer sends the reader's page button: only his own requests.
  const own = await askMenu(h.sb, other.openId);
  const forged = JSON.stringify(
    (
      await forgeCardCallback(
        h,
        other.openId,
        own.messageId,
        { a: 'purchase.mine', after: 2 ** 30, status: 'approved' },
        {},
      )
    ).card,
  );
  const shown = [...forged.matchAll(/"a":"purchase.request","request":(\d+)/g)].map((m) => Number(m[1]));
  const byId = new Map((await allRows()).map((r) => [r.id, r]));
  expect(shown.length).toBeGreaterThan(0);
  for (const id of shown) expect(byId.get(id)!.filerId).toBe(other.personId);
  const wantOther = [...byId.values()].filter((r) => r.filerId === other.personId && r.status === 'approved');
  expect(forged).toContain(`符合条件的申请共 ${wantOther.length} 条`);
  // A unit is no part of 我的申请's value: a forged one is refused by the value schema.
  const bad = await forgeCardCallback(
    h,
    other.openId,
    own.messageId,
    { a: 'purchase.mine', unit: unitA },
    {},
  );
  expect(bad.card).toBeUndefined();
  expect(bad.toast?.content).toContain('卡片已过期');
}, 60_000);

it('the test data holds what the properties need', async () => {
  const rows = await allRows();
  const mine = rows.filter((r) => r.filerId === reader.personId);
  for (const s of REQUEST_STATUSES)
    expect(
      mine.some((r) => r.status === s),
      s,
    ).toBe(true);
  const procurable = rows.filter((r) => procurementMatches(r, {}));
  for (const p of PROGRESS)
    expect(
      procurable.some((r) => progressOf(r) === p),
      p,
    ).toBe(true);
  expect(procurable.some((r) => r.unitId === unitB)).toBe(true);
  // The filing year is Shanghai's: a request filed at 2025-12-31T17:00Z is of 2026.
  const edge = rows.find((r) => r.createdAt.toISOString() === '2025-12-31T17:00:00.000Z')!;
  expect(edge.year).toBe(2026);
  const [row] = await h.db
    .select({ n: dsql<number>`count(*)::int` })
    .from(purchaseRequests)
    .where(dsql`extract(year from ${purchaseRequests.createdAt} at time zone 'Asia/Shanghai') = 2026`);
  expect(row!.n).toBe(rows.filter((r) => r.year === 2026).length);
});
