import { randomUUID } from 'node:crypto';
import { eq, TransactionRollbackError } from 'drizzle-orm';
import type { Sql } from 'postgres';
import { type Db, rawSql, type Tx } from '../src/db/client';
import { loadPolicy } from '../src/db/policy';
import {
  budgetLines,
  contracts,
  monthlyScores,
  people,
  procurements,
  purchaseRequests,
  roleGrants,
  units,
  vendors,
} from '../src/db/schema';
import { clausesFromPolicy, rubricTemplate } from '../src/domain/clauses';
import type { ContractClauseValues } from '../src/domain/contract';
import { evaluateContract, type MonthlyScore } from '../src/domain/threshold';
import { runYearEnd } from '../src/features/bans/year-end';
import { evaluatorClauses } from '../src/features/contracts/facts';
import { currentScore, lockContract } from '../src/features/scoring/access';
import { afterScoreRecorded } from '../src/features/scoring/after-score';
import { OutboxWriter } from '../src/outbox/write';
import { createTestDb } from '../test/helpers/db';
import { benchLine, percentile } from './stats';

const SMALL = 500;
const LARGE = 50_000;
const EVALUATIONS = 2000;
const WARMUP = 300;
const CLONE_CHUNK = 10_000;
const ROUNDS = 8;
/** The measurements' clock: December's window is open, January to November are scored. */
const NOW = new Date('2026-12-20T02:00:00Z');
const AS_OF = '2026-12-20';
const HISTORY_MONTHS = 11;
/** Per mille of seeded history months below the termination line (80.0): the rest score 85.0–99.9. */
const LOW_MONTH_PERMILLE = 35;
/** One contract in WEAK_EVERY (id ≡ WEAK_EVERY / 2) scores 76.0–87.9 every month: a failing vendor. */
const WEAK_EVERY = 80;
/** Per cent of measured scores below the line (70.0–79.9): the rest 85.0–99.9. */
const LOW_SCORE_PCT = 15;

