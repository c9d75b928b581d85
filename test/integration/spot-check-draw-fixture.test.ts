/**
 * The spot-check draw does not drift (rule 12): a stored seed, a stored population and the samples
 * drawn from them by the draw as it was on 2026-12-07 (before the draw moved into SQL, issue 26). A
 * check created with that seed over a database holding that population must draw the very same
 * samples (ids and HMAC keys, for a fixed size and for a rate in basis points), audit the same
 * population, and `verify` must re-draw them: samples drawn before a change re-draw identically.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneContracts, seedTemplate } from '../../bench/threshold';
import { appendAudit } from '../../src/audit/append';
import { createDb, rawSql } from '../../src/db/client';
import { people, roleGrants, type SpotCheckScope, spotChecks } from '../../src/db/schema';
import { actorByOpenId } from '../../src/db/sql/actor';
import { populationIdsOn } from '../../src/db/sql/spot-checks';
import type { Actor } from '../../src/domain/actor';
import { rankerOf } from '../../src/domain/hmac-sha256';
import { drawRanked, drawSample, idsOfRanges } from '../../src/domain/spot-check-draw';
import { seedHashOf } from '../../src/features/spot-checks/create';
import { drawSpotCheck } from '../../src/features/spot-checks/draw';
import { rankWhileReading } from '../../src/features/spot-checks/ranker';
import { verifySpotCheck } from '../../src/features/spot-checks/verify';
import { createTestDb, type TestDb } from '../helpers/db';

type Fixture = {
  seed: string;
  population: [number, number][];
  draws: { sampleSize: number | null; sampleBp: number | null; sample: { scoreId: number; key: string }[] }[];
};
const FIXTURE: Fixture = JSON.parse(
  readFileSync(new URL('../fixtures/spot-check-draw.json', import.meta.url), 'utf8'),
);
const NOW = new Date('2027-01-20T02:00:00Z');
const CONTRACTS = 30;
const POPULATION = 27 * 12;

let tdb: TestDb;
let actor: Actor;
let scope: SpotCheckScope;

/**
 * The population: 30 cleaning contracts of one unit, scored Jan-Dec 2026 under explicit score ids
 * with gaps (so it is several id ranges), minus what is out of scope: three contracts turned
 * security, December's scores of contract 7 corrected (the superseded rows are not current), and
 * months of 2025.
 */
async function seedPopulation() {
  const t = await seedTemplate(tdb.db);
  await cloneContracts(tdb.sql, t.contractId, CONTRACTS - 1, 'fx');
  const ids = (await tdb.sql`select id::int as id from contracts order by id`).map((r) => Number(r.id));
  await tdb.sql`update contracts set category = 'security' where id = any(${[ids[3]!, ids[11]!, ids[20]!]}::bigint[])`;
  await tdb.sql`
    insert into monthly_scores (id, contract_id, month, deductions, daily_tenths, management_tenths, final_tenths,
      entered_by, entered_at, current)
    select 10000 + k * 50 + (k % 3) * 5 + m + case when y = '2025' then 20 else 0 end, c.id,
      y || '-' || lpad(m::text, 2, '0'), '[]', 800, 800, 800, ${t.assessorId}, '2026-12-20T02:00:00Z',
      not (k = 7 and m = 12 and y = '2026')
    from (select id, row_number() over (order by id)::int as k from contracts) c,
      generate_series(1, 12) m, unnest(array['2025', '2026']) y
    where y = '2026' or m <= 3`;
  await tdb.sql`
    insert into monthly_scores (id, contract_id, month, deductions, daily_tenths, management_tenths, final_tenths,
      entered_by, entered_at, supersedes_id, correction_reason)
    select 90001, contract_id, month, '[]', 810, 810, 810, entered_by, '2026-12-21T02:00:00Z', id, '更正'
    from monthly_scores where not current`;
  const [unit] = await tdb.sql`select unit_id::int as id from contracts limit 1`;
  scope = { unitIds: [Number(unit!.id)], categories: ['cleaning'], fromMonth: '2026-01', toMonth: '2026-12' };
  const [checker] = await tdb.db
    .insert(people)
    .values({ openId: 'ou_fx_checker', name: '抽查人' })
    .returning();
  await tdb.db.insert(roleGrants).values({ personId: checker!.id, role: 'discipline', grantedBy: 'test' });
  actor = (await actorByOpenId(tdb.db, 'ou_fx_checker'))!;
}

/** Step 1 with the stored seed (instead of a fresh one): the row and its audit with the seed's hash. */
async function createWithSeed(how: { sampleSize: number | null; sampleBp: number | null }) {
  return tdb.db.transaction(async (tx) => {
    const seedHash = seedHashOf(FIXTURE.seed);
    const [row] = await tx
      .insert(spotChecks)
      .values({ createdBy: actor.personId, scope, ...how, seed: FIXTURE.seed, seedHash, policyVersion: 1 })
      .returning();
    await appendAudit(tx, {
      aggregateType: 'spot_check',
      aggregateId: row!.id,
      actor: actor.openId,
      action: 'spot_check.created',
      data: { scope, ...how, seedHash, policyVersion: 1 },
      at: new Date('2027-01-20T01:00:00Z'),
    });
    return row!.id;
  });
}

