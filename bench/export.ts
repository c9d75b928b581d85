import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Sql } from 'postgres';
import { bundleOptions, ROOT } from '../scripts/build';
import type { Db } from '../src/db/client';
import { loadPolicy } from '../src/db/policy';
import { clausesFromPolicy, rubricTemplate } from '../src/domain/clauses';
import { createTestDb } from '../test/helpers/db';
import { imageNodeOptions } from './image';
import { benchLine } from './stats';

const YEAR = 2026;
/** Contracts of the small unit and of the large one; each has 12 monthly scores in YEAR. */
const SMALL = 5_000;
const LARGE = 45_000;
const ROUNDS = 5;
/** The old-space cap of the flatness runs: far below what 600,000 rows would take if kept. */
const CAPPED_HEAP_MB = 48;

/**
 * Two units of cleaning contracts, each scored every month of YEAR: a fifth of the scores with a
 * deduction, one in a hundred corrected (the old row kept). The reader of the small unit sees
 * 60,000 rows, the zone's discipline reader 600,000. Bulk INSERT … SELECT: no per-row round trip.
 */
async function seed(db: Db, sql: Sql) {
  const policy = await loadPolicy(db);
  const clauses = JSON.stringify(clausesFromPolicy(policy));
  const rubric = rubricTemplate(policy, 'cleaning');
  const [unitA, unitB] = await sql<{ id: number }[]>`insert into units (code, name)
    values ('ex-a', '导出基准小单位'), ('ex-b', '导出基准大单位') returning id::int`;
  const [reader, zone, assessor] = await sql<{ id: number }[]>`insert into people (open_id, name, unit_id)
    values ('ou_ex_unit', '小单位领导', ${unitA!.id}), ('ou_ex_zone', '纪检基准', null),
      ('ou_ex_assessor', '考核基准', ${unitB!.id}) returning id::int`;
  await sql`insert into role_grants (person_id, role, unit_id, granted_by) values
    (${reader!.id}, 'unit_leadership', ${unitA!.id}, 'bench'), (${zone!.id}, 'discipline', null, 'bench')`;
  const by = assessor!.id;
  await sql`insert into budget_lines (unit_id, fiscal_year, category, amount_fen, created_by)
    select id, ${YEAR}, 'cleaning', 1000000000000, 'bench' from units where code like 'ex-%'`;
  const [vendor] = await sql<{ id: number }[]>`insert into vendors (name, uscc, contact_name, created_by)
    values ('导出基准保洁有限公司', 'EXBENCH-1', '王经理', 'bench') returning id::int`;
  await sql`insert into purchase_requests (unit_id, budget_line_id, category, description, why_outsource,
      suppliers_asked, price_low_fen, price_high_fen, amount_fen, method, filer_id, leader_id, department_id,
      policy_version, status)
    select bl.unit_id, bl.id, 'cleaning', 'ex-' || i, '本单位无专职人员', 3, 18000000, 18000000, 18000000,
      'open_tender', ${by}, ${by}, ${by}, ${policy.version}, 'approved'
    from budget_lines bl join units u on u.id = bl.unit_id,
      generate_series(1, case u.code when 'ex-a' then ${SMALL}::int else ${LARGE}::int end) i
    where u.code like 'ex-%'`;
  await sql`insert into procurements (request_id, method, platform, reference_no, bidders, award_date, vendor_id,
      awarded_fen, policy_version, recorded_by)
    select r.id, 'open_tender', '苏州市公共资源交易平台', r.description || '-' || r.unit_id, 3, '2025-12-05',
      ${vendor!.id}, r.amount_fen, ${policy.version}, ${by}
    from purchase_requests r where r.description like 'ex-%'`;
  await sql`insert into contracts (procurement_id, request_id, unit_id, vendor_id, category, amount_fen, starts_on,
      ends_on, payment_schedule, targets, rubric, clauses, policy_version, leader_id, signed_on, signed_by)
    select p.id, r.id, r.unit_id, p.vendor_id, 'cleaning', 18000000, '2026-01-01', '2026-12-31', '[]',
      '保洁覆盖率100%', ${JSON.stringify(rubric)}::jsonb, ${clauses}::jsonb, ${policy.version}, ${by},
      '2025-12-25', ${by}
    from procurements p join purchase_requests r on r.id = p.request_id where r.description like 'ex-%'`;
  await sql`insert into contract_assessors (contract_id, person_id) select id, ${by} from contracts`;
  const item = rubric[0]!.key;
  await sql`insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths,
      final_tenths, entered_by, entered_at, current)
    select c.id, ${`${YEAR}-`} || lpad(m::text, 2, '0'),
      case when (c.id + m) % 5 = 0 then ${JSON.stringify([{ item, tenths: 25, note: '地面有污渍' }])}::jsonb
        else '[]'::jsonb end,
      800 + (c.id * 7 + m) % 200, 800 + (c.id * 3 + m) % 200, 800 + (c.id + m * 11) % 200, ${by},
      timestamptz '2026-01-05 09:00+08' + (m - 1) * interval '1 month', (c.id + m) % 100 <> 0
    from contracts c, generate_series(1, 12) m`;
  // The corrections: a current row naming the superseded one, with a reason.
  await sql`insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths,
      final_tenths, entered_by, supersedes_id, correction_reason)
    select contract_id, month, '[]', final_tenths + 10, final_tenths + 10, final_tenths + 10, entered_by, id,
      '复核后更正' from monthly_scores where not current`;
  await sql`analyze`.simple();
  return { small: { openId: 'ou_ex_unit', unit: unitA!.id }, zone: { openId: 'ou_ex_zone' } };
}