/** One signed contract with everything it references, from the migrated policy; returns its ids. */
export async function seedTemplate(db: Db) {
  const policy = await loadPolicy(db);
  const [unit] = await db.insert(units).values({ code: 'bench', name: '基准测试单位' }).returning();
  const [person, assessor] = await db
    .insert(people)
    .values([
      { openId: 'ou_bench_leader', name: '基准领导', unitId: unit!.id },
      { openId: 'ou_bench_assessor', name: '基准考核人', unitId: unit!.id },
    ])
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
  return { contractId: contract!.id, personId: person!.id, assessorId: assessor!.id };
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

/** Who scores: the seeded assessor, for every contract above `afterId`. */
async function addAssessors(sql: Sql, afterId: number, assessorId: number) {
  await sql`
    insert into contract_assessors (contract_id, person_id)
    select id, ${assessorId} from contracts where id > ${afterId}`;
}

/**
 * Current 2026 scores of `months` for every contract above `afterId`, from a hash of contract and
 * month: LOW_MONTH_PERMILLE ‰ of them 70.0–79.9 (below the termination line), the rest 85.0–99.9;
 * the weak contracts (one in WEAK_EVERY) 76.0–87.9, an annual average below the bid-ban line of 85.
 */
async function scoreMonths(sql: Sql, afterId: number, personId: number, months: number[]) {
  await sql`
    insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by)
    select c.id, '2026-' || lpad(m::text, 2, '0'), '[]', s, s, s, ${personId}
    from contracts c, unnest(${months}::int[]) m,
      lateral (select abs(hashint8(c.id * 16 + m)::bigint) as h) h,
      lateral (select case
        when c.id % ${WEAK_EVERY} = ${WEAK_EVERY / 2} then 760 + (h / 1000) % 120
        when h % 1000 < ${LOW_MONTH_PERMILLE} then 700 + (h / 1000) % 100
        else 850 + (h / 1000) % 150 end::int as s) x
    where c.id > ${afterId}`;
}

/**
 * What the engine already said about the seeded histories, as it would have: the notice of every
 * warning the evaluator gives now, and for every termination right a case: pending (contract ids
 * divisible by 3), its card an outbox row already sent, or else decided (kept by the leader).
 * Without this, every evaluation of a contract with a low month would send the old warnings again.
 */
async function seedSaid(sql: Sql, clauses: ContractClauseValues, leaderId: number) {
  const rows = await sql<{ contractId: number; month: string; finalTenths: number }[]>`
    select contract_id::int as "contractId", month, final_tenths as "finalTenths" from monthly_scores
    where current and contract_id in (select contract_id from monthly_scores where current and final_tenths < 850)
    order by contract_id, month`;
  const byContract = new Map<number, MonthlyScore[]>();
  for (const r of rows) {
    const list = byContract.get(r.contractId) ?? [];
    list.push({ month: r.month, finalTenths: r.finalTenths });
    byContract.set(r.contractId, list);
  }
  const ev = evaluatorClauses(clauses);
  const term = { startMonth: '2026-01', endMonth: '2026-12' };
  const notices = { ids: [] as number[], keys: [] as string[] };
  const cases = { ids: [] as number[], rules: [] as string[], months: [] as string[] };
  const pending = {
    ids: [] as number[],
    rules: [] as string[],
    months: [] as string[],
    cards: [] as string[],
  };
  for (const [id, scores] of byContract) {
    const e = evaluateContract({ clauses: ev, term, scores, asOf: AS_OF });
    for (const w of e.warnings) {
      notices.ids.push(id);
      notices.keys.push(w.key);
    }
    if (!e.termination) continue;
    const below = scores.filter((s) => s.finalTenths < ev.termination.belowTenths).map((s) => s.month);
    const months = JSON.stringify([...new Set([...e.termination.months, ...below])].sort());
    const to = id % 3 === 0 ? pending : cases;
    to.ids.push(id);
    to.rules.push(e.termination.rule);
    to.months.push(months);
    if (to === pending) pending.cards.push(randomUUID());
  }
  await sql`
    insert into threshold_notices (contract_id, key, sent_at)
    select c, k, '2026-11-20T02:00:00Z'::timestamptz from unnest(${notices.ids}::bigint[], ${notices.keys}::text[]) u(c, k)`;
  await sql`
    insert into termination_cases (contract_id, rule, months, status, decided_by, decided_at, reason, created_at)
    select c, r, m::jsonb, 'kept', ${leaderId}, '2026-11-21T02:00:00Z'::timestamptz, '供应商已整改,继续履约',
      '2026-11-20T02:00:00Z'::timestamptz
    from unnest(${cases.ids}::bigint[], ${cases.rules}::text[], ${cases.months}::text[]) u(c, r, m)`;
  await sql`
    insert into outbox (id, kind, receive_id_type, receive_id, msg_type, content, status, sent_at)
    select o, 'send', 'open_id', 'ou_bench_leader', 'interactive', '{}'::jsonb, 'sent', '2026-11-20T02:00:01Z'::timestamptz
    from unnest(${pending.cards}::uuid[]) o`;
  await sql`
    insert into termination_cases (contract_id, rule, months, status, card_outbox_id, created_at)
    select c, r, m::jsonb, 'pending', o, '2026-11-20T02:00:00Z'::timestamptz
    from unnest(${pending.ids}::bigint[], ${pending.rules}::text[], ${pending.months}::text[], ${pending.cards}::text[])
      u(c, r, m, o)`;
  return {
    withLow: byContract.size,
    notices: notices.ids.length,
    kept: cases.ids.length,
    pending: pending.ids.length,
  };
}

/** The score write of `recordScore` (src/features/scoring/record.ts): lock, then insert, or supersede and insert. */
async function writeScore(tx: Tx, contractId: number, month: string, tenths: number, by: number) {
  await lockContract(tx, contractId);
  const previous = month === '2026-12' ? undefined : await currentScore(tx, contractId, month);
  if (month !== '2026-12' && !previous) throw new Error(`contract ${contractId} has no ${month} to correct`);
  if (previous)
    await tx.update(monthlyScores).set({ current: false }).where(eq(monthlyScores.id, previous.id));
  const [score] = await tx
    .insert(monthlyScores)
    .values({
      contractId,
      month,
      deductions: [],
      dailyTenths: tenths,
      managementTenths: tenths,
      finalTenths: tenths,
      enteredBy: by,
      enteredAt: NOW,
      supersedesId: previous?.id ?? null,
      correctionReason: previous ? '基准测试更正' : null,
      current: true,
    })
    .returning({ id: monthlyScores.id });
  return score!.id;
}

type Side = {
  total: number[];
  engine: number[];
  warned: number;
  cases: number;
  opened: number;
  messages: number;
};
const side = (): Side => ({ total: [], engine: [], warned: 0, cases: 0, opened: 0, messages: 0 });

/**
 * `count` scores at pseudo-random contracts 1..maxId, each in its own transaction that is rolled
 * back, so every one starts from the seeded state: half enter December (no score yet), half correct
 * a month of January to November; LOW_SCORE_PCT % of the values are below the line. Timed: from
 * BEGIN to the end of `afterScoreRecorded` (the ROLLBACK and the tally query are not).
 */
async function measure(db: Db, maxId: number, count: number, rng: () => number, by: number, into?: Side) {
  for (let i = 0; i < count; i++) {
    const id = 1 + (rng() % maxId);
    const month = rng() % 2 ? '2026-12' : `2026-${String(1 + (rng() % HISTORY_MONTHS)).padStart(2, '0')}`;
    const tenths = rng() % 100 < LOW_SCORE_PCT ? 700 + (rng() % 100) : 850 + (rng() % 150);
    const t0 = performance.now();
    try {
      await db.transaction(async (tx) => {
        const scoreId = await writeScore(tx, id, month, tenths, by);
        const t1 = performance.now();
        const out = new OutboxWriter(tx);
        await afterScoreRecorded(tx, { contractId: id, month, scoreId }, { out, now: NOW });
        const t2 = performance.now();
        if (into) {
          into.total.push(t2 - t0);
          into.engine.push(t2 - t1);
          const acts = await rawSql(tx)<{ action: string }[]>`
            select action from audit_log where actor = 'system:threshold'`;
          const did = new Set(acts.map((a) => a.action));
          if (did.has('threshold.warned')) into.warned++;
          if ([...did].some((a) => a.startsWith('termination.'))) into.cases++;
          if (did.has('termination.opened')) into.opened++;
          into.messages += out.ids.length;
        }
        tx.rollback();
      });
    } catch (err) {
      if (!(err instanceof TransactionRollbackError)) throw err;
    }
  }
}

/** mulberry32: a small seeded generator of uint32 (every bit usable, unlike a power-of-two LCG). */
function rng32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (n: number, of: number) => (100 * n) / of;

/** A fresh database with the template contract and SMALL - 1 copies of it. */
export async function seedBase() {
  const tdb = await createTestDb(4);
  const ids = await seedTemplate(tdb.db);
  await cloneContracts(tdb.sql, ids.contractId, SMALL - 1, 's');
  return { tdb, ...ids };
}

/** Assessors, January–November scores and what the engine already said, for every contract. */
export async function fill(b: Awaited<ReturnType<typeof seedBase>>) {
  await addAssessors(b.tdb.sql, 0, b.assessorId);
  await scoreMonths(
    b.tdb.sql,
    0,
    b.assessorId,
    Array.from({ length: HISTORY_MONTHS }, (_, i) => i + 1),
  );
  const [t] = await b.tdb.sql<{ clauses: ContractClauseValues }[]>`
    select clauses from contracts where id = ${b.contractId}`;
  const said = await seedSaid(b.tdb.sql, t!.clauses, b.personId);
  await b.tdb.sql`analyze`.simple();
  return said;
}

/**
 * The cost of evaluating one new score as the product does it, with 500 contracts and with 50,000:
 * in a transaction, the score is written as `recordScore` writes it (lock, insert or supersede and
 * insert) and `afterScoreRecorded` runs the threshold engine (one loader: lock, clauses, scores and
 * cases in one round trip; then warnings, cases, outbox and audit rows as due); then the transaction
 * is rolled back, so every measurement starts from the same seeded state. The two sizes live in two
 * databases measured in alternating rounds, so a busy machine slows both alike. Then December is
 * scored for all 50,000 contracts (untimed) and the year-end sweep over them is timed.
 */
export async function benchThreshold() {
  const small = await seedBase();
  const large = await seedBase();
  try {
    const saidSmall = await fill(small);
    const grow0 = performance.now();
    for (let done = SMALL; done < LARGE; done += CLONE_CHUNK)
      await cloneContracts(large.tdb.sql, large.contractId, Math.min(CLONE_CHUNK, LARGE - done), `l${done}`);
    const saidLarge = await fill(large);
    const growS = (performance.now() - grow0) / 1000;
    const [count] = await large.tdb.sql<{ n: number }[]>`select count(*)::int as n from contracts`;
    const n = count!.n;
    const rng = rng32(7);
    await measure(small.tdb.db, SMALL, WARMUP, rng, small.assessorId);
    await measure(large.tdb.db, n, WARMUP, rng, large.assessorId);
    const samples = { small: side(), large: side() };
    for (let r = 0; r < ROUNDS; r++) {
      const per = EVALUATIONS / ROUNDS;
      const order = r % 2 ? (['large', 'small'] as const) : (['small', 'large'] as const);
      for (const s of order) {
        const b = s === 'small' ? small : large;
        await measure(b.tdb.db, s === 'small' ? SMALL : n, per, rng, b.assessorId, samples[s]);
      }
    }
    const { small: S, large: L } = samples;
    await scoreMonths(large.tdb.sql, 0, large.assessorId, [12]);
    await large.tdb.sql`analyze monthly_scores`.simple();
    const t0 = performance.now();
    const sweep = await runYearEnd(large.tdb.db, 2026, { enqueueOutbox: async () => {} });
    const sweepS = (performance.now() - t0) / 1000;
    return benchLine('threshold', {
      contracts_small: SMALL,
      contracts_large: n,
      evaluations: L.total.length,
      eval_small_ms: mean(S.total),
      eval_large_ms: mean(L.total),
      ratio: mean(L.total) / mean(S.total),
      p50_small_ms: percentile(S.total, 50),
      p50_large_ms: percentile(L.total, 50),
      engine_small_ms: mean(S.engine),
      engine_large_ms: mean(L.engine),
      engine_ratio: mean(L.engine) / mean(S.engine),
      warned_pct_small: pct(S.warned, S.total.length),
      warned_pct_large: pct(L.warned, L.total.length),
      case_pct_small: pct(S.cases, S.total.length),
      case_pct_large: pct(L.cases, L.total.length),
      opened_pct_small: pct(S.opened, S.total.length),
      opened_pct_large: pct(L.opened, L.total.length),
      msgs_per_eval_large: L.messages / L.total.length,
      seeded_low_pct_large: pct(saidLarge.withLow, n),
      seeded_cases_large: saidLarge.kept + saidLarge.pending,
      seeded_cases_small: saidSmall.kept + saidSmall.pending,
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
