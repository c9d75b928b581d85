import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cloneContracts } from '../../bench/threshold';
import { purchaseRequests } from '../../src/db/schema';
import { actorByOpenId } from '../../src/db/sql/actor';
import { contractNumber } from '../../src/domain/contract-format';
import { judgeEndedYears, runYearEnd } from '../../src/features/bans/year-end';
import { recordProcurement } from '../../src/features/procurement/record';
import { OutboxWriter } from '../../src/outbox/write';
import { createContract, requestInDb } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';
import { REDIS_URL } from '../helpers/redis';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

async function personId(name: string) {
  const [row] = await h.sql`select id from people where open_id = ${h.person(name)}`;
  return Number(row!.id);
}

/** A current score; `corrected` first writes the superseded original, as a correction leaves it. */
async function score(contractId: number, month: string, tenths: number, corrected?: number) {
  const by = await personId('张伟');
  let supersedes: number | null = null;
  if (corrected !== undefined) {
    const [old] = await h.sql`
      insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by, current)
      values (${contractId}, ${month}, '[]', ${corrected}, ${corrected}, ${corrected}, ${by}, false) returning id`;
    supersedes = Number(old!.id);
  }
  await h.sql`
    insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by, supersedes_id, correction_reason)
    values (${contractId}, ${month}, '[]', ${tenths}, ${tenths}, ${tenths}, ${by}, ${supersedes}, ${supersedes ? '更正' : null})`;
}

const year2026 = { startsOn: '2026-01-01', endsOn: '2026-12-31' };
const notices = (name: string) =>
  h.sb.inbox(h.person(name)).filter((m) => JSON.stringify(m.content).includes('禁投通知'));
const bansOf = (vendorId: number) =>
  h.sql`select year, unit_id::int as unit, category, reason, contract_id::int as contract from vendor_bans where vendor_id = ${vendorId}`;

