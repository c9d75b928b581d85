/**
 * Card and report amounts agree to the fen on random periods: random terms, payment schedules (odd
 * fen included), scores (months missing, scores on the band edges) and band tables. The report's rows
 * (`settlementRows`, what `settlementReport` returns and what confirming stores) are rendered by the
 * card builder; every amount the card shows is read back and compared with the row formatted by
 * `formatYuan`, and the rows are checked against a naive reference of the settlement rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSettlementCard } from '../../../src/cards/settlement';
import { addCalendarDays } from '../../../src/domain/business-date';
import type { DeductionBand } from '../../../src/domain/deduction';
import { formatYuan } from '../../../src/domain/money';
import { monthOfDate, termMonths } from '../../../src/domain/months';
import {
  type SettlementRow,
  type StoredSettlement,
  settlementRows,
} from '../../../src/domain/settlement-rows';

const bandsArb: fc.Arbitrary<DeductionBand[]> = fc
  .uniqueArray(fc.oneof(fc.constantFrom(800, 850, 900), fc.integer({ min: 1, max: 1000 })), { maxLength: 3 })
  .chain((mins) =>
    fc
      .array(fc.integer({ min: 0, max: 10_000 }), { minLength: mins.length + 1, maxLength: mins.length + 1 })
      .map((bps) => {
        const sortedMins = [...mins].sort((a, b) => b - a).concat(0);
        const sortedBps = [...bps].sort((a, b) => a - b);
        return sortedMins.map((minTenths, i) => ({ minTenths, deductBp: sortedBps[i] ?? 0 }));
      }),
  );

const scoreArb = fc.option(
  fc.oneof(fc.constantFrom(799, 800, 849, 850, 899, 900, 1000), fc.integer({ min: 0, max: 1000 })),
  {
    freq: 4,
  },
);

const caseArb = fc
  .record({
    start: fc.integer({ min: 0, max: 900 }).map((d) => addCalendarDays('2025-01-01', d)),
    days: fc.integer({ min: 0, max: 1100 }),
    dueOffsets: fc.array(fc.integer({ min: -60, max: 1200 }), { maxLength: 8 }),
    amounts: fc.array(
      fc.oneof(fc.bigInt({ min: 0n, max: 99_999n }), fc.bigInt({ min: 0n, max: 10n ** 11n })),
      {
        minLength: 8,
        maxLength: 8,
      },
    ),
    bands: bandsArb,
    annualCapFen: fc.oneof(fc.bigInt({ min: 0n, max: 2_000_000n }), fc.constant(20_000_000n)),
    scores: fc.array(scoreArb, { minLength: 40, maxLength: 40 }),
    confirmPrefix: fc.integer({ min: 0, max: 8 }),
  })
  .map((c) => {
    const endsOn = addCalendarDays(c.start, c.days);
    const schedule = [...c.dueOffsets]
      .sort((a, b) => a - b)
      .map((d, i) => ({
        label: `第${i + 1}期`,
        dueOn: addCalendarDays(c.start, d),
        amountFen: String(c.amounts[i]),
      }));
    const months = termMonths({ startMonth: monthOfDate(c.start), endMonth: monthOfDate(endsOn) });
    const scores = months.flatMap((month, i) => {
      const v = c.scores[i % c.scores.length];
      return v === null || v === undefined ? [] : [{ month, finalTenths: v }];
    });
    return { ...c, startsOn: c.start, endsOn, schedule, months, scores };
  });

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** The rules written out plainly: month by last day, average by cross-multiplication, cap walked per year. */
function naive(c: Case) {
  const periods = c.schedule.map(() => [] as string[]);
  for (const m of c.months) {
    const [y, mm] = m.split('-').map(Number) as [number, number];
    const lastDay = new Date(Date.UTC(y, mm, 0)).toISOString().slice(0, 10);
    const closes = [lastDay, c.endsOn].sort()[0]!;
    let k = c.schedule.length - 1;
    for (let i = c.schedule.length - 1; i >= 0; i--) if (c.schedule[i]!.dueOn >= closes) k = i;
    periods[k]?.push(m);
  }
  const byMonth = new Map(c.scores.map((s) => [s.month, s.finalTenths]));
  const used = new Map<string, bigint>();
  return c.schedule.map((p, i) => {
    const vals = periods[i]!.flatMap((m) => (byMonth.has(m) ? [byMonth.get(m)!] : []));
    let raw = 0n;
    if (vals.length) {
      const sum = vals.reduce((a, b) => a + b, 0);
      const band = c.bands.find((b) => sum >= b.minTenths * vals.length)!;
      const product = BigInt(p.amountFen) * BigInt(band.deductBp);
      raw = product / 10_000n + (product % 10_000n >= 5_000n ? 1n : 0n);
    }
    const year = p.dueOn.slice(0, 4);
    const left = c.annualCapFen - (used.get(year) ?? 0n);
    const deduction = raw < left ? raw : left;
    used.set(year, (used.get(year) ?? 0n) + deduction);
    return { months: periods[i]!, raw, deduction, payable: BigInt(p.amountFen) - deduction };
  });
}

