import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bandOf,
  dailyLineTenths,
  finalTenths,
  formatPercent,
  formatTenths,
  parseTenths,
  windowOpen,
  windowOpensOn,
} from '../../../src/domain/score';
import {
  NOTE_MAX,
  payloadOf,
  REASON_MAX,
  typedFromPayload,
  validateEntry,
} from '../../../src/domain/score-entry';

const W = { dailyWeightBp: 6000, managementWeightBp: 4000 };
const BANDS = [
  { minTenths: 900, deductBp: 0 },
  { minTenths: 850, deductBp: 200 },
  { minTenths: 800, deductBp: 500 },
  { minTenths: 0, deductBp: 1000 },
];
const tenths = (s: string) => {
  const r = parseTenths(s, '得分');
  if (!r.ok) throw new Error(r.error);
  return r.tenths;
};
const error = (s: string) => {
  const r = parseTenths(s, '得分');
  if (r.ok) throw new Error(`expected ${s} to be refused`);
  return r.error;
};

describe('parseTenths', () => {
  it.each([
    ['92', 920],
    ['92.5', 925],
    ['0', 0],
    ['100', 1000],
    ['1.5', 15],
    ['１.５', 15],
    ['２分', 20],
    [' 3 ', 30],
    ['-0', 0],
  ])('%s → %i tenths', (input, expected) => expect(tenths(input)).toBe(expected));

  it('refuses what is not one decimal of a non-negative number', () => {
    expect(error('')).toBe('请填写得分');
    expect(error('1.25')).toBe('得分最多保留一位小数');
    expect(error('-1')).toBe('得分不能为负数');
    expect(error('abc')).toContain('须为数字');
    expect(error('1e2')).toContain('须为数字');
    expect(error('.5')).toContain('须为数字');
  });
});

describe('final score', () => {
  it('daily line is 100 minus the deductions', () => {
    expect(dailyLineTenths([])).toBe(1000);
    expect(dailyLineTenths([20, 15])).toBe(965);
    expect(dailyLineTenths([1000])).toBe(0);
    expect(() => dailyLineTenths([600, 401])).toThrow(RangeError);
    expect(() => dailyLineTenths([-1])).toThrow(RangeError);
  });

  it('weights 6000/4000, half up to one decimal', () => {
    expect(finalTenths(1000, 1000, W)).toBe(1000);
    expect(finalTenths(0, 0, W)).toBe(0);
    expect(finalTenths(980, 900, W)).toBe(948); // 58.8 + 36.0
    // 96.5 × 0.6 + 90.0 × 0.4 = 57.9 + 36 = 93.9 exactly
    expect(finalTenths(965, 900, W)).toBe(939);
    // 80.1 × 0.6 + 79.9 × 0.4 = 48.06 + 31.96 = 80.02 → 80.0
    expect(finalTenths(801, 799, W)).toBe(800);
  });

  it('x.x5 rounds up, x.x4 down (weights 5000/5000 make exact halves)', () => {
    const half = { dailyWeightBp: 5000, managementWeightBp: 5000 };
    expect(finalTenths(900, 801, half)).toBe(851); // 85.05 → 85.1
    expect(finalTenths(799, 800, half)).toBe(800); // 79.95 → 80.0: rounding decides the band
    expect(finalTenths(1, 0, half)).toBe(1); // 0.05 → 0.1
    // 6000/4000: 84.9 × 0.6 + 85.2 × 0.4 = 50.94 + 34.08 = 85.02 → 85.0; 85.5 × .6 + 84.0 × .4 = 84.9
    expect(finalTenths(849, 852, W)).toBe(850);
    expect(finalTenths(855, 840, W)).toBe(849);
    // 87.5 × 0.7 + 90.0 × 0.3 = 61.25 + 27 = 88.25 → 88.3
    expect(finalTenths(875, 900, { dailyWeightBp: 7000, managementWeightBp: 3000 })).toBe(883);
  });

  it('stays within 0-100 and between the two lines for any inputs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 10000 }),
        (d, m, bp) => {
          const f = finalTenths(d, m, { dailyWeightBp: bp, managementWeightBp: 10000 - bp });
          expect(f).toBeGreaterThanOrEqual(Math.min(d, m));
          expect(f).toBeLessThanOrEqual(Math.max(d, m));
        },
      ),
    );
  });

  it('refuses out-of-range lines and weights not summing to 10000', () => {
    expect(() => finalTenths(1001, 0, W)).toThrow(RangeError);
    expect(() => finalTenths(10.5, 0, W)).toThrow(RangeError);
    expect(() => finalTenths(900, 900, { dailyWeightBp: 6000, managementWeightBp: 3000 })).toThrow(
      RangeError,
    );
  });
});

describe('band and display', () => {
  it('first band top-down with score >= its minimum', () => {
    expect(bandOf(BANDS, 1000).label).toBe('90分及以上:不扣减');
    expect(bandOf(BANDS, 900).label).toBe('90分及以上:不扣减');
    expect(bandOf(BANDS, 899).label).toBe('85–90分:扣减2%');
    expect(bandOf(BANDS, 850).label).toBe('85–90分:扣减2%');
    expect(bandOf(BANDS, 849).label).toBe('80–85分:扣减5%');
    expect(bandOf(BANDS, 800)).toMatchObject({ index: 2, deductBp: 500 });
    expect(bandOf(BANDS, 799).label).toBe('低于80分:扣减10%');
    expect(bandOf(BANDS, 0).index).toBe(3);
    expect(bandOf([{ minTenths: 0, deductBp: 0 }], 500).label).toBe('全部分数:不扣减');
    expect(() => bandOf([{ minTenths: 500, deductBp: 0 }], 400)).toThrow(RangeError);
  });

  it('formats tenths and percentages', () => {
    expect(formatTenths(948)).toBe('94.8');
    expect(formatTenths(900)).toBe('90.0');
    expect(formatTenths(5)).toBe('0.5');
    expect(formatPercent(250)).toBe('2.5%');
    expect(formatPercent(1000)).toBe('10%');
    expect(formatPercent(5)).toBe('0.05%');
  });
});