it('records next-year bans from the current scores of the year, tells the unit leadership once, and the procurement check refuses the vendor', async () => {
  // 84.9 and 85.0 average 84.95: below 85 (compared exactly, shown rounded down).
  const low = await createContract(h, year2026);
  await score(low.contract.id, '2026-01', 849);
  await score(low.contract.id, '2026-02', 850);
  // Exactly 85.0: no ban.
  const edge = await createContract(h, year2026);
  await score(edge.contract.id, '2026-01', 850);
  // No score in the year: no ban.
  const none = await createContract(h, year2026);
  // A month outside the term does not count.
  const outside = await createContract(h, { startsOn: '2026-03-01', endsOn: '2026-12-31' });
  await score(outside.contract.id, '2026-01', 100);
  await score(outside.contract.id, '2026-03', 900);
  // Corrections: judged by the latest value, in both directions.
  const raised = await createContract(h, year2026);
  await score(raised.contract.id, '2026-05', 900, 700);
  const lowered = await createContract(h, year2026);
  await score(lowered.contract.id, '2026-05', 800, 950);
  // Another year's scores do not count for 2026; a contract not in 2026 is not judged.
  const spanning = await createContract(h, { startsOn: '2025-07-01', endsOn: '2026-06-30' });
  await score(spanning.contract.id, '2025-12', 500);
  await score(spanning.contract.id, '2026-01', 860);
  const later = await createContract(h, { startsOn: '2027-01-01', endsOn: '2027-12-31' });
  await score(later.contract.id, '2027-01', 500);

  const first = await runYearEnd(h.db, 2026, h.app);
  expect(first).toMatchObject({ year: 2026, bans: 2 });
  expect(await bansOf(low.vendor.id)).toEqual([
    {
      year: 2027,
      unit: low.contract.unitId,
      category: 'cleaning',
      contract: low.contract.id,
      reason: expect.stringContaining('2026年度考核平均分84.9分,低于85分,2027年度不得参与该项目投标'),
    },
  ]);
  expect(await bansOf(lowered.vendor.id)).toHaveLength(1);
  for (const c of [edge, none, outside, raised, spanning, later])
    expect(await bansOf(c.vendor.id)).toEqual([]);

  // The asset company's leadership (王建国, 李秀英) is told of each ban; others are not.
  await h.sb.waitFor(() => notices('王建国').length === 2 && notices('李秀英').length === 2);
  expect(JSON.stringify(notices('王建国').map((m) => m.content))).toContain(low.vendor.name);
  expect(notices('张伟')).toHaveLength(0);
  const [audit] = await h.sql`select count(*)::int as n from audit_log where action = 'vendor.banned'`;
  expect(audit!.n).toBe(2);

  // Run again, this time as the scheduled job through the worker: nothing new, nothing sent twice.
  const connection = { url: REDIS_URL };
  const queue = new Queue('sweeps', { connection, prefix: h.prefix });
  const events = new QueueEvents('sweeps', { connection, prefix: h.prefix });
  await events.waitUntilReady();
  const job = await queue.add('thresholds.year-end', { year: 2026 });
  const second = await job.waitUntilFinished(events, 30_000);
  await queue.close();
  await events.close();
  expect(second).toMatchObject({ year: 2026, bans: 0, told: 0 });
  const [bans] = await h.sql`select count(*)::int as n from vendor_bans`;
  expect(bans!.n).toBe(2);
  await new Promise((r) => setTimeout(r, 300));
  expect(notices('王建国')).toHaveLength(2);
  expect(notices('李秀英')).toHaveLength(2);

  // Next year, the procurement check refuses the banned vendor for the same project.
  const [req] = await h.db
    .insert(purchaseRequests)
    .values({ ...low.request, id: undefined, createdAt: undefined, status: 'approved' })
    .returning();
  const actor = (await actorByOpenId(h.db, h.person('张伟')))!;
  const form = {
    method: 'open_tender',
    platform: '苏州市公共资源交易平台',
    referenceNo: 'SZGG-2027-1',
    bidders: '3',
    awardDate: '2027-01-15',
    vendor: String(low.vendor.id),
    price: '18万',
    singleSourceReason: '',
    approvalRef: '',
    reapprovalRef: '',
  };
  const attempt = h.db.transaction((tx) =>
    recordProcurement(
      { tx, out: new OutboxWriter(tx), actor, now: new Date('2027-02-01T02:00:00Z') },
      { requestId: req!.id, form },
    ),
  );
  await expect(attempt).rejects.toThrow(/2027年不得参与资产经营公司保洁项目的投标.*84\.9分/);
  // The vendor whose average was exactly 85.0 is not refused.
  const ok = await h.db.transaction((tx) =>
    recordProcurement(
      { tx, out: new OutboxWriter(tx), actor, now: new Date('2027-02-01T02:00:00Z') },
      { requestId: req!.id, form: { ...form, vendor: String(edge.vendor.id) } },
    ),
  );
  expect(ok.kind === 'recorded' && ok.procurement.vendorId).toBe(edge.vendor.id);
});

it('judges 2,500 contracts in batches: one ban each where due, the same after a re-run', async () => {
  const c = await createContract(h, year2026);
  // Clone the contract with set-based SQL (each copy with its own vendor, request and procurement).
  await cloneContracts(h.sql, c.contract.id, 2500, 'ye');
  // Every third clone averages 84.0 over two months.
  await h.sql`
    insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by)
    select id, m, '[]', t, t, t, ${await personId('张伟')}
    from contracts, (values ('2026-01', 830), ('2026-02', 850)) s(m, t)
    where id > ${c.contract.id} and id % 3 = 0`;
  const [expected] =
    await h.sql`select count(*)::int as n from contracts where id > ${c.contract.id} and id % 3 = 0`;
  const before = (await h.sql`select count(*)::int as n from vendor_bans`)[0]!.n as number;
  const sent: string[] = [];
  const run = await runYearEnd(
    h.db,
    2026,
    { enqueueOutbox: async (ids) => void sent.push(...ids) },
    { batchSize: 700 },
  );
  expect(run.bans).toBe(expected!.n);
  expect(run.batches).toBeGreaterThanOrEqual(4);
  expect(run.told).toBe(expected!.n * 2);
  expect(sent).toHaveLength(expected!.n * 2);
  const again = await runYearEnd(h.db, 2026, { enqueueOutbox: async () => {} }, { batchSize: 1000 });
  expect(again).toMatchObject({ bans: 0, told: 0, contracts: run.contracts });
  const after = (await h.sql`select count(*)::int as n from vendor_bans`)[0]!.n as number;
  expect(after - before).toBe(expected!.n);
});

