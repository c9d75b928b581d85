import type { Sql } from 'postgres';
import type { Db } from '../src/db/client';
import { loadPolicy } from '../src/db/policy';
import { people, units } from '../src/db/schema';
import { clausesFromPolicy, rubricTemplate } from '../src/domain/clauses';
import { replay } from '../src/features/replay';
import { createTestDb } from '../test/helpers/db';
import { benchLine, percentile } from './stats';

/** The demo zone's size (a few units' contracts) and one 100 times larger. */
const SMALL = 20;
const LARGE = SMALL * 100;
const ROUNDS = 6;
/** Replays of the small zone per round: about as many contracts replayed as one large replay. */
const SMALL_REPEATS = 20;
const NOW = new Date('2026-12-07T10:00:00+08:00');

const SCHEDULE = ['第一季度', '第二季度', '第三季度', '第四季度'].map((label, i) => ({
  label,
  dueOn: ['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31'][i]!,
  amountFen: '4500000',
}));

/**
 * `n` contracts of one unit, each with its own vendor (its own project), a year's term and quarterly
 * schedule, scores for January to November (90.1 to 91.1: no warning, no ban, no deduction), the
 * first two quarters confirmed, and the audit trail signing, scoring and settling leave, plus the
 * year end's start for 2026: what the replay reads and recomputes, in agreement (the bench checks
 * it). Bulk INSERT … SELECT over generate_series: no per-row round trip. The rows' hashes are not
 * chained (the replay does not read them; audit:verify does).
 */
async function seed(db: Db, sql: Sql, n: number) {
  const policy = await loadPolicy(db);
  const [unit] = await db.insert(units).values({ code: 'bench', name: '基准单位' }).returning();
  const [person] = await db
    .insert(people)
    .values({ openId: 'ou_bench', name: '基准人员', unitId: unit!.id })
    .returning();
  const by = person!.id;
  const u = unit!.id;
  const clauses = JSON.stringify(clausesFromPolicy(policy));
  const rubric = JSON.stringify(rubricTemplate(policy, 'cleaning'));
  const [line] = await sql<
    { id: number }[]
  >`insert into budget_lines (unit_id, fiscal_year, category, amount_fen, created_by)
    values (${u}, 2026, 'cleaning', 1000000000000, 'bench') returning id::int as id`;
  await sql`insert into vendors (name, uscc, contact_name, created_by)
    select '基准供应商' || i, 'R-' || i, '王经理', 'bench' from generate_series(1, ${n}::int) i`;
  await sql`insert into purchase_requests (unit_id, budget_line_id, category, description, why_outsource,
      suppliers_asked, price_low_fen, price_high_fen, amount_fen, method, filer_id, leader_id, department_id,
      policy_version, status)
    select ${u}, ${line!.id}, 'cleaning', 'replay-' || i, '本单位无专职人员', 3, 18000000, 18000000, 18000000,
      'open_tender', ${by}, ${by}, ${by}, ${policy.version}, 'approved'
    from generate_series(1, ${n}::int) i`;
  await sql`insert into procurements (request_id, method, platform, reference_no, bidders, award_date, vendor_id,
      awarded_fen, policy_version, recorded_by)
    select r.id, 'open_tender', '苏州市公共资源交易平台', r.description, 3, '2025-12-20', v.id, 18000000,
      ${policy.version}, ${by}
    from purchase_requests r join vendors v on v.uscc = 'R-' || substr(r.description, 8)
    where r.description like 'replay-%'`;
  await sql`insert into contracts (procurement_id, request_id, unit_id, vendor_id, category, amount_fen, starts_on,
      ends_on, payment_schedule, targets, rubric, clauses, policy_version, leader_id, signed_on, signed_by)
    select p.id, p.request_id, ${u}, p.vendor_id, 'cleaning', 18000000, '2026-01-01', '2026-12-31',
      ${JSON.stringify(SCHEDULE)}::jsonb, '保洁覆盖率100%', ${rubric}::jsonb, ${clauses}::jsonb, ${policy.version},
      ${by}, '2025-12-25', ${by}
    from procurements p`;
  await sql`insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths,
      final_tenths, entered_by)
    select c.id, '2026-' || lpad(m::text, 2, '0'), '[]', 0, 0, 900 + m, ${by}
    from contracts c, generate_series(1, 11) m`;
  await sql`insert into settlements (contract_id, period_label, period_year, amount_fen, months, deduct_bp,
      raw_deduction_fen, deduction_fen, payable_fen, settled_by)
    select c.id, s.label, 2026, 4500000, s.months::jsonb, 0, 0, 0, 4500000, ${by}
    from contracts c, (values ('第一季度', '["2026-01","2026-02","2026-03"]'),
      ('第二季度', '["2026-04","2026-05","2026-06"]')) s(label, months)`;
  // The trail, in the order the cards would have written it: signing, the scores, the settlements.
  const at = '2026-12-01T10:00:00+08:00';
  await sql`insert into audit_log (aggregate_type, aggregate_id, seq, actor, action, data, at, prev_hash, hash)
    select 'contract', c.id::text, 1, 'bench', 'contract.signed',
      jsonb_build_object('requestId', c.request_id, 'procurementId', c.procurement_id, 'vendorId', c.vendor_id,
        'amountFen', c.amount_fen::text, 'startsOn', c.starts_on, 'endsOn', c.ends_on,
        'policyVersion', c.policy_version),
      ${at}::timestamptz, 'bench', 'bench'
    from contracts c order by c.id`;
  await sql`insert into audit_log (aggregate_type, aggregate_id, seq, actor, action, data, at, prev_hash, hash)
    select 'monthly_score', s.id::text, 1, 'bench', 'score.recorded',
      jsonb_build_object('contractId', s.contract_id, 'month', s.month, 'deductions', '[]'::jsonb,
        'dailyTenths', 0, 'managementTenths', 0, 'finalTenths', s.final_tenths),
      ${at}::timestamptz, 'bench', 'bench'
    from monthly_scores s order by s.month, s.contract_id`;
  await sql`insert into audit_log (aggregate_type, aggregate_id, seq, actor, action, data, at, prev_hash, hash)
    select 'contract', st.contract_id::text,
      1 + row_number() over (partition by st.contract_id order by st.id), 'bench', 'settlement.confirmed',
      jsonb_build_object('settlement', st.id, 'period', st.period_label, 'year', st.period_year,
        'months', st.months, 'score', null, 'deductBp', 0, 'amountFen', st.amount_fen::text,
        'rawDeductionFen', '0', 'deductionFen', '0', 'payableFen', st.payable_fen::text),
      ${at}::timestamptz, 'bench', 'bench'
    from settlements st order by st.id`;
  await sql`insert into audit_log (aggregate_type, aggregate_id, seq, actor, action, data, at, prev_hash, hash)
    values ('year_end', '2026', 1, 'bench', 'year_end.started', '{"year": 2026}', ${at}::timestamptz, 'bench', 'bench')`;
  await sql`analyze`.simple();
  return n;
}