function render(c: Case, rows: SettlementRow[]) {
  return buildSettlementCard({
    contractId: 1,
    number: 'HT-2026-0001',
    unit: '资产经营公司',
    vendor: '测试物业服务有限公司',
    amountFen: c.schedule.reduce((s, p) => s + BigInt(p.amountFen), 0n),
    term: `${c.startsOn} 至 ${c.endsOn}`,
    bands: c.bands,
    annualCapFen: c.annualCapFen,
    rows,
    canConfirm: true,
  });
}

/** The markdown of each period, by label, as the card shows it. */
function periodTexts(card: ReturnType<typeof buildSettlementCard>): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of card.body.elements) {
    const m = e.tag === 'markdown' ? /^\*\*(第\d+期)\*\*/.exec(String(e.content)) : null;
    if (m) out.set(m[1]!, String(e.content));
  }
  return out;
}

const read = (text: string, label: string) => new RegExp(`${label}:(-?[\\d,]+\\.\\d{2}元)`).exec(text)?.[1];

function toStored(rows: SettlementRow[], k: number): StoredSettlement[] {
  return rows.slice(0, k).map((r, i) => ({
    id: i + 1,
    periodLabel: r.label,
    months: r.months,
    amountFen: r.amountFen,
    deductBp: r.deductBp,
    rawDeductionFen: r.rawFen,
    deductionFen: r.deductionFen,
    payableFen: r.payableFen,
    settledBy: '孙丽',
    settledOn: '2026-01-01',
  }));
}

describe('settlement card and report', () => {
  it('Card and report amounts agree to the fen on random periods', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const input = { ...c, confirmed: [] };
        const rows = settlementRows(input);
        const expected = naive(c);
        const texts = periodTexts(render(c, rows));
        expect(rows).toHaveLength(c.schedule.length);
        rows.forEach((r, i) => {
          const e = expected[i]!;
          expect(r.months).toEqual(e.months);
          expect([r.rawFen, r.deductionFen, r.payableFen]).toEqual([e.raw, e.deduction, e.payable]);
          expect(r.payableFen + r.deductionFen).toBe(r.amountFen);
          const text = texts.get(r.label)!;
          expect(read(text, '本期金额')).toBe(formatYuan(r.amountFen));
          expect(read(text, '扣减金额\\(含封顶\\)')).toBe(formatYuan(r.deductionFen));
          expect(read(text, '应付金额')).toBe(formatYuan(r.payableFen));
          // Every amount in the period's text is one of the row's own amounts: nothing computed apart.
          const own = new Set(
            [r.amountFen, r.rawFen, r.deductionFen, r.payableFen, r.capRoomFen].map(formatYuan),
          );
          for (const shown of text.match(/-?[\d,]+\.\d{2}元/g) ?? []) expect(own.has(shown)).toBe(true);
        });
        // Each month of the term is paid for by exactly one period (when there is a schedule).
        if (c.schedule.length) expect(rows.flatMap((r) => r.months)).toEqual(c.months);
        // Confirming a prefix stores rows that read back the same, and the rest are unchanged.
        const again = settlementRows({ ...input, confirmed: toStored(rows, c.confirmPrefix) });
        again.forEach((r, i) => {
          const before = rows[i]!;
          expect([r.amountFen, r.rawFen, r.deductionFen, r.payableFen, r.months]).toEqual([
            before.amountFen,
            before.rawFen,
            before.deductionFen,
            before.payableFen,
            before.months,
          ]);
        });
      }),
      { numRuns: 400 },
    );
  });
});