describe('scoring window', () => {
  it('opens on the given day of the month, clamped to its last day', () => {
    expect(windowOpensOn('2026-11', 25)).toBe('2026-11-25');
    expect(windowOpensOn('2026-02', 31)).toBe('2026-02-28');
    expect(windowOpen('2026-11', 25, '2026-11-24')).toBe(false);
    expect(windowOpen('2026-11', 25, '2026-11-25')).toBe(true);
    expect(windowOpen('2026-10', 25, '2026-11-01')).toBe(true);
  });
});

describe('validateEntry (the check run on preview and again on confirm)', () => {
  const rubric = [
    { key: 'quality', name: '服务质量', maxDeductTenths: 300 },
    { key: 'staffing', name: '人员管理', maxDeductTenths: 200 },
  ];
  const clauses = {
    scoring: {
      ...W,
      windowOpensDay: 25,
      dueWorkingDay: 5,
      remindBeforeDueWorkingDays: 2,
      escalateAfterDueWorkingDays: 2,
    },
    deduction: { bands: BANDS, annualCapFen: '20000000' },
  } as never;
  const check = (typed: Record<string, string>, correction = false) =>
    validateEntry(rubric, clauses, typed, correction);

  it('computes the lines with the contract weights and survives the button round trip', () => {
    const r = check({ d_quality: '2.5', n_quality: '地面污渍', d_staffing: '', management: '88' });
    if (!r.ok) throw new Error(r.error);
    expect(r.entry).toMatchObject({ dailyTenths: 975, managementTenths: 880, finalTenths: 937 });
    expect(r.entry.deductions).toEqual([{ item: 'quality', tenths: 25, note: '地面污渍' }]);
    expect(r.entry.band.label).toBe('90分及以上:不扣减');
    const again = check(typedFromPayload(payloadOf(r.entry)));
    expect(again).toEqual(r);
  });

  it.each([
    [{ d_quality: '30.1', n_quality: 'x', management: '90' }, '「服务质量」扣分不能超过该项上限 30 分'],
    [{ d_quality: '1', management: '90' }, '「服务质量」扣了 1 分,请填写扣分说明'],
    [{ d_bogus: '1', n_bogus: 'x', management: '90' }, '考核细则中没有该扣分项,请重新打开考核表填写'],
    [{ management: '100.1' }, '管理考核得分须在0到100分之间'],
    [{ management: '' }, '请填写管理考核得分'],
  ])('refuses %j', (typed, message) => {
    expect(check(typed)).toEqual({ ok: false, error: message });
  });

  it('a form with several faults reports every one of them at once, in form order', () => {
    // Over an item's cap, a deduction without its note, a management score out of range and no reason.
    const r = check({ d_quality: '31', n_quality: 'x', d_staffing: '2', management: '101' }, true);
    expect(r).toEqual({
      ok: false,
      error: [
        '「服务质量」扣分不能超过该项上限 30 分',
        '「人员管理」扣了 2 分,请填写扣分说明',
        '管理考核得分须在0到100分之间',
        '更正已录入的成绩须填写更正原因',
      ].join(';'),
    });
    // An unreadable deduction, an over-long note and no management score.
    const note = '誊'.repeat(NOTE_MAX + 1);
    expect(check({ d_quality: 'abc', d_staffing: '1', n_staffing: note, management: '' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(
        new RegExp(
          `^「服务质量」扣分.+;「人员管理」的扣分说明最多${NOTE_MAX}字,当前${NOTE_MAX + 1}字,请精简后重试;请填写管理考核得分$`,
        ),
      ),
    });
  });

  it('a correction needs a reason; forged negative or fractional tenths stay refusable', () => {
    expect(check({ management: '90' }, true)).toEqual({ ok: false, error: '更正已录入的成绩须填写更正原因' });
    expect(check({ management: '90', reason: '  ' }, true)).toMatchObject({ ok: false });
    expect(check({ management: '90', reason: '誊写错误' }, true)).toMatchObject({ ok: true });
    expect(check(typedFromPayload({ d: { quality: [-5, 'x'] }, m: 900 }))).toMatchObject({ ok: false });
    expect(check(typedFromPayload({ d: {}, m: 905.5 }))).toMatchObject({ ok: false });
  });

  it('a note and a reason at their card limit (counted as the card counts) are kept whole; one more is refused', () => {
    const note = '😀'.repeat(NOTE_MAX);
    const r = check(
      { d_quality: '1', n_quality: note, management: '90', reason: '誊'.repeat(REASON_MAX) },
      true,
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.entry.deductions[0]!.note).toBe(note);
    // The preview's buttons carry it whole too.
    expect(check(typedFromPayload(payloadOf(r.entry)), true)).toEqual(r);
    expect(check({ d_quality: '1', n_quality: `${note}x`, management: '90' })).toEqual({
      ok: false,
      error: `「服务质量」的扣分说明最多${NOTE_MAX}字,当前${NOTE_MAX + 1}字,请精简后重试`,
    });
    expect(check({ management: '90', reason: '誊'.repeat(REASON_MAX + 1) }, true)).toEqual({
      ok: false,
      error: `「更正原因」最多${REASON_MAX}字,当前${REASON_MAX + 1}字,请精简后重试`,
    });
  });
});