/** `times` replays of the whole zone, each timed; each must agree (the seed is consistent). */
async function measure(db: Db, n: number, times: number, into?: number[]) {
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const r = await replay(db, { units: null, now: NOW });
    const ms = performance.now() - t0;
    if (!r.ok || r.contracts !== n)
      throw new Error(
        `replay of ${n}: ${r.contracts} contracts, findings ${r.findings.slice(0, 3).join(' / ')}`,
      );
    into?.push(ms / n);
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The inspector's replay (复算) of a whole zone: the demo-sized zone (20 contracts) and one 100 times
 * larger (2,000), each in its own database, measured in alternating rounds so a busy machine slows
 * both alike. The figure is the time per contract (a replay's time / its contracts); `ratio` = per
 * contract at 2,000 / per contract at 20. The replay reads the trail once and recomputes in memory
 * with maps keyed by contract, so the cost should grow with the trail, not faster (target <= 1.5).
 */
export async function benchReplay() {
  const small = await createTestDb(4);
  const large = await createTestDb(4);
  try {
    const g0 = performance.now();
    await seed(small.db, small.sql, SMALL);
    await seed(large.db, large.sql, LARGE);
    const seedS = (performance.now() - g0) / 1000;
    await measure(small.db, SMALL, 5);
    await measure(large.db, LARGE, 1);
    const S: number[] = [];
    const L: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 ? (['large', 'small'] as const) : (['small', 'large'] as const);
      for (const s of order)
        if (s === 'small') await measure(small.db, SMALL, SMALL_REPEATS, S);
        else await measure(large.db, LARGE, 1, L);
    }
    return benchLine('replay', {
      contracts_small: SMALL,
      contracts_large: LARGE,
      replays_small: S.length,
      replays_large: L.length,
      per_contract_small_ms: mean(S),
      per_contract_large_ms: mean(L),
      p50_small_ms: percentile(S, 50),
      p50_large_ms: percentile(L, 50),
      replay_large_ms: mean(L) * LARGE,
      ratio: mean(L) / mean(S),
      seed_s: seedS,
    });
  } finally {
    await small.drop();
    await large.drop();
  }
}