type Measured = {
  mode: string;
  rows: number;
  bytes: number;
  ms: number;
  peakRssMb: number;
  /** The peak RSS over the first and the second half of the run's time (sampled every 10 ms). */
  firstHalfMb: number;
  secondHalfMb: number;
};

/**
 * bench/export-child.ts built as `npm run build` builds the app (scripts/build.ts's options), into a
 * folder of the root so that node_modules resolve from it.
 */
async function buildChild(dir: string): Promise<string> {
  const outfile = join(dir, 'export-child.js');
  await build({ ...(await bundleOptions()), entryPoints: [join(ROOT, 'bench/export-child.ts')], outfile });
  return outfile;
}

/** How a child runs: `built` as the image runs the app (the bundle, the image's NODE_OPTIONS), `tsx` as `npm start` does. */
type Form = { built: string; nodeOptions: string } | 'tsx';

function childIn(form: Form, args: string[], node: string[] = []): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const argv =
      form === 'tsx'
        ? [...node, '--import', 'tsx', 'bench/export-child.ts', ...args]
        : [...node, form.built, ...args];
    const env = { ...process.env, NODE_OPTIONS: form === 'tsx' ? '' : form.nodeOptions };
    const p = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'], env });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!))
        : reject(new Error(`child exit ${code}`)),
    );
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * `export`: the year's score ledger to XLSX through the real path (access check, one snapshot,
 * `COPY … TO STDOUT` parsed by db/copy-rows.ts, our streaming writer, the sha256 tap, a file), each
 * run in a fresh process, in the form the image runs the app: built by scripts/build.ts's options
 * and started with the Dockerfile's NODE_OPTIONS. 60,000 rows (one unit's reader) and 600,000 (the
 * zone's): `peak_rss_mb` is the larger run's peak (target <= 200) and `rss_ratio` the ratio of the
 * two peaks. V8 grows its heap during a run's first seconds (the young generation to its cap, the
 * old space to its collection trigger), so the 60k run, shorter, ends lower; two more figures ask
 * whether memory grows with the rows: `halves_flat`, the 600k runs' peak over their second half
 * against their first, and `capped_flat`, the ratio of the two exports' peaks with the old space
 * capped at CAPPED_HEAP_MB (both finish only if nothing is kept per row).
 * `ratio` = the 600,000-row export time over `COPY (the same query) TO STDOUT` of the same rows: each
 * of ROUNDS rounds runs both, alternating which goes first, and the figure is the median of the
 * rounds' own ratios (a pair sees the same load on the shared machine), with their min and max
 * (target <= 1.5, issue 26). `tsx_peak_rss_mb`: one more 600,000-row export as `npm start` runs
 * (tsx, no NODE_OPTIONS), for the record.
 */
