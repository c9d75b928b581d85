/**
 * The year's savings month by month, stacked by unit: the units with the most savings in the year
 * by name, the rest together as 其他单位, so a phone shows a few series and not fifty.
 */
import { type BarSpec, type ColourScale, chartElement, paletteColour, shortNames } from './chart';
import { barValues, type SavingMonthTotal, savingsBarSpec, sumBy } from './savings-data';

export const TOP_UNITS = 5;
export const OTHERS = '其他单位';

export function savingsByUnitSpec(year: number, rows: readonly SavingMonthTotal[]): BarSpec | undefined {
  const totals = new Map<number, { name: string; fen: bigint }>();
  for (const r of rows) {
    const t = totals.get(r.unitId) ?? { name: r.unitName, fen: 0n };
    totals.set(r.unitId, { name: t.name, fen: t.fen + r.totalFen });
  }
  const ranked = [...totals].sort(([ia, a], [ib, b]) => (a.fen === b.fen ? ia - ib : a.fen > b.fen ? -1 : 1));
  // Folding a single unit into 其他 would hide its name for nothing.
  const named = ranked.length > TOP_UNITS + 1 ? ranked.slice(0, TOP_UNITS) : ranked;
  const short = shortNames(named.map(([, t]) => t.name));
  const label = new Map(named.map(([id], i) => [id, short[i]!]));
  const sums = sumBy(rows, (r) => label.get(r.unitId) ?? OTHERS);
  const values = barValues(year, sums);
  if (values.length === 0) return undefined;
  const domain = [...short, ...(named.length < ranked.length ? [OTHERS] : [])];
  const colours: ColourScale = { type: 'ordinal', domain, range: domain.map((_, i) => paletteColour(i)) };
  return savingsBarSpec('每月节约资金·按单位(万元)', values, colours);
}

export function savingsByUnitChart(year: number, rows: readonly SavingMonthTotal[]) {
  const spec = savingsByUnitSpec(year, rows);
  return spec && chartElement(spec, 340);
}
