import type { Element } from '../kit';
import { savingsByCauseChart } from './savings-cause';
import type { SavingMonthTotal } from './savings-data';
import { savingsByUnitChart } from './savings-unit';

/**
 * The savings card's charts: by cause, and by unit when there is more than one unit to compare;
 * nothing when the year has no saving.
 */
export function savingsCharts(year: number, rows: readonly SavingMonthTotal[]): Element[] {
  const units = new Set(rows.map((r) => r.unitId)).size;
  return [savingsByCauseChart(year, rows), units > 1 ? savingsByUnitChart(year, rows) : undefined].filter(
    (c): c is Element => c !== undefined,
  );
}