export async function benchExport() {
  const t = await createTestDb(4);
  const out = join(tmpdir(), `export-bench-${process.pid}.xlsx`);
  const dir = join(ROOT, `dist-bench-${process.pid}`);
  try {
    const built: Form = { built: await buildChild(dir), nodeOptions: imageNodeOptions() };
    const child = (args: string[], node: string[] = []) => childIn(built, args, node);
    const s0 = performance.now();
    const who = await seed(t.db, t.sql);
    const seedS = (performance.now() - s0) / 1000;
    const small = [t.url, who.small.openId, String(YEAR), String(who.small.unit), out];
    const zone = [t.url, who.zone.openId, String(YEAR), '-', out];
    const runs: Record<string, Measured[]> = { s: [], z: [], c: [], cs: [], ks: [], kz: [] };
    // Alternating which of each pair goes first; a round's export and COPY see the same load.
    for (let i = 0; i < ROUNDS; i++) {
      for (const [e, c, args] of [
        ['s', 'cs', small],
        ['z', 'c', zone],
      ] as const) {
        if (i % 2 === 0) {
          runs[e]!.push(await child(['export', ...args]));
          runs[c]!.push(await child(['copy', ...args]));
        } else {
          runs[c]!.push(await child(['copy', ...args]));
          runs[e]!.push(await child(['export', ...args]));
        }
      }
    }
    // V8 lets the old space grow while it can: with it capped, a sheet that kept rows would die.
    runs.ks!.push(await child(['export', ...small], [`--max-old-space-size=${CAPPED_HEAP_MB}`]));
    runs.kz!.push(await child(['export', ...zone], [`--max-old-space-size=${CAPPED_HEAP_MB}`]));
    // Once as `npm start` runs it (tsx, no NODE_OPTIONS), for the record: not the deployed form.
    const dev = await childIn('tsx', ['export', ...zone]);
    if (dev.rows !== (SMALL + LARGE) * 12) throw new Error(`tsx: ${dev.rows} rows`);
    for (const [k, want] of [
      ['s', SMALL * 12],
      ['z', (SMALL + LARGE) * 12],
      ['cs', SMALL * 12],
      ['c', (SMALL + LARGE) * 12],
      ['ks', SMALL * 12],
      ['kz', (SMALL + LARGE) * 12],
    ] as const)
      for (const r of runs[k]!) if (r.rows !== want) throw new Error(`${k}: ${r.rows} rows, ${want} seeded`);
    const ms = (k: string) => median(runs[k]!.map((r) => r.ms));
    const rss = (k: string) => Math.max(...runs[k]!.map((r) => r.peakRssMb));
    /** The median of the rounds' own export / COPY ratios. */
    const paired = (e: string, c: string) => median(runs[e]!.map((r, i) => r.ms / runs[c]![i]!.ms));
    return benchLine('export', {
      rows: (SMALL + LARGE) * 12,
      export_ms: Math.round(ms('z')),
      copy_ms: Math.round(ms('c')),
      ratio: paired('z', 'c'),
      ratio_min: Math.min(...runs.z!.map((r, i) => r.ms / runs.c![i]!.ms)),
      ratio_max: Math.max(...runs.z!.map((r, i) => r.ms / runs.c![i]!.ms)),
      ratio_60k: paired('s', 'cs'),
      rows_per_s: Math.round(((SMALL + LARGE) * 12) / (ms('z') / 1000)),
      file_mb: runs.z![0]!.bytes / 2 ** 20,
      peak_rss_mb: Math.round(rss('z')),
      peak_rss_60k_mb: Math.round(rss('s')),
      rss_ratio: rss('z') / rss('s'),
      capped_rss_60k_mb: Math.round(rss('ks')),
      capped_rss_mb: Math.round(rss('kz')),
      capped_flat: rss('kz') / rss('ks'),
      // Whether the 600k export grows with its rows once the heap has its working size: the peak of
      // each run's second half over that of its first (the median of the runs).
      peak_rss_first_half_mb: Math.round(Math.max(...runs.z!.map((r) => r.firstHalfMb))),
      peak_rss_second_half_mb: Math.round(Math.max(...runs.z!.map((r) => r.secondHalfMb))),
      halves_flat: median(runs.z!.map((r) => r.secondHalfMb / r.firstHalfMb)),
      copy_peak_rss_mb: Math.round(rss('c')),
      tsx_peak_rss_mb: Math.round(dev.peakRssMb),
      node_options: built.nodeOptions,
      seed_s: Math.round(seedS),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(out, { force: true });
    await t.drop();
  }
}
