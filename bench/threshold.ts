import type { Sql } from 'postgres';
import { clausesFromPolicy, rubricTemplate } from '../src/contracts/clauses';
import type { Db } from '../src/db/client';
import { loadPolicy } from '../src/db/queries/policy';
import {
  budgetLines,
  contracts,
  people,
  procurements,
  purchaseRequests,
  roleGrants,
  units,
  vendors,
} from '../src/db/schema';
import { loadAndEvaluate } from '../src/thresholds/load';
import { runYearEnd } from '../src/thresholds/year-end';
import { createTestDb } from '../test/helpers/db';
import { benchLine, percentile } from './stats';

const SMALL = 500;
const LARGE = 50_000;
const EVALUATIONS = 2000;
const WARMUP = 300;
const CLONE_CHUNK = 10_000;
const ROUNDS = 8;

/** One signed contract with everything it references, from the migrated policy; returns its ids. */
export async function seedTemplate(db: Db) {
  const policy = await loadPolicy(db);
  const [unit] = await db.insert(units).values({ code: 'bench', name: '基准测试单位' }).returning();
  const [person] = await db
    .insert(people)
    .values({ openId: 'ou_bench_leader', name: '基准领导', unitId: unit!.id })
    .returning();
  await db
    .insert(roleGrants)
    .values({ personId: person!.id, role: 'unit_leadership', unitId: unit!.id, grantedBy: 'bench' });
  const [line] = await db
    .insert(budgetLines)
    .values({
      unitId: unit!.id,
      fiscalYear: 2026,
      category: 'cleaning',
      amountFen: 10n ** 12n,
      createdBy: 'bench',
    })
    .returning();
  const [vendor] = await db
    .insert(vendors)
    .values({ name: '基准供应商', uscc: 'BENCH-0', contactName: '王经理', createdBy: 'bench' })
    .returning();
  const amountFen = 18_000_000n;
  const [req] = await db
    .insert(purchaseRequests)
    .values({
      unitId: unit!.id,
      budgetLineId: line!.id,
      category: 'cleaning',
      description: '园区公共区域日常保洁服务',
      whyOutsource: '本单位无专职人员',
      suppliersAsked: 3,
      priceLowFen: amountFen,
      priceHighFen: amountFen,
      amountFen,
      method: 'open_tender',
      filerId: person!.id,
      leaderId: person!.id,
      departmentId: person!.id,
      policyVersion: policy.version,
      status: 'approved',
    })
    .returning();
  const [proc] = await db
    .insert(procurements)
    .values({
      requestId: req!.id,
      method: 'open_tender',
      platform: '苏州市公共资源交易平台',
      referenceNo: 'BENCH-1',
      bidders: 3,
      awardDate: '2025-12-20',
      vendorId: vendor!.id,
      awardedFen: amountFen,
      policyVersion: policy.version,
      recordedBy: person!.id,
    })
    .returning();
  const [contract] = await db
    .insert(contracts)
    .values({
      procurementId: proc!.id,
      requestId: req!.id,
      unitId: unit!.id,
      vendorId: vendor!.id,
      category: 'cleaning',
      amountFen,
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      paymentSchedule: [],
      targets: '保洁覆盖率100%',
      rubric: rubricTemplate(policy, 'cleaning'),
      clauses: clausesFromPolicy(policy),
      policyVersion: policy.version,
      leaderId: person!.id,
      signedOn: '2025-12-25',
      signedBy: person!.id,
    })
    .returning();
  return { contractId: contract!.id, personId: person!.id };
}

/**
 * `n` copies of a contract, each with its own vendor, request and procurement, in one statement
 * (generate_series and INSERT … SELECT: no per-row round trip). `tag` must differ between calls.
 */
export async function cloneContracts(sql: Sql, templateId: number, n: number, tag = 'clone') {
  await sql`
    with g as (select i from generate_series(1, ${n}::int) i),
    v as (
      insert into vendors (name, uscc, contact_name, created_by)
      select '批量供应商' || ${tag} || i, ${tag} || '-' || i, '王经理', 'bench' from g
      returning id),
    t as (select * from contracts where id = ${templateId}),
    r as (
      insert into purchase_requests (unit_id, budget_line_id, category, description, why_outsource, suppliers_asked,
        price_low_fen, price_high_fen, amount_fen, method, filer_id, leader_id, department_id, policy_version, status)
      select q.unit_id, q.budget_line_id, q.category, q.description, q.why_outsource, q.suppliers_asked, q.price_low_fen,
        q.price_high_fen, q.amount_fen, q.method, q.filer_id, q.leader_id, q.department_id, q.policy_version, q.status
      from purchase_requests q join t on t.request_id = q.id, g
      returning id),
    pairs as (
      select r.id as request_id, v.id as vendor_id
      from (select id, row_number() over (order by id) k from r) r
      join (select id, row_number() over (order by id) k from v) v using (k)),
    p as (
      insert into procurements (request_id, method, platform, reference_no, bidders, award_date, vendor_id, awarded_fen,
        policy_version, recorded_by)
      select pairs.request_id, o.method, o.platform, o.reference_no, o.bidders, o.award_date, pairs.vendor_id,
        o.awarded_fen, o.policy_version, o.recorded_by
      from procurements o join t on t.procurement_id = o.id, pairs
      returning id, request_id, vendor_id)
    insert into contracts (procurement_id, request_id, unit_id, vendor_id, category, amount_fen, starts_on, ends_on,
      payment_schedule, targets, rubric, clauses, policy_version, leader_id, signed_on, signed_by)
    select p.id, p.request_id, t.unit_id, p.vendor_id, t.category, t.amount_fen, t.starts_on, t.ends_on,
      t.payment_schedule, t.targets, t.rubric, t.clauses, t.policy_version, t.leader_id, t.signed_on, t.signed_by
    from t, p`;
}

