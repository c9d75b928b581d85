import { describe, expect, it } from 'vitest';
import { type AuditInput, overrideCheck, settlementAudit } from '../../../src/domain/settlement-audit';
import { settlementRows } from '../../../src/domain/settlement-rows';

const bands = [
  { minTenths: 900, deductBp: 0 },
  { minTenths: 850, deductBp: 200 },
  { minTenths: 800, deductBp: 500 },
  { minTenths: 0, deductBp: 1000 },
];
const schedule = [
  { label: '上半年', dueOn: '2026-06-30', amountFen: '6000000' },
  { label: '下半年', dueOn: '2026-12-31', amountFen: '6000000' },
];
const whatIf = { schedule, startsOn: '2026-01-01', endsOn: '2026-12-31', bands, annualCapFen: 100_000_000n };
const months = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `2026-${String(from + i).padStart(2, '0')}`);

/** A clean contract: every month 95.0, nothing open, nothing warned, the ledger in step. */
function clean(over: Partial<AuditInput> = {}): AuditInput {
  const scores = months(1, 12).map((month) => ({ month, finalTenths: 950 }));
  return {
    today: '2026-11-30',
    period: null,
    rows: settlementRows({ ...whatIf, scores, confirmed: [] }),
    whatIf,
    scores,
    stood: [],
    openItems: [],
    ledger: [],
    split: [],
    unitYear: { year: 2026, totalFen: 12_000_000n, count: 1, singleSource: [] },
    award: { requestId: 1, approvedFen: 12_000_000n, awardedFen: 12_000_000n, reapprovalRef: null },
    ...over,
  };
}
const kinds = (i: AuditInput) => settlementAudit(i)!.risks.map((r) => r.kind);

