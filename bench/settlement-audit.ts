import type { Sql } from 'postgres';
import type { Db } from '../src/db/client';
import { loadPolicy } from '../src/db/policy';
import { people, units } from '../src/db/schema';
import { clausesFromPolicy, rubricTemplate } from '../src/domain/clauses';
import { loadSettlementAudit } from '../src/features/settlement/audit';
import { createTestDb } from '../test/helpers/db';
import { benchLine, percentile } from './stats';

const SMALL = 50;
const LARGE = 5000;
const AUDITS = 800;
const WARMUP = 100;
const ROUNDS = 8;
const TODAY = '2026-11-30';

const SCHEDULE = ['第一季度', '第二季度', '第三季度', '第四季度'].map((label, i) => ({
  label,
  dueOn: ['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31'][i]!,
  amountFen: '4500000',
}));

/**
 * `n` contracts, each in its own unit with the same shape: a budget line; the contract's request and
 * procurement (awarded 1.00 above the approval) and a single-source purchase of the unit; the
 * contract with a quarterly schedule, monthly scores to November but for March (January and February
 * just above 80), two confirmed quarters (the first paying March unscored) with their savings, a spot-check sample of May above the tolerance, an
 * inspection with one overdue and one open item, and a split warning. Bulk INSERT … SELECT over
 * generate_series: no per-row round trip.
 */
async function seed(db: Db, sql: Sql, n: number) {
  const policy = await loadPolicy(db);
  const [unit] = await db.insert(units).values({ code: 'bench', name: '基准单位' }).returning();
  const [person] = await db
    .insert(people)
    .values({ openId: 'ou_bench', name: '基准人员', unitId: unit!.id })
    .returning();
  const by = person!.id;
  const clauses = JSON.stringify(clausesFromPolicy(policy));
  const rubric = JSON.stringify(rubricTemplate(policy, 'cleaning'));
  await sql`insert into units (code, name) select 'bu' || i, '基准单位' || i from generate_series(1, ${n}::int) i`;
  await sql`insert into budget_lines (unit_id, fiscal_year, category, amount_fen, created_by)
    select id, 2026, 'cleaning', 1000000000000, 'bench' from units where code like 'bu%'`;
  await sql`insert into vendors (name, uscc, contact_name, created_by)
    select '基准供应商' || k || i, 'B' || k || '-' || i, '王经理', 'bench'
    from generate_series(1, ${n}::int) i, unnest(array['C', 'S']) k`;
  await sql`insert into purchase_requests (unit_id, budget_line_id, category, description, why_outsource,
      suppliers_asked, price_low_fen, price_high_fen, amount_fen, method, filer_id, leader_id, department_id,
      policy_version, status)
    select bl.unit_id, bl.id, 'cleaning', 'bench-' || k || '-' || substr(u.code, 3), '本单位无专职人员', 3,
      a, a, a, m, ${by}, ${by}, ${by}, ${policy.version}, 'approved'
    from budget_lines bl join units u on u.id = bl.unit_id and u.code like 'bu%',
      (values ('C', 18000000::bigint, 'open_tender'), ('S', 3000000::bigint, 'single_source')) x(k, a, m)`;
  await sql`insert into procurements (request_id, method, platform, reference_no, bidders, award_date, vendor_id,
      awarded_fen, single_source_reason, policy_version, recorded_by)
    select r.id, r.method, '苏州市公共资源交易平台', r.description, 3, '2026-01-05', v.id,
      r.amount_fen + case when r.method = 'open_tender' then 100 else 0 end,
      case when r.method = 'single_source' then '原厂维保' end, ${policy.version}, ${by}
    from purchase_requests r
    join vendors v on v.uscc = 'B' || split_part(r.description, '-', 2) || '-' || split_part(r.description, '-', 3)
    where r.description like 'bench-%'`;
  await sql`insert into contracts (procurement_id, request_id, unit_id, vendor_id, category, amount_fen, starts_on,
      ends_on, payment_schedule, targets, rubric, clauses, policy_version, leader_id, signed_on, signed_by)
    select p.id, r.id, r.unit_id, p.vendor_id, 'cleaning', 18000000, '2026-01-01', '2026-12-31',
      ${JSON.stringify(SCHEDULE)}::jsonb, '保洁覆盖率100%', ${rubric}::jsonb, ${clauses}::jsonb, ${policy.version},
      ${by}, '2025-12-25', ${by}
    from procurements p join purchase_requests r on r.id = p.request_id
    where r.description like 'bench-C-%'`;
  await sql`insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths,
      final_tenths, entered_by)
    select c.id, '2026-' || lpad(m::text, 2, '0'), '[]', 0, 0,
      case m when 1 then 805 when 2 then 808 else 920 + m end, ${by}
    from contracts c, generate_series(1, 11) m where m <> 3`;
  await sql`insert into settlements (contract_id, period_label, period_year, amount_fen, months, deduct_bp,
      raw_deduction_fen, deduction_fen, payable_fen, settled_by)
    select c.id, s.label, 2026, 4500000, s.months::jsonb, s.bp, s.d, s.d, 4500000 - s.d, ${by}
    from contracts c, (values ('第一季度', '["2026-01","2026-02","2026-03"]', 500, 225000::bigint),
      ('第二季度', '["2026-04","2026-05","2026-06"]', 0, 0::bigint)) s(label, months, bp, d)`;
  await sql`insert into savings (unit_id, year, cause, amount_fen, evidence, contract_id, settlement_id, recorded_by)
    select c.unit_id, 2026, 'deduction', st.deduction_fen, '考核扣减', c.id, st.id, 'bench'
    from settlements st join contracts c on c.id = st.contract_id where st.deduction_fen > 0`;
  await sql`insert into spot_checks (created_by, scope, sample_size, seed, seed_hash, policy_version)
    values (${by}, '{"unitIds":null,"categories":null,"fromMonth":"2026-01","toMonth":"2026-12"}', ${n}, 's', 'h', ${policy.version})`;
  await sql`insert into spot_check_samples (spot_check_id, score_id, contract_id, month, draw_key,
      assessor_final_tenths, checker_final_tenths, gap_tenths, exceeds_tolerance)
    select (select max(id) from spot_checks), s.id, s.contract_id, s.month, md5(s.id::text), s.final_tenths, 700,
      s.final_tenths - 700, true
    from monthly_scores s where s.month = '2026-05'`;
  await sql`insert into inspections (contract_id, inspected_on, participants, checked, created_by)
    select id, '2026-09-15', '["督查组"]', '保洁质量', ${by} from contracts`;
  await sql`insert into rectification_items (inspection_id, contract_id, finding, owner_id, due_on, severity, status)
    select i.id, i.contract_id, x.f, ${by}, x.due, 'major', x.st from inspections i,
      (values ('楼道垃圾未清运', '2026-10-01', 'open'), ('保洁记录缺失', '2099-01-01', 'submitted'),
        ('工具间杂乱', '2026-09-30', 'closed')) x(f, due, st)`;
  await sql`insert into split_warnings (unit_id, category, year, total_fen)
    select id, 'cleaning', 2026, 41000000 from units where code like 'bu%'`;
  await sql`analyze`.simple();
  const ids = await sql<{ id: number }[]>`select id::int as id from contracts order by id`;
  return ids.map((r) => r.id);
}

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

