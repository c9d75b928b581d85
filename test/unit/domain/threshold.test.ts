import { describe, expect, it } from 'vitest';
import {
  bidBanFor,
  type ContractClauses,
  evaluateContract,
  type MonthlyScore,
  type Term,
  yearStanding,
} from '../../../src/domain/threshold';

// Policy v1 values.
const clauses: ContractClauses = {
  termination: { belowTenths: 800, consecutiveMonths: 2, cumulativeMonths: 3 },
  bidBan: { annualAverageBelowTenths: 850 },
  deduction: {
    bands: [
      { minTenths: 900, deductBp: 0 },
      { minTenths: 850, deductBp: 200 },
      { minTenths: 800, deductBp: 500 },
      { minTenths: 0, deductBp: 1000 },
    ],
    annualCapFen: 20_000_000n,
  },
};
const term2026: Term = { startMonth: '2026-01', endMonth: '2026-12' };

/** `scores({ '01': 750, '03': 780 })` → scores of 2026-01 and 2026-03. */
const scores = (byMonth: Record<string, number>, year = 2026): MonthlyScore[] =>
  Object.entries(byMonth).map(([m, finalTenths]) => ({ month: `${year}-${m}`, finalTenths }));
const evaluate = (s: MonthlyScore[], asOf = '2026-06-15', term = term2026, c = clauses) =>
  evaluateContract({ clauses: c, term, scores: s, asOf });
/** The keys of the termination-rule warnings (the average warning is tested on its own). */
const keys = (s: MonthlyScore[], asOf?: string, term?: Term, c?: ContractClauses) =>
  evaluate(s, asOf, term, c)
    .warnings.filter((w) => w.kind !== 'average')
    .map((w) => w.key);

describe('termination right (rule 8)', () => {
  it('80.0 is not below 80: two months of 80.0 give nothing', () => {
    const r = evaluate(scores({ '01': 800, '02': 800, '03': 800 }));
    expect(r.termination).toBeNull();
    expect(r.warnings.filter((w) => w.kind !== 'average')).toEqual([]);
  });

  it('79.9 is below: two adjacent months of 79.9 give the right', () => {
    expect(evaluate(scores({ '01': 799, '02': 799 })).termination).toEqual({
      rule: 'consecutive',
      months: ['2026-01', '2026-02'],
    });
  });

  it('75 in January, nothing for February, 78 in March is not consecutive', () => {
    const s = scores({ '01': 750, '03': 780 });
    expect(evaluate(s).termination).toBeNull();
    expect(keys(s)).toEqual(['below:2026-01', 'below:2026-03', 'cumulative:2']);
  });

  it('when February then arrives below 80, the right arises (earliest run listed)', () => {
    expect(evaluate(scores({ '01': 750, '02': 790, '03': 780 })).termination).toEqual({
      rule: 'consecutive',
      months: ['2026-01', '2026-02'],
    });
  });

  it('when February arrives at 80 or above, no right, but the 2nd cumulative month warns', () => {
    const s = scores({ '01': 750, '02': 850, '03': 780 });
    expect(evaluate(s).termination).toBeNull();
    expect(keys(s)).toEqual(['below:2026-01', 'below:2026-03', 'cumulative:2']);
  });

  it('three non-consecutive months below give the cumulative right', () => {
    expect(evaluate(scores({ '01': 750, '03': 780, '05': 700, '07': 600 })).termination).toEqual({
      rule: 'cumulative',
      months: ['2026-01', '2026-03', '2026-05'],
    });
  });

  it('when both rules hold, the consecutive rule is reported', () => {
    expect(evaluate(scores({ '01': 750, '03': 700, '04': 700 })).termination).toEqual({
      rule: 'consecutive',
      months: ['2026-03', '2026-04'],
    });
  });

  it('has no memory: a corrected score is judged by the latest value passed', () => {
    const before = scores({ '01': 750, '02': 790 });
    const after = scores({ '01': 750, '02': 820 });
    expect(evaluate(before).termination?.rule).toBe('consecutive');
    expect(evaluate(after).termination).toBeNull();
    expect(evaluate(before)).toEqual(evaluate(before));
    expect(evaluate([...after].reverse())).toEqual(evaluate(after));
  });

  it('ignores months outside the term', () => {
    const term: Term = { startMonth: '2026-03', endMonth: '2026-10' };
    const s = scores({ '01': 700, '02': 700, '11': 700, '12': 700 });
    const r = evaluate(s, '2026-06-15', term);
    expect(r.termination).toBeNull();
    expect(r.warnings).toEqual([]);
    expect(r.year.scoredMonths).toBe(0);
  });

  it('counts adjacent months across a year boundary', () => {
    const term: Term = { startMonth: '2025-07', endMonth: '2026-06' };
    const s = [...scores({ '12': 790 }, 2025), ...scores({ '01': 790 })];
    expect(evaluate(s, '2026-01-20', term).termination?.months).toEqual(['2025-12', '2026-01']);
  });

  it('refuses two scores for one month', () => {
    expect(() => evaluate([...scores({ '01': 750 }), ...scores({ '01': 850 })])).toThrow(RangeError);
  });
});