beforeAll(async () => {
  tdb = await createTestDb(4);
  await seedPopulation();
}, 60_000);
afterAll(() => tdb?.drop());

describe('the draw of a stored seed and population', () => {
  it('the stored population is the one in scope: 27 contracts x 12 months, in many id ranges', () => {
    expect(idsOfRanges(FIXTURE.population)).toHaveLength(POPULATION);
    expect(FIXTURE.population.length).toBeGreaterThan(20);
  });

  for (const d of FIXTURE.draws) {
    const label = d.sampleSize !== null ? `size ${d.sampleSize}` : `${d.sampleBp} bp`;
    it(`draws the stored ${d.sample.length} samples (${label}) and verify re-draws them`, async () => {
      const id = await createWithSeed({ sampleSize: d.sampleSize, sampleBp: d.sampleBp });
      const drawn = await tdb.db.transaction((tx) => drawSpotCheck(tx, { actor, id, now: NOW }));
      expect(drawn.population).toBe(POPULATION);
      expect(drawn.sample.map((s) => ({ scoreId: s.id, key: s.key }))).toEqual(d.sample);
      const [audit] = await tdb.sql`select data from audit_log where aggregate_type = 'spot_check'
        and aggregate_id = ${String(id)} and action = 'spot_check.drawn'`;
      expect(audit!.data).toMatchObject({
        seed: FIXTURE.seed,
        k: d.sample.length,
        population: POPULATION,
        populationRanges: FIXTURE.population,
        sample: d.sample,
      });
      const stored = await tdb.sql`select score_id::int as "scoreId", draw_key as key from spot_check_samples
        where spot_check_id = ${id} order by draw_key, score_id`;
      expect(stored).toEqual(d.sample);
      const v = await verifySpotCheck(tdb.db, id);
      expect(v.checks.filter((c) => !c.pass)).toEqual([]);
      expect(v.ok).toBe(true);
      // The definition itself, with no database: the stored sample from the stored population.
      const pure = drawSample(FIXTURE.seed, idsOfRanges(FIXTURE.population), d.sample.length);
      expect(pure.map((s) => ({ scoreId: s.id, key: s.key }))).toEqual(d.sample);
    });
  }
});

describe('the population read', () => {
  it('is planned for its own scope every run: never a prepared statement, whose generic plan read slower', async () => {
    // One connection for single statements, so pg_prepared_statements is the reads' session's.
    const one = createDb(tdb.url, { max: 1 });
    try {
      const sql = rawSql(one.db);
      const everyUnit = { ...scope, unitIds: null, categories: null };
      for (let run = 0; run < 6; run++) {
        expect(await populationIdsOn(sql, scope)).toHaveLength(POPULATION);
        expect(await populationIdsOn(sql, everyUnit)).toHaveLength(CONTRACTS * 12);
      }
      const prepared = async () =>
        (await sql`select statement from pg_prepared_statements`).map((r) => String(r.statement));
      // The session does prepare its tagged statements (this very query), so the check can fail.
      expect((await prepared()).some((t) => t.includes('pg_prepared_statements'))).toBe(true);
      expect((await prepared()).filter((t) => t.includes('monthly_scores'))).toEqual([]);
    } finally {
      await one.sql.end({ timeout: 1 });
    }
  });
});

describe('ranking while reading', () => {
  it('the worker thread ranks chunks as the main thread would: the same stored samples', async () => {
    // Shuffled (the read has no order), in chunks of 50 (six full ones; the last 24 ranked here).
    const ids = idsOfRanges(FIXTURE.population).sort((a, b) => ((a * 7919) % 1009) - ((b * 7919) % 1009));
    const got = await rankWhileReading(
      FIXTURE.seed,
      async (onId) => {
        for (const id of ids) onId(id);
      },
      50,
    );
    expect(got.ids).toEqual(ids);
    // The worker is handed two chunks at once and answers them; the rest is shared after the read.
    expect(got.byWorker).toBeGreaterThanOrEqual(100);
    const here = new Float64Array(ids.length);
    rankerOf(FIXTURE.seed)(ids, here, 0);
    expect(got.rank).toEqual(here);
    for (const d of FIXTURE.draws) {
      const drawn = drawRanked(FIXTURE.seed, got.ids, got.rank, d.sample.length);
      expect(drawn.map((s) => ({ scoreId: s.id, key: s.key }))).toEqual(d.sample);
    }
  });

  it('a read that fails stops the worker and fails the draw', async () => {
    const read = rankWhileReading(
      FIXTURE.seed,
      async (onId) => {
        for (let id = 1; id <= 120; id++) onId(id);
        throw new Error('read failed');
      },
      50,
    );
    await expect(read).rejects.toThrow('read failed');
  });
});
