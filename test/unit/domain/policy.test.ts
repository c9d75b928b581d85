import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/domain/policy';

/** Policy v1 exactly as the migration inserts it, so this test follows the shipped data. */
const MIGRATION = readFileSync(
  new URL('../../../src/db/migrations/0001_audit_guard_and_policy_v1.sql', import.meta.url),
  'utf8',
);
const V1 = JSON.parse(/'(\{[\s\S]*\})'::jsonb/.exec(MIGRATION)![1]!) as Record<string, unknown>;

const withChange = (patch: (v: any) => void) => {
  const v = structuredClone(V1) as any;
  patch(v);
  return v;
};

describe('parsePolicy', () => {
  it('parses version 1 with money as bigint', () => {
    const p = parsePolicy(V1, 1);
    expect(p.version).toBe(1);
    expect(p.committeeThresholdFen).toBe(20_000_000n);
    expect(p.openTenderThresholdFen).toBe(200_000_000n);
    expect(p.deduction.annualCapFen).toBe(20_000_000n);
    expect(p.deduction.bands).toEqual([
      { minTenths: 900, deductBp: 0 },
      { minTenths: 850, deductBp: 200 },
      { minTenths: 800, deductBp: 500 },
      { minTenths: 0, deductBp: 1000 },
    ]);
    expect(p.approvalChase).toEqual({ remindAfterWorkingDays: 1, urgentAfterWorkingDays: 3 });
    expect(p.scoring).toEqual({
      dailyWeightBp: 6000,
      managementWeightBp: 4000,
      windowOpensDay: 25,
      dueWorkingDay: 5,
    });
    expect(p.termination).toEqual({ belowTenths: 800, consecutiveMonths: 2, cumulativeMonths: 3 });
    expect(p.bidBan.annualAverageBelowTenths).toBe(850);
    expect(p.contract).toEqual({ maxTermYears: 3, warnAboveTermYears: 1 });
    expect(p.spotCheck).toEqual({ sampleBp: 1000, toleranceTenths: 50 });
  });

  it('accepts fen as a digit string too', () => {
    const p = parsePolicy(
      withChange((v) => (v.committeeThresholdFen = '20000000')),
      2,
    );
    expect(p.committeeThresholdFen).toBe(20_000_000n);
  });

  it('ignores keys a later version adds', () => {
    expect(() =>
      parsePolicy(
        withChange((v) => (v.futureRule = { x: 1 })),
        2,
      ),
    ).not.toThrow();
  });

  it.each([
    ['a float amount', (v: any) => (v.committeeThresholdFen = 200000.5), 'committeeThresholdFen'],
    ['a missing section', (v: any) => delete v.spotCheck, 'spotCheck'],
    [
      'weights not summing to 100 %',
      (v: any) => (v.scoring.dailyWeightBp = 5000),
      'dailyWeightBp + managementWeightBp',
    ],
    ['bands out of order', (v: any) => v.deduction.bands.reverse(), 'minTenths must fall strictly'],
    ['bands not reaching 0', (v: any) => v.deduction.bands.pop(), 'the last band must start at 0'],
    ['a score above 100.0', (v: any) => (v.termination.belowTenths = 1001), 'belowTenths'],
    [
      'urgent before remind',
      (v: any) => (v.approvalChase.urgentAfterWorkingDays = 0),
      'urgentAfterWorkingDays',
    ],
  ])('refuses %s, naming the version', (_, patch, message) => {
    expect(() => parsePolicy(withChange(patch), 7)).toThrow(/policy version 7 is invalid/);
    expect(() => parsePolicy(withChange(patch), 7)).toThrow(message);
  });

  it('refuses a non-object and a bad version', () => {
    expect(() => parsePolicy(null, 1)).toThrow(/invalid/);
    expect(() => parsePolicy(V1, 0)).toThrow(RangeError);
  });
});