/** Twelve current 2026 scores for every contract above `afterId`, spread over 75.0–99.9. */
async function scoreYear(sql: Sql, afterId: number, personId: number) {
  await sql`
    insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by)
    select c.id, '2026-' || lpad(m::text, 2, '0'), '[]', s, s, s, ${personId}
    from contracts c, generate_series(1, 12) m, lateral (select 750 + ((c.id * 37 + m * 101) % 250)::int as s) x
    where c.id > ${afterId}`;
  await sql`analyze contracts; analyze monthly_scores`.simple();
}

/** Ms of each after-score evaluation, in its own transaction, at pseudo-random contracts 1..maxId. */
async function measure(db: Db, maxId: number, count: number, rng: () => number, into?: number[]) {
  for (let i = 0; i < count; i++) {
    const id = 1 + (rng() % maxId);
    const t0 = performance.now();
    const r = await db.transaction((tx) => loadAndEvaluate(tx, id, '2026-12-15'));
    if (!r) throw new Error(`no contract ${id}`);
    into?.push(performance.now() - t0);
  }
}

function lcg(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x;
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** 500 contracts of 12 scored 2026 months in a fresh database. */
async function seedSmall() {
  const tdb = await createTestDb(4);
  const { contractId, personId } = await seedTemplate(tdb.db);
  await cloneContracts(tdb.sql, contractId, SMALL - 1, 's');
  await scoreYear(tdb.sql, 0, personId);
  return { tdb, contractId, personId };
}

/**
 * The cost of evaluating one new score (lock the contract, read its clauses and current scores, run
 * the evaluator) with 500 contracts and after growing to 50,000, every contract with 12 scored
 * months: the ratio should stay near 1 because both reads are index lookups. The two sizes live in
 * two databases measured in alternating rounds, so a busy machine slows both alike. Then the
 * year-end sweep over all 50,000 contracts.
 */
export async function benchThreshold() {
  const small = await seedSmall();
  const large = await seedSmall();
  try {
    const grow0 = performance.now();
    for (let done = SMALL; done < LARGE; done += CLONE_CHUNK)
      await cloneContracts(large.tdb.sql, large.contractId, Math.min(CLONE_CHUNK, LARGE - done), `l${done}`);
    await scoreYear(large.tdb.sql, SMALL, large.personId);
    const growS = (performance.now() - grow0) / 1000;
    const [count] = await large.tdb.sql<{ n: number }[]>`select count(*)::int as n from contracts`;
    const n = count!.n;
    const rng = lcg(7);
    await measure(small.tdb.db, SMALL, WARMUP, rng);
    await measure(large.tdb.db, n, WARMUP, rng);
    const samples = { small: [] as number[], large: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      const per = EVALUATIONS / ROUNDS;
      const sides = r % 2 ? (['large', 'small'] as const) : (['small', 'large'] as const);
      for (const side of sides)
        await measure(
          side === 'small' ? small.tdb.db : large.tdb.db,
          side === 'small' ? SMALL : n,
          per,
          rng,
          samples[side],
        );
    }
    const t0 = performance.now();
    const sweep = await runYearEnd(large.tdb.db, 2026, { enqueueOutbox: async () => {} });
    const sweepS = (performance.now() - t0) / 1000;
    return benchLine('threshold', {
      contracts_small: SMALL,
      contracts_large: n,
      evaluations: samples.large.length,
      eval_small_ms: mean(samples.small),
      eval_large_ms: mean(samples.large),
      ratio: mean(samples.large) / mean(samples.small),
      p50_small_ms: percentile(samples.small, 50),
      p50_large_ms: percentile(samples.large, 50),
      grow_s: growS,
      yearend_contracts: sweep.contracts,
      yearend_bans: sweep.bans,
      yearend_s: sweepS,
    });
  } finally {
    await small.tdb.drop();
    await large.tdb.drop();
  }
}
