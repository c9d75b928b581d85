/**
 * The replay (复算) agrees with the engine over random histories: contracts whose terms cross a year
 * boundary, scores entered and corrected in any order, spot checks whose checker's score stands (or
 * does not) for a month, and year ends run before, between and after them. The engine is driven
 * through its feature functions (recordScore, createSpotCheck / drawSpotCheck / recordCheckerScore,
 * runYearEnd), each in its own transaction as the cards do; after each history the replay of the
 * whole zone must find nothing. A fault in either side (a rule read differently, a fact not
 * recorded) shows up as a finding.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendAudit } from '../../src/audit/append';
import { actorByOpenId } from '../../src/db/sql/actor';
import { shanghaiDate } from '../../src/domain/calendar';
import { addMonths, monthOfDate } from '../../src/domain/months';
import { runYearEnd } from '../../src/features/bans/year-end';
import { replay } from '../../src/features/replay';
import { recordScore } from '../../src/features/scoring/record';
import { createSpotCheck } from '../../src/features/spot-checks/create';
import { drawSpotCheck } from '../../src/features/spot-checks/draw';
import { recordCheckerScore } from '../../src/features/spot-checks/record';
import { OutboxWriter } from '../../src/outbox/write';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 90_000);
afterAll(() => h.stop());

/** A contract as signing leaves it: the row, and its contract.signed audit row with the facts signing records. */
async function signed(startsOn: string, endsOn: string) {
  const { contract, vendor } = await createContract(h, { startsOn, endsOn });
  await h.db.transaction((tx) =>
    appendAudit(tx, {
      aggregateType: 'contract',
      aggregateId: contract.id,
      actor: h.person('张伟'),
      action: 'contract.signed',
      data: {
        requestId: contract.requestId,
        procurementId: contract.procurementId,
        vendorId: vendor.id,
        amountFen: String(contract.amountFen),
        startsOn,
        endsOn,
        policyVersion: contract.policyVersion,
      },
      at: h.now(),
    }),
  );
  return contract;
}

async function score(contractId: number, month: string, management: number, correct: boolean) {
  const actor = (await actorByOpenId(h.db, h.person('张伟')))!;
  const now = h.now();
  const [current] = correct
    ? await h.sql`select id::int as id from monthly_scores where contract_id = ${contractId} and month = ${month} and current`
    : [];
  await h.db.transaction((tx) =>
    recordScore(tx, {
      actor,
      contractId,
      month,
      typed: { management: String(management), ...(correct ? { reason: '复核后更正' } : {}) },
      ...(current ? { supersedes: Number(current.id) } : {}),
      now,
      out: new OutboxWriter(tx),
      today: shanghaiDate(now),
    }),
  );
}

async function spotCheck(unitId: number, month: string, management: number) {
  const actor = (await actorByOpenId(h.db, h.person('郑毅')))!;
  const now = h.now();
  const check = await h.db.transaction((tx) =>
    createSpotCheck(tx, {
      actor,
      form: { units: [String(unitId)], from_month: month, to_month: month, size: '1' },
      now,
    }),
  );
  const drawn = await h.db.transaction((tx) => drawSpotCheck(tx, { actor, id: check.id, now }));
  for (const s of drawn.sample)
    await h.db.transaction((tx) =>
      recordCheckerScore(tx, {
        actor,
        checkId: check.id,
        scoreId: s.id,
        typed: { management: String(management) },
        notes: '现场复核',
        evidence: '照片',
        now,
        out: new OutboxWriter(tx),
      }),
    );
}

/** A management score in whole points, no daily deduction: a final of 60 + 0.4 × it (60.0 to 100.0). */
const final = fc.integer({ min: 0, max: 100 });
const op = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('score' as const), at: fc.nat(30), final }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('spot' as const), at: fc.nat(30), final }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('yearEnd' as const), year: fc.constantFrom(2025, 2026) }),
  },
);

/**
 * The histories come from a fixed seed, so the check below that they reached every case is not left to
 * chance (from a random seed a run of 25 held 1 to 5 standing checker scores, and now and then none:
 * CI failed so once). PROPERTY_SEED=<n> explores other histories.
 */
const SEED = Number(process.env.PROPERTY_SEED ?? 20261207);

it('replay agrees with the engine over random score histories, corrections, spot checks and year ends', async () => {
  const today = shanghaiDate(h.now());
  // The last month that can be scored today whatever the test's date: two months back.
  const lastMonth = addMonths(monthOfDate(today), -2);
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: 14 }),
      fc.integer({ min: 2, max: 16 }),
      fc.array(op, { minLength: 1, maxLength: 14 }),
      async (back, length, ops) => {
        runs++;
        const endMonth = addMonths(lastMonth, -back);
        const startMonth = addMonths(endMonth, -(length - 1));
        const c = await signed(`${startMonth}-01`, `${endMonth}-28`);
        const scored = new Set<string>();
        for (const o of ops) {
          if (o.kind === 'yearEnd') {
            if (o.year < Number(today.slice(0, 4)))
              await runYearEnd(h.db, o.year, { enqueueOutbox: h.app.enqueueOutbox }, { now: h.now() });
            continue;
          }
          const month = addMonths(startMonth, o.at % length);
          if (o.kind === 'score') {
            await score(c.id, month, o.final, scored.has(month));
            scored.add(month);
          } else if (scored.has(month)) await spotCheck(c.unitId, month, o.final);
        }
        const r = await replay(h.db, { units: null, now: h.now() });
        expect(r.findings, `run ${runs}`).toEqual([]);
      },
    ),
    { numRuns: 25, endOnFailure: true, seed: SEED },
  );
  // The histories reached what the replay recomputes: warnings, questions to the leader, bans,
  // checker scores that stand, corrections.
  const [seen] = await h.sql`select
    count(*) filter (where action = 'threshold.warned')::int as warned,
    count(*) filter (where action = 'termination.opened')::int as opened,
    count(*) filter (where action = 'vendor.banned')::int as banned,
    count(*) filter (where action = 'spot_check.scored' and (data->>'checkerScoreStands')::boolean)::int as stands,
    count(*) filter (where action = 'score.corrected')::int as corrected
    from audit_log`;
  expect(seen!.warned).toBeGreaterThan(0);
  expect(seen!.opened).toBeGreaterThan(0);
  expect(seen!.banned).toBeGreaterThan(0);
  expect(seen!.stands).toBeGreaterThan(0);
  expect(seen!.corrected).toBeGreaterThan(0);
}, 300_000);