it('the daily run judges an ended year the year end never ran for, and finishes one whose run died, once each', async () => {
  // The app's date is in December 2026: 2024 and 2025 have ended. The year end never ran for 2025,
  // though its scores kept arriving; its run for 2024 died after its first batch.
  const y2024 = { startsOn: '2024-07-01', endsOn: '2024-12-31' };
  const died = await createContract(h, y2024);
  const unreached = await createContract(h, y2024);
  await score(died.contract.id, '2024-08', 700);
  await score(unreached.contract.id, '2024-08', 800);
  const low = await createContract(h, { startsOn: '2025-03-01', endsOn: '2025-12-31' });
  await score(low.contract.id, '2025-05', 800);
  await score(low.contract.id, '2025-06', 840);
  await score(low.contract.id, '2025-12', 860);
  const fine = await createContract(h, { startsOn: '2025-01-01', endsOn: '2025-12-31' });
  await score(fine.contract.id, '2025-11', 900);
  const crash = runYearEnd(
    h.db,
    2024,
    {
      enqueueOutbox: async () => {
        throw new Error('worker died');
      },
    },
    { batchSize: 1 },
  );
  await expect(crash).rejects.toThrow('worker died');
  expect(await bansOf(died.vendor.id)).toHaveLength(1);
  expect(await bansOf(unreached.vendor.id)).toEqual([]);
  expect(await bansOf(low.vendor.id)).toEqual([]);

  // The scheduled job (no year given), through the worker.
  const connection = { url: REDIS_URL };
  const queue = new Queue('sweeps', { connection, prefix: h.prefix });
  const events = new QueueEvents('sweeps', { connection, prefix: h.prefix });
  await events.waitUntilReady();
  const daily = async () => (await queue.add('thresholds.year-end', {})).waitUntilFinished(events, 30_000);
  try {
    const runs = (await daily()) as { year: number; bans: number }[];
    expect(runs.map((r) => r.year)).toEqual([2024, 2025]);
    expect(await bansOf(unreached.vendor.id)).toEqual([
      expect.objectContaining({ year: 2025, contract: unreached.contract.id }),
    ]);
    expect(await bansOf(died.vendor.id)).toHaveLength(1);
    // 2025: (80.0 + 84.0 + 86.0) / 3 = 83.3 is below 85; 90.0 is not.
    expect(await bansOf(low.vendor.id)).toEqual([
      {
        year: 2026,
        unit: low.contract.unitId,
        category: 'cleaning',
        contract: low.contract.id,
        reason: expect.stringContaining('2025年度考核平均分83.3分,低于85分,2026年度不得参与该项目投标'),
      },
    ]);
    expect(await bansOf(fine.vendor.id)).toEqual([]);
    // Told once, whatever the next days' runs do: each finished year is left alone.
    const told = () => notices('李秀英').filter((m) => JSON.stringify(m.content).includes(low.vendor.name));
    await h.sb.waitFor(() => told().length === 1);
    expect(await daily()).toEqual([]);
    expect(await judgeEndedYears(h.db, h.app, { now: new Date('2026-12-08T01:00:00+08:00') })).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(told()).toHaveLength(1);
    expect(await bansOf(low.vendor.id)).toHaveLength(1);
    // From now on a score of 2025 re-judges it: the year end's run is on record.
    const [ran] = await h.sql`
      select count(*)::int as n from audit_log
      where aggregate_type = 'year_end' and aggregate_id = '2025' and action = 'year_end.finished'`;
    expect(ran!.n).toBe(1);
  } finally {
    await queue.close();
    await events.close();
  }
});

/** A further contract of `first`'s project (same vendor, unit and category): a renewal. */
async function renewal(first: { vendor: { id: number } }, f: { startsOn: string; endsOn: string }) {
  const next = await createContract(h, f);
  await h.sql`update procurements set vendor_id = ${first.vendor.id} where id = ${next.procurement.id}`;
  await h.sql`update contracts set vendor_id = ${first.vendor.id} where id = ${next.contract.id}`;
  return { ...next, vendor: first.vendor };
}
const flagsTo = (name: string, part: string) =>
  h.sb
    .inbox(h.person(name))
    .filter((m) => JSON.stringify(m.content).includes('禁投后发现已登记采购'))
    .filter((m) => JSON.stringify(m.content).includes(part));

