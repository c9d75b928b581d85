/**
 * The date anomalies' pure rules (domain/date-anomalies.ts) and how the settlement audit lists them
 * as risks: 补签 (with its reason, and 登记时服务期已结束 after the end), late scores of the audited
 * months, and paid months that had no score when they were paid.
 */
import { describe, expect, it } from 'vitest';
import { isLateSigning, signedAfterEnd, unscoredAtPayment } from '../../../src/domain/date-anomalies';
import { type AuditInput, type FirstScoreFact, settlementAudit } from '../../../src/domain/settlement-audit';
import { type StoredSettlement, settlementRows } from '../../../src/domain/settlement-rows';

const term = { startsOn: '2026-08-01', endsOn: '2026-10-31' };

describe('补签 and signing after the end', () => {
  it('the same day as the start is not 补签; a day later is; after the end is said apart', () => {
    expect(isLateSigning({ ...term, signedOn: '2026-07-20' })).toBe(false);
    expect(isLateSigning({ ...term, signedOn: '2026-08-01' })).toBe(false);
    expect(isLateSigning({ ...term, signedOn: '2026-08-02' })).toBe(true);
    expect(signedAfterEnd({ ...term, signedOn: '2026-10-31' })).toBe(false);
    expect(signedAfterEnd({ ...term, signedOn: '2026-11-01' })).toBe(true);
  });
});

describe('months paid without a score', () => {
  const first = new Map([
    ['2026-08', '2026-09-05'],
    ['2026-09', '2026-11-02'], // scored the day after the payment
    ['2026-10', '2026-11-01'], // scored the day of the payment: not a risk
  ]);
  it('no score at all, or a first score entered on a later day than the payment', () => {
    expect(unscoredAtPayment(['2026-08', '2026-09', '2026-10', '2026-11'], '2026-11-01', first)).toEqual([
      { month: '2026-09', scoredOn: '2026-11-02' },
      { month: '2026-11' },
    ]);
    expect(unscoredAtPayment([], '2026-11-01', first)).toEqual([]);
  });
});

// ----- as settlement-audit risks -----
const bands = [
  { minTenths: 900, deductBp: 0 },
  { minTenths: 0, deductBp: 1000 },
];
const schedule = [
  { label: '第一期', dueOn: '2026-09-30', amountFen: '3000000' },
  { label: '第二期', dueOn: '2026-10-31', amountFen: '3000000' },
];
const whatIf = { schedule, ...term, bands, annualCapFen: 100_000_000n };
const months = ['2026-08', '2026-09', '2026-10'];
const scores = months.map((month) => ({ month, finalTenths: 950 }));
const firstScore = (month: string, enteredOn: string, late = false): FirstScoreFact => ({
  month,
  enteredOn,
  by: '张伟',
  dueOn: late ? '2026-09-08' : null,
  late,
});
const paid = (id: number, periodLabel: string, m: string[], settledOn: string): StoredSettlement => ({
  id,
  periodLabel,
  months: m,
  amountFen: 3_000_000n,
  deductBp: 0,
  rawDeductionFen: 0n,
  deductionFen: 0n,
  payableFen: 3_000_000n,
  settledBy: '孙丽',
  settledOn,
});
function input(over: Partial<AuditInput> = {}, confirmed: StoredSettlement[] = []): AuditInput {
  return {
    today: '2026-12-07',
    period: null,
    rows: settlementRows({ ...whatIf, scores, confirmed }),
    whatIf,
    scores,
    stood: [],
    openItems: [],
    ledger: [],
    split: [],
    unitYear: null,
    award: null,
    ...over,
  };
}
const signing = { ...term, reason: '原合同遗失,补录', signer: '张伟' };
const risksOf = (i: AuditInput) => settlementAudit(i)!.risks;

describe('the settlement audit lists the date anomalies as risks', () => {
  it('nothing anomalous: no risk (signed before the start, scores on time and before payment)', () => {
    const firstScores = months.map((m) => firstScore(m, '2026-11-01'));
    const confirmed = [paid(1, '第一期', ['2026-08', '2026-09'], '2026-11-01')];
    expect(
      risksOf(
        input({ signing: { ...signing, signedOn: '2026-08-01', reason: null }, firstScores }, confirmed),
      ),
    ).toEqual([]);
  });

  it('补签: its dates, reason and recorder; after the end it says so; in every period audit too', () => {
    const during = input({ signing: { ...signing, signedOn: '2026-08-15' } });
    expect(risksOf(during)).toEqual([
      { kind: 'late_signing', afterEnd: false, ...signing, signedOn: '2026-08-15' },
    ]);
    const after = input({ signing: { ...signing, signedOn: '2026-12-07', reason: null } });
    expect(risksOf(after)).toEqual([
      { kind: 'late_signing', afterEnd: true, ...signing, signedOn: '2026-12-07', reason: null },
    ]);
    expect(risksOf({ ...after, period: '第二期' }).map((r) => r.kind)).toEqual(['late_signing']);
  });

  it('late scores: each month once, with due and entry dates; a period audit keeps its own months', () => {
    const firstScores = [
      firstScore('2026-08', '2026-12-07', true),
      firstScore('2026-09', '2026-10-09'),
      firstScore('2026-10', '2026-12-07', true),
    ];
    const rows = (ms: string[]) =>
      ms.map((month) => ({ month, enteredOn: '2026-12-07', by: '张伟', dueOn: '2026-09-08' }));
    expect(risksOf(input({ firstScores }))).toEqual([
      { kind: 'late_scores', rows: rows(['2026-08', '2026-10']) },
    ]);
    expect(risksOf(input({ firstScores, period: '第一期' }))).toEqual([
      { kind: 'late_scores', rows: rows(['2026-08']) },
    ]);
  });

  it('a paid month whose first score came after the payment, and one never scored', () => {
    const withoutOctober = scores.filter((s) => s.month !== '2026-10');
    const firstScores = [firstScore('2026-08', '2026-09-05'), firstScore('2026-09', '2026-11-20')];
    const confirmed = [
      paid(1, '第一期', ['2026-08', '2026-09'], '2026-11-01'),
      paid(2, '第二期', ['2026-10'], '2026-11-01'),
    ];
    const i = input(
      {
        scores: withoutOctober,
        firstScores,
        rows: settlementRows({ ...whatIf, scores: withoutOctober, confirmed }),
      },
      confirmed,
    );
    expect(risksOf(i)).toEqual([
      {
        kind: 'unscored_paid',
        rows: [
          { period: '第一期', month: '2026-09', scoredOn: '2026-11-20' },
          { period: '第二期', month: '2026-10' },
        ],
      },
    ]);
  });
});