/** `count` audits of pseudo-random contracts of `ids`, each timed; checks each found its risks. */
async function measure(db: Db, ids: number[], count: number, rng: () => number, into?: number[]) {
  for (let i = 0; i < count; i++) {
    const id = ids[rng() % ids.length]!;
    const t0 = performance.now();
    const r = await loadSettlementAudit(db, id, null, TODAY);
    const ms = performance.now() - t0;
    if (r?.audit?.risks.length !== 7)
      throw new Error(`contract ${id}: ${r?.audit?.risks.length} risks, 7 seeded`);
    into?.push(ms);
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The settlement audit of one contract (the settlement report and every fact the audit reads), with
 * 50 contracts in the database and with 5,000 of the same shape, each in its own unit: the two sizes
 * live in two databases measured in alternating rounds, so a busy machine slows both alike.
 * `ratio` = mean time at 5,000 / mean time at 50; every read is indexed by the contract, so it stays
 * near 1 (target <= 1.5).
 */
export async function benchSettlementAudit() {
  const small = await createTestDb(4);
  const large = await createTestDb(4);
  try {
    const g0 = performance.now();
    const smallIds = await seed(small.db, small.sql, SMALL);
    const largeIds = await seed(large.db, large.sql, LARGE);
    const seedS = (performance.now() - g0) / 1000;
    const rng = rng32(11);
    await measure(small.db, smallIds, WARMUP, rng);
    await measure(large.db, largeIds, WARMUP, rng);
    const S: number[] = [];
    const L: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 ? (['large', 'small'] as const) : (['small', 'large'] as const);
      for (const s of order)
        if (s === 'small') await measure(small.db, smallIds, AUDITS / ROUNDS, rng, S);
        else await measure(large.db, largeIds, AUDITS / ROUNDS, rng, L);
    }
    return benchLine('settlement_audit', {
      contracts_small: smallIds.length,
      contracts_large: largeIds.length,
      audits: L.length,
      audit_small_ms: mean(S),
      audit_large_ms: mean(L),
      p50_small_ms: percentile(S, 50),
      p50_large_ms: percentile(L, 50),
      p95_large_ms: percentile(L, 95),
      ratio: mean(L) / mean(S),
      seed_s: seedS,
    });
  } finally {
    await small.drop();
    await large.drop();
  }
}