it('judges a project over all its contracts of the year, and flags a purchase recorded before the ban to discipline inspection once', async () => {
  // A renewal mid-year, 80.0 then 90.0: the project's year averages 85.0 (no ban), though the first
  // contract alone is below.
  const first = await createContract(h, { startsOn: '2026-01-01', endsOn: '2026-06-30' });
  await score(first.contract.id, '2026-02', 800);
  const second = await renewal(first, { startsOn: '2026-07-01', endsOn: '2026-12-31' });
  await score(second.contract.id, '2026-09', 900);
  // Another renewal, 84.0 and 85.0 (84.5): one ban, on the later contract, naming both.
  const early = await createContract(h, { startsOn: '2026-01-01', endsOn: '2026-05-31' });
  await score(early.contract.id, '2026-03', 840);
  const late = await renewal(early, { startsOn: '2026-06-01', endsOn: '2026-12-31' });
  await score(late.contract.id, '2026-07', 850);
  // Purchases recorded in 2027 before the year end with the vendor it then bans: the same project
  // (flagged) and another unit's (not the project: not flagged).
  const by = await personId('张伟');
  const purchase = async (unitCode: string | undefined, ref: string) => {
    const { requestId } = await requestInDb(h, { procured: false, unitCode });
    const [row] = await h.sql`
      insert into procurements (request_id, method, platform, reference_no, bidders, award_date, vendor_id, awarded_fen, policy_version, recorded_by)
      values (${requestId}, 'open_tender', '苏州市公共资源交易平台', ${ref}, 3, '2027-01-05', ${early.vendor.id}, 10000000, 3, ${by})
      returning id`;
    return Number(row!.id);
  };
  const same = await purchase(undefined, 'SZGG-2027-F1');
  const [other] = await h.sql`select code from units where code <> 'asset' order by id limit 1`;
  const elsewhere = await purchase(other!.code, 'SZGG-2027-F2');

  const run = await runYearEnd(h.db, 2026, h.app);
  expect(run).toMatchObject({ bans: 1, flagged: 1 });
  expect(await bansOf(first.vendor.id)).toEqual([]);
  const names = `合同${contractNumber(early.contract)}、${contractNumber(late.contract)}`;
  expect(await bansOf(early.vendor.id)).toEqual([
    expect.objectContaining({
      year: 2027,
      contract: late.contract.id,
      reason: `${names} 2026年度考核平均分84.5分,低于85分,2027年度不得参与该项目投标`,
    }),
  ]);
  // Discipline inspection (郑毅) is told of the purchase of the same project, once.
  await h.sb.waitFor(() => flagsTo('郑毅', '采购编号 SZGG-2027-F1')[0]);
  const [ban] = await h.sql`select id::int from vendor_bans where vendor_id = ${early.vendor.id}`;
  expect(await h.sql`select procurement_id::int from ban_flags where ban_id = ${ban!.id}`).toEqual([
    { procurement_id: same },
  ]);
  const [audit] = await h.sql`
    select data from audit_log
    where action = 'vendor.ban_flagged' and aggregate_type = 'contract' and aggregate_id = ${String(late.contract.id)}`;
  expect(audit!.data).toMatchObject({ ban: ban!.id, procurement: same });
  expect(flagsTo('郑毅', '采购编号 SZGG-2027-F2')).toEqual([]);

  // Run again: nothing flagged or sent twice.
  expect(await runYearEnd(h.db, 2026, h.app)).toMatchObject({ bans: 0, flagged: 0 });
  await new Promise((r) => setTimeout(r, 300));
  expect(flagsTo('郑毅', '采购编号 SZGG-2027-F1')).toHaveLength(1);
  expect(await h.sql`select count(*)::int as n from ban_flags where ban_id = ${ban!.id}`).toEqual([{ n: 1 }]);
});
