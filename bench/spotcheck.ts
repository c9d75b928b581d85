/**
 * `spotcheck`: the draw of a spot check (rule 12) over 600,000 scored assessments against the floor of
 * merely reading the same population's ids, in the same run and database. The draw is the whole of
 * step 2 as a click runs it (row lock, population read, HMAC ranking, samples and audit written);
 * the floor is the population statement alone. Each round times both, in alternating order (read
 * first in even rounds, the draw first in odd ones), and `ratio` is the median of the rounds' own
 * draw / read ratios (target <= 1.5, issue 26): on the shared machine the load drifts between
 * rounds, and a round's pair sees the same load. One warm-up round, then ROUNDS (21) measured.
 */
import { rawSql } from '../src/db/client';
import { people, roleGrants } from '../src/db/schema';
import { actorByOpenId } from '../src/db/sql/actor';
import { populationIdsOn } from '../src/db/sql/spot-checks';
import { createSpotCheck } from '../src/features/spot-checks/create';
import { drawSpotCheck } from '../src/features/spot-checks/draw';
import { createTestDb } from '../test/helpers/db';
import { benchLine, percentile } from './stats';
import { cloneContracts, seedTemplate } from './threshold';

const CONTRACTS = 50_000;
const MONTHS = 12;
const CHUNK = 10_000;
const ROUNDS = 21;
const SAMPLE_SIZE = 100;
const NOW = new Date('2027-01-20T02:00:00Z');
const SCOPE = { size: String(SAMPLE_SIZE), from_month: '2026-01', to_month: '2026-12' };

export async function benchSpotcheck(): Promise<string> {
  const tdb = await createTestDb(4);
  try {
    const t = await seedTemplate(tdb.db);
    for (let done = 1; done < CONTRACTS; done += CHUNK)
      await cloneContracts(tdb.sql, t.contractId, Math.min(CHUNK, CONTRACTS - done), `s${done}`);
    // Every contract scored every month of 2026, in one statement.
    await tdb.sql`
      insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by, entered_at)
      select c.id, '2026-' || lpad(m::text, 2, '0'), '[]', s, s, s, ${t.assessorId}, '2027-01-05T02:00:00Z'
      from contracts c, generate_series(1, ${MONTHS}) m, lateral (select 700 + (c.id * 7 + m) % 300 as s) x`;
    // Vacuumed as well as analysed: otherwise autovacuum takes the 600,000 new rows during the rounds
    // (their visibility map unset, index-only reads visit the heap until it does), one round at random.
    await tdb.sql`vacuum analyze`.simple();
    const [checker] = await tdb.db
      .insert(people)
      .values({ openId: 'ou_bench_checker', name: '基准纪检' })
      .returning();
    await tdb.db.insert(roleGrants).values({ personId: checker!.id, role: 'discipline', grantedBy: 'bench' });
    const actor = await actorByOpenId(tdb.db, 'ou_bench_checker');
    const scope = { unitIds: null, categories: null, fromMonth: '2026-01', toMonth: '2026-12' };
    const reads: number[] = [];
    const draws: number[] = [];
    const ratios: number[] = [];
    let population = 0;
    for (let r = 0; r <= ROUNDS; r++) {
      const check = await tdb.db.transaction((tx) => createSpotCheck(tx, { actor, form: SCOPE, now: NOW }));
      const timeRead = async () => {
        const r0 = performance.now();
        population = (await populationIdsOn(rawSql(tdb.db), scope)).length;
        return performance.now() - r0;
      };
      const timeDraw = async () => {
        const d0 = performance.now();
        const drawn = await tdb.db.transaction((tx) => drawSpotCheck(tx, { actor, id: check.id, now: NOW }));
        const ms = performance.now() - d0;
        if (drawn.sample.length !== SAMPLE_SIZE || drawn.population !== population)
          throw new Error(`spotcheck bench: drew ${drawn.sample.length} of ${drawn.population}`);
        return ms;
      };
      let read: number;
      let draw: number;
      if (r % 2 === 0) {
        read = await timeRead();
        draw = await timeDraw();
      } else {
        draw = await timeDraw();
        read = await timeRead();
      }
      if (process.env.BENCH_VERBOSE) console.error('round', r, Math.round(read), Math.round(draw));
      if (r === 0) continue; // warm-up: plans and JIT
      reads.push(read);
      draws.push(draw);
      ratios.push(draw / read);
    }
    const readMs = percentile(reads, 50);
    const drawMs = percentile(draws, 50);
    return benchLine('spotcheck', {
      population,
      sample: SAMPLE_SIZE,
      read_ms: readMs,
      draw_ms: drawMs,
      rounds: ROUNDS,
      ratio: percentile(ratios, 50),
      ratio_min: Math.min(...ratios),
      ratio_max: Math.max(...ratios),
    });
  } finally {
    await tdb.drop();
  }
}