describe('early warnings (rule 9)', () => {
  it('warns once per rule state with stable keys', () => {
    expect(keys(scores({ '04': 790 }))).toEqual(['below:2026-04']);
    expect(keys(scores({ '04': 790 }))).toEqual(keys(scores({ '04': 790 })));
  });

  it('generalises to 3 consecutive months: a run of 2 warns, keyed by its last month', () => {
    const c3 = { ...clauses, termination: { belowTenths: 800, consecutiveMonths: 3, cumulativeMonths: 6 } };
    expect(keys(scores({ '01': 700 }), undefined, undefined, c3)).toEqual([]);
    const two = evaluate(scores({ '01': 700, '02': 700 }), undefined, undefined, c3);
    expect(two.warnings.filter((w) => w.kind !== 'average')).toEqual([
      { kind: 'consecutive', key: 'below:2026-02', months: ['2026-01', '2026-02'] },
    ]);
  });

  it('no rule warning once a termination right exists by either rule', () => {
    expect(keys(scores({ '01': 700, '02': 700 }))).toEqual([]); // consecutive right, 2 cumulative
    expect(keys(scores({ '01': 700, '03': 700, '05': 700 }))).toEqual([]); // cumulative right
  });

  it('no warning when no month of the term could complete the rule', () => {
    const oneMonth: Term = { startMonth: '2026-05', endMonth: '2026-05' };
    expect(keys(scores({ '05': 700 }), '2026-05-20', oneMonth)).toEqual([]);
    const twoMonths: Term = { startMonth: '2026-05', endMonth: '2026-06' };
    expect(keys(scores({ '05': 700, '06': 700 }), '2026-05-20', twoMonths)).toEqual([]); // right exists
    expect(keys(scores({ '05': 700, '06': 900 }), '2026-05-20', twoMonths)).toEqual(['below:2026-05']);
  });

  it('warns when the annual average can no longer reach 85 even with full marks', () => {
    const s = scores({
      '01': 810,
      '02': 810,
      '03': 810,
      '04': 810,
      '05': 810,
      '06': 810,
      '07': 810,
      '08': 810,
      '09': 810,
    });
    const r = evaluate(s, '2026-10-15');
    // (850*12 - 810*9) / 3 = 970: reachable with 97.0, but the vendor never scored above 81.0.
    expect(r.year).toMatchObject({
      scoredMonths: 9,
      remainingMonths: 3,
      reachable: true,
      exceedsBestEver: true,
    });
    expect(r.year.neededAverageTenths).toEqual({ num: 970, den: 1 });
    expect(r.warnings.map((w) => w.key)).toEqual(['average:2026']);

    const worse = evaluate(scores({ '01': 700, '02': 700, '03': 700, '04': 700, '05': 840 }), '2026-06-01', {
      startMonth: '2026-01',
      endMonth: '2026-06',
    });
    // (850*6 - 3640) / 1 = 146.0 points needed: out of reach.
    expect(worse.year).toMatchObject({ reachable: false, neededDisplay: '146.0', remainingMonths: 1 });
    expect(worse.warnings.map((w) => w.key)).toContain('average:2026');
  });

  it('does not warn when the best score ever suffices', () => {
    const s = scores({ '01': 870, '02': 840, '03': 840, '04': 840, '05': 840, '06': 840 });
    // (10200 - 5070) / 6 = 85.5 needed, the vendor once scored 87.0.
    const r = evaluate(s, '2026-07-01');
    expect(r.year.neededAverageTenths).toEqual({ num: 855, den: 1 });
    expect(r.warnings).toEqual([]);
  });

  it('rounds the needed average up to the tenth for display', () => {
    const s = scores({ '01': 869, '02': 840, '03': 840, '04': 840, '05': 840, '06': 840 });
    const y = yearStanding(clauses, term2026, s, 2026);
    expect(y.neededAverageTenths).toEqual({ num: 5131, den: 6 }); // 85.516...
    expect(y.neededDisplay).toBe('85.6');
  });

  it('counts an unscored past month as still open: its score is chased and still arrives', () => {
    const y = evaluate(scores({ '01': 900, '02': 900 }), '2026-04-03').year;
    expect(y).toMatchObject({ year: 2026, scoredMonths: 2, remainingMonths: 10 });
  });

  it('does not warn about a year with no score yet, nor one fully scored', () => {
    const term: Term = { startMonth: '2025-11', endMonth: '2026-12' };
    const s = scores({ '11': 700, '12': 700 }, 2025);
    expect(evaluate(s, '2026-01-10', term).warnings.map((w) => w.key)).not.toContain('average:2025');
    expect(evaluate(s, '2026-01-10', term).warnings.some((w) => w.kind === 'average')).toBe(false);
  });
});

describe('bidding ban (rule 10)', () => {
  it('84.95 is below 85: scores 84.9 and 85.0 ban the following year', () => {
    const ban = bidBanFor(clauses, term2026, scores({ '01': 849, '02': 850 }), 2026);
    expect(ban).toEqual({ year: 2027, averageTenths: { num: 1699, den: 2 }, display: '84.9' });
  });

  it('an average of exactly 85.0 gives no ban', () => {
    expect(bidBanFor(clauses, term2026, scores({ '01': 849, '02': 851 }), 2026)).toBeNull();
  });

  it('a year with no score gives no ban', () => {
    expect(bidBanFor(clauses, term2026, [], 2026)).toBeNull();
    expect(bidBanFor(clauses, term2026, scores({ '01': 500 }), 2027)).toBeNull();
  });

  it('averages only months of that year inside the term', () => {
    const term: Term = { startMonth: '2026-03', endMonth: '2027-02' };
    const s = [...scores({ '01': 100, '03': 900, '12': 840 }), ...scores({ '01': 100 }, 2027)];
    expect(bidBanFor(clauses, term, s, 2026)).toBeNull(); // (90.0 + 84.0) / 2 = 87.0
    expect(bidBanFor(clauses, term, s, 2027)).toEqual({
      year: 2028,
      averageTenths: { num: 100, den: 1 },
      display: '10.0',
    });
  });
});
