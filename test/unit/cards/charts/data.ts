/** Chart inputs at their smallest and largest: 36 months of scores, 50 units, 12 months × causes × 50 units. */

import type { SavingMonthTotal } from '../../../../src/cards/charts/savings-data';
import type { ScoreLineData } from '../../../../src/cards/charts/score-line';
import type { UnitStanding } from '../../../../src/cards/standing';
import { SAVING_CAUSES } from '../../../../src/domain/savings';

export const termOf = (n: number, start = 2024) =>
  Array.from(
    { length: n },
    (_, i) => `${start + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
  );

/** Scores from 70.0 to 99.9, spread so some months fall below 80. */
export function scoreData(n: number): ScoreLineData {
  const months = termOf(n);
  return {
    months,
    scores: months.map((month, i) => ({ month, finalTenths: 700 + ((i * 37) % 300) })),
    belowTenths: 800,
    banTenths: 850,
  };
}

/** Long names that start alike, the worst case for short axis labels. */
export function unitsData(n: number): UnitStanding[] {
  return Array.from({ length: n }, (_, i) => ({
    unitId: i + 1,
    unitName: `园区第${i + 1}号街道社区综合服务管理中心`,
    counts: { banned: i % 3, termination: i % 4, warned: i % 5, fine: 20 + i },
  }));
}

export function savingsData(units: number, months = 12): SavingMonthTotal[] {
  const rows: SavingMonthTotal[] = [];
  for (let month = 1; month <= months; month++)
    for (let u = 1; u <= units; u++)
      for (const cause of SAVING_CAUSES)
        rows.push({
          month,
          unitId: u,
          unitName: `园区第${u}号街道社区综合服务管理中心`,
          cause,
          // Large and odd amounts: a float division would show a wrong last digit.
          totalFen: 9_007_199_254_740_993n + BigInt(month * 1000 + u),
        });
  return rows;
}
