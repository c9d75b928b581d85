/**
 * 结算 export on random contracts (issue 13): random payment schedules, monthly scores across the
 * deduction bands (some months missing) and sometimes a small annual cap; every period row and the
 * 合计 row of the sheet agree to the fen with `settlementReport`, the function the card shows.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { settlementReport } from '../../src/features/settlement/report';
import { readXlsx } from '../../src/xlsx';
import type { ReadCell } from '../../src/xlsx/types';
import { askMenu, forgeCardCallback } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let assessor: number;

beforeAll(async () => {
  h = await startHarness();
  const [row] = await h.sql`select id from people where open_id = ${h.person('张伟')}`;
  assessor = Number(row!.id);
}, 60_000);
afterAll(() => h.stop());

type Case = {
  periods: { month: number; day: number; fen: bigint }[];
  /** Final score in tenths of each month of 2026, null when not scored. */
  scores: (number | null)[];
  capFen: bigint | null;
};

// One score per band of policy v1: below 80, 80 to 85, 85 to 90, 90 and above.
const bandScore = fc.oneof(
  fc.integer({ min: 500, max: 799 }),
  fc.integer({ min: 800, max: 849 }),
  fc.integer({ min: 850, max: 899 }),
  fc.integer({ min: 900, max: 1000 }),
);

const caseArb: fc.Arbitrary<Case> = fc.record({
  periods: fc
    .uniqueArray(
      fc.record({
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
        fen: fc.bigInt({ min: 100_000n, max: 5_000_000_00n }),
      }),
      { minLength: 2, maxLength: 4, selector: (x) => x.month },
    )
    .map((ps) => [...ps].sort((a, b) => a.month - b.month)),
  scores: fc.array(fc.option(bandScore, { nil: null }), { minLength: 12, maxLength: 12 }),
  capFen: fc.option(fc.bigInt({ min: 1n, max: 3_000_000n }), { nil: null }),
});

// A case whose cap surely binds and whose periods fall in different bands, run before the random ones.
const CAPPED: Case = {
  periods: [
    { month: 3, day: 31, fen: 30_000_001n },
    { month: 6, day: 30, fen: 30_000_000n },
    { month: 12, day: 31, fen: 40_000_003n },
  ],
  scores: [700, 780, 790, 820, 840, null, 870, 880, 860, 950, 920, 910],
  capFen: 1_500_000n,
};

const pad2 = (n: number) => String(n).padStart(2, '0');
const fenOf = (cell: ReadCell | undefined) => {
  expect(typeof cell).toBe('number');
  return BigInt(Math.round((cell as number) * 100));
};

async function seed(c: Case) {
  const { contract } = await createContract(h, {
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    unitCode: 'asset',
  });
  const schedule = c.periods.map((x, i) => ({
    label: `第${i + 1}期`,
    dueOn: `2026-${pad2(x.month)}-${pad2(x.day)}`,
    amountFen: String(x.fen),
  }));
  const amount = c.periods.reduce((s, x) => s + x.fen, 0n);
  await h.sql`update contracts set payment_schedule = ${JSON.stringify(schedule)}::jsonb,
    amount_fen = ${String(amount)} where id = ${contract.id}`;
  if (c.capFen !== null)
    await h.sql`update contracts set clauses = jsonb_set(clauses, '{deduction,annualCapFen}',
      to_jsonb(${String(c.capFen)}::text)) where id = ${contract.id}`;
  for (const [i, t] of c.scores.entries())
    if (t !== null)
      await h.sql`insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths,
          final_tenths, entered_by)
        values (${contract.id}, ${`2026-${pad2(i + 1)}`}, '[]', ${t}, ${t}, ${t}, ${assessor})`;
  return contract.id;
}

/** 孙丽 (finance) clicks 导出 for the contract's settlement; the sheet she receives. */
async function exportSettlement(contractId: number) {
  const who = h.person('孙丽');
  const before = h.sb.filesReceived(who).length;
  const menu = await askMenu(h.sb, who);
  const r = await forgeCardCallback(
    h,
    who,
    menu.messageId,
    { a: 'export.request', k: 'settlements', contract: contractId },
    {},
  );
  expect(r.toast?.type, r.toast?.content).toBe('info');
  const f = await h.sb.waitFor(() => h.sb.filesReceived(who)[before], 60_000);
  return (await readXlsx(f.bytes))[0]!;
}

it('random schedules, scores and caps: each period’s payable and the 合计 equal the card’s, to the fen', async () => {
  const seen = { deducted: 0, capped: 0, runs: 0 };
  await fc.assert(
    fc.asyncProperty(caseArb, async (c) => {
      const contractId = await seed(c);
      const sheet = await exportSettlement(contractId);
      const report = (await settlementReport(h.db, contractId))!;
      const ctx = `contract ${contractId}: ${JSON.stringify(c, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`;
      expect(sheet.name, ctx).toBe('结算');
      expect(sheet.rows[0]![6], ctx).toBe('本期金额');
      expect(sheet.rows[0]![8], ctx).toBe('扣减金额(含封顶)');
      expect(sheet.rows[0]![10], ctx).toBe('应付金额');
      const periods = sheet.rows.slice(1, -1);
      expect(periods, ctx).toHaveLength(report.rows.length);
      expect(report.rows, ctx).toHaveLength(c.periods.length);
      for (const [i, row] of report.rows.entries()) {
        const cells = periods[i]!;
        expect(cells[0], ctx).toBe(row.label);
        expect(fenOf(cells[6]), `${ctx} ${row.label} amount`).toBe(row.amountFen);
        expect(fenOf(cells[8]), `${ctx} ${row.label} deduction`).toBe(row.deductionFen);
        expect(fenOf(cells[10]), `${ctx} ${row.label} payable`).toBe(row.payableFen);
      }
      const sum = (pick: (r: (typeof report.rows)[number]) => bigint) =>
        report.rows.reduce((s, r) => s + pick(r), 0n);
      const total = sheet.rows.at(-1)!;
      expect(total[0], ctx).toBe('合计');
      expect(fenOf(total[6]), ctx).toBe(sum((r) => r.amountFen));
      expect(fenOf(total[8]), ctx).toBe(sum((r) => r.deductionFen));
      expect(fenOf(total[10]), ctx).toBe(sum((r) => r.payableFen));
      seen.runs++;
      seen.deducted += report.rows.filter((r) => r.deductionFen > 0n).length;
      seen.capped += report.rows.filter((r) => r.deductionFen < r.rawFen).length;
    }),
    // fast-check counts the example as a run: four random cases after it.
    { numRuns: 5, examples: [[CAPPED]] },
  );
  // The hand-picked case makes sure deductions and the cap were really exercised.
  expect(seen.runs).toBe(5);
  expect(seen.deducted).toBeGreaterThan(0);
  expect(seen.capped).toBeGreaterThan(0);
}, 300_000);
