import { describe, expect, it } from 'vitest';
import { approvalRoute, routeLabel, stageLabel } from '../../../src/domain/approval-route';
import { parseAmount } from '../../../src/domain/money';

const policy = { committeeThresholdFen: 20_000_000n }; // v1 default: 200,000.00 CNY

const fen = (s: string) => {
  const r = parseAmount(s);
  if (!r.ok) throw new Error(r.error);
  return r.fen;
};

describe('approvalRoute (rule 4)', () => {
  it('199,999.99 CNY: the unit leadership decides alone', () => {
    expect(approvalRoute(fen('199,999.99'), policy)).toEqual(['unit_leadership']);
  });

  it('exactly 200,000.00 CNY goes to the zone committee', () => {
    expect(approvalRoute(fen('200,000.00'), policy)).toEqual(['unit_leadership', 'zone_committee']);
    expect(approvalRoute(fen('20万元'), policy)).toEqual(['unit_leadership', 'zone_committee']);
  });

  it('200,000.01 CNY goes to the zone committee', () => {
    expect(approvalRoute(fen('200000.01'), policy)).toEqual(['unit_leadership', 'zone_committee']);
  });

  it('follows the threshold of the policy it is given', () => {
    expect(approvalRoute(fen('150000'), { committeeThresholdFen: 10_000_000n })).toHaveLength(2);
  });

  it('refuses a non-positive amount', () => {
    expect(() => approvalRoute(0n, policy)).toThrow(RangeError);
  });
});

describe('routeLabel', () => {
  it('describes each route in Chinese', () => {
    expect(routeLabel(['unit_leadership'])).toBe('单位领导班子集体决策');
    expect(routeLabel(['unit_leadership', 'zone_committee'])).toBe('单位领导班子集体决策 → 党工委管委会审批');
    expect(stageLabel('zone_committee')).toBe('党工委管委会审批');
  });
});