describe('settlement audit risks, each with its rows, and none when absent', () => {
  it('a clean contract has no risk', () => {
    expect(kinds(clean())).toEqual([]);
  });

  it('months paid without a score: the months of a confirmed period lacking a current score', () => {
    const scores = months(1, 12)
      .filter((m) => m !== '2026-03')
      .map((month) => ({ month, finalTenths: 950 }));
    const confirmed = [
      {
        id: 7,
        periodLabel: '上半年',
        months: months(1, 6),
        amountFen: 6_000_000n,
        deductBp: 0,
        rawDeductionFen: 0n,
        deductionFen: 0n,
        payableFen: 6_000_000n,
        settledBy: '孙丽',
        settledOn: '2026-07-01',
      },
    ];
    const a = settlementAudit(clean({ scores, rows: settlementRows({ ...whatIf, scores, confirmed }) }))!;
    expect(a.risks).toEqual([{ kind: 'unscored_paid', rows: [{ period: '上半年', month: '2026-03' }] }]);
    // Unpaid months without a score are not this risk (the settlement refuses them).
    const unpaid = clean({ scores, rows: settlementRows({ ...whatIf, scores, confirmed: [] }) });
    expect(kinds(unpaid)).toEqual([]);
  });

  it('scores clustered just above 80 or 85: from the bar to 1.0 above it, two months or more', () => {
    const scores = months(1, 12).map((month, i) => ({
      month,
      finalTenths: [800, 810, 811, 850, 860, 950, 799, 950, 950, 950, 950, 950][i]!,
    }));
    const a = settlementAudit(clean({ scores }))!;
    expect(a.risks).toEqual([
      {
        kind: 'clustered',
        bar: 800,
        rows: [
          { month: '2026-01', tenths: 800 },
          { month: '2026-02', tenths: 810 },
        ],
      },
      {
        kind: 'clustered',
        bar: 850,
        rows: [
          { month: '2026-04', tenths: 850 },
          { month: '2026-05', tenths: 860 },
        ],
      },
    ]);
    // One month near a bar is no cluster; the period scope sees only its months.
    const one = scores.map((s) =>
      s.month === '2026-02' || s.month === '2026-05' ? { ...s, finalTenths: 950 } : s,
    );
    expect(kinds(clean({ scores: one }))).toEqual([]);
    expect(kinds(clean({ scores, period: '下半年' }))).toEqual([]);
  });

  it('gaps above the tolerance, with both scores and the deduction difference they make', () => {
    const stood = [
      { spotCheckId: 1, month: '2026-02', assessorTenths: 950, checkerTenths: 700, gapTenths: 250 },
      { spotCheckId: 2, month: '2026-02', assessorTenths: 950, checkerTenths: 710, gapTenths: 240 },
    ];
    const a = settlementAudit(clean({ stood }))!;
    expect(a.risks).toEqual([{ kind: 'gap_above_tolerance', rows: [stood[1]] }]);
    // The latest check of February stands: (950*5 + 710)/6 = 91.0 deducts nothing either way.
    expect(a.adjustments).toEqual([{ period: '上半年', assessorFen: 0n, checkerFen: 0n, differenceFen: 0n }]);
    const low = [
      { spotCheckId: 3, month: '2026-08', assessorTenths: 950, checkerTenths: 400, gapTenths: 550 },
    ];
    const b = settlementAudit(clean({ stood: low }))!;
    // (950*5 + 400)/6 = 85.8 → the 2% band: 120,000 fen more deducted.
    expect(b.adjustments).toEqual([
      { period: '下半年', assessorFen: 0n, checkerFen: 120_000n, differenceFen: 120_000n },
    ]);
    expect(settlementAudit(clean({ stood: low, period: '上半年' }))!.adjustments).toEqual([]);
  });

  it('findings past their deadline, with the days overdue; not when due today or later', () => {
    const item = {
      id: 4,
      inspectionId: 2,
      inspectedOn: '2026-11-01',
      finding: '消防通道堆物',
      dueOn: '2026-11-27',
      status: 'open' as const,
      severity: 'major',
    };
    const a = settlementAudit(clean({ openItems: [item, { ...item, id: 5, dueOn: '2026-11-30' }] }))!;
    expect(a.risks).toEqual([{ kind: 'overdue_finding', rows: [{ ...item, daysOverdue: 3 }] }]);
    expect(a.openItems.map((i) => i.id)).toEqual([4, 5]);
  });

  it('split warnings, single-source share from 10%, an award above the approved amount', () => {
    const split = [{ category: 'cleaning', year: 2026, totalFen: 40_000_000n }];
    expect(settlementAudit(clean({ split }))!.risks).toEqual([{ kind: 'split_warning', rows: split }]);
    const single = { requestId: 9, vendor: '某公司', awardedFen: 1_000_000n, reason: '唯一供应商' };
    const share = clean({
      unitYear: { year: 2026, totalFen: 10_000_000n, count: 3, singleSource: [single] },
    });
    expect(settlementAudit(share)!.risks).toEqual([
      { kind: 'single_source_share', shareBp: 1000, year: 2026, totalFen: 10_000_000n, rows: [single] },
    ]);
    const below = clean({
      unitYear: { year: 2026, totalFen: 10_000_001n, count: 3, singleSource: [single] },
    });
    expect(kinds(below)).toEqual([]);
    const award = { requestId: 1, approvedFen: 19_900_000n, awardedFen: 20_000_000n, reapprovalRef: null };
    expect(settlementAudit(clean({ award }))!.risks).toEqual([
      { kind: 'awarded_above_approved', rows: [award] },
    ]);
    expect(kinds(clean({ award: { ...award, awardedFen: 19_900_000n } }))).toEqual([]);
  });

  it('a confirmed deduction the savings ledger does not carry', () => {
    const scores = months(1, 12).map((month) => ({ month, finalTenths: 820 }));
    const stored = {
      id: 3,
      periodLabel: '上半年',
      months: months(1, 6),
      amountFen: 6_000_000n,
      deductBp: 500,
      rawDeductionFen: 300_000n,
      deductionFen: 300_000n,
      payableFen: 5_700_000n,
      settledBy: null,
      settledOn: '2026-07-01',
    };
    const rows = settlementRows({ ...whatIf, scores, confirmed: [stored] });
    const ok = settlementAudit(clean({ scores, rows, ledger: [{ settlementId: 3, amountFen: 300_000n }] }))!;
    expect(ok.risks.map((r) => r.kind)).toEqual([]);
    expect(ok.confirmed).toEqual({
      amountFen: 6_000_000n,
      deductionFen: 300_000n,
      payableFen: 5_700_000n,
      count: 1,
    });
    expect(ok.ledgerDeductionFen).toBe(300_000n);
    const off = settlementAudit(clean({ scores, rows, ledger: [] }))!;
    expect(off.risks).toEqual([
      { kind: 'ledger_mismatch', rows: [{ period: '上半年', deductionFen: 300_000n, ledgerFen: 0n }] },
    ]);
  });

  it('an unknown period has no audit', () => {
    expect(settlementAudit(clean({ period: '第五期' }))).toBeUndefined();
  });
});

describe('override of open findings', () => {
  it('nothing open: no reason needed; open: a reason of at least 4 characters', () => {
    expect(overrideCheck([], '')).toEqual({ ok: true, override: null });
    expect(overrideCheck([{ finding: '楼道垃圾未清运' }], '')).toMatchObject({
      ok: false,
      message: expect.stringContaining('(「楼道垃圾未清运」)'),
    });
    const four = ['一', '二', '三', '四'].map((n) => ({ finding: `问题${n}` }));
    expect(overrideCheck(four, '')).toMatchObject({
      message: expect.stringContaining('(「问题一」、「问题二」、「问题三」等)'),
    });
    expect(overrideCheck([{ finding: '楼道垃圾未清运' }], ' 急需 ')).toMatchObject({
      ok: false,
      message: expect.stringContaining('至少4个字'),
    });
    expect(overrideCheck([{ finding: '楼道垃圾未清运' }], ' 已现场核实 ')).toEqual({
      ok: true,
      override: '已现场核实',
    });
  });
});
