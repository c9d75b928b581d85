import { formatWanExact } from '../../domain/money';
import type { SavingCause } from '../../domain/savings';
import { type BarSpec, bottomLegend, type ColourScale, PADDING } from './chart';

/** One unit's savings of one cause in one month (1–12) of a year. */
export type SavingMonthTotal = {
  month: number;
  unitId: number;
  unitName: string;
  cause: SavingCause;
  totalFen: bigint;
};

/**
 * An amount for a chart: `text` is exact (from the fen by integer arithmetic, `formatWanExact`), `wan`
 * is the same digits read as a number, only for the bar's length.
 */
export function wanValue(fen: bigint): { wan: number; text: string } {
  const text = formatWanExact(fen).replace(/万元$/, '');
  return { wan: Number(text.replaceAll(',', '')), text };
}

/** `2026`, 3 → `2026-03` (a two-digit year, `26-03`, reads like day-month). */
export const monthLabel = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/** Sums fen by (month, key) in bigint; the order of keys is the order of first appearance. */
export function sumBy(rows: readonly SavingMonthTotal[], keyOf: (r: SavingMonthTotal) => string) {
  const sums = new Map<string, Map<number, bigint>>();
  for (const r of rows) {
    const k = keyOf(r);
    const byMonth = sums.get(k) ?? new Map<number, bigint>();
    byMonth.set(r.month, (byMonth.get(r.month) ?? 0n) + r.totalFen);
    sums.set(k, byMonth);
  }
  return sums;
}

/** The stacked bars' values, one per (series, month) with a non-zero sum, months in order. */
export function barValues(year: number, sums: Map<string, Map<number, bigint>>) {
  const values: { m: string; k: string; wan: number; text: string }[] = [];
  for (let month = 1; month <= 12; month++)
    for (const [k, byMonth] of sums) {
      const fen = byMonth.get(month) ?? 0n;
      if (fen !== 0n) values.push({ m: monthLabel(year, month), k, ...wanValue(fen) });
    }
  return values;
}

export const savingsBarSpec = (
  titleText: string,
  values: ReturnType<typeof barValues>,
  colours: ColourScale,
): BarSpec => ({
  type: 'bar',
  padding: PADDING,
  title: { visible: true, text: titleText },
  data: [{ id: 'savings', values }],
  xField: 'm',
  yField: 'wan',
  seriesField: 'k',
  stack: true,
  color: colours,
  label: { visible: true, position: 'inside', formatter: '{text}' },
  axes: [
    { orient: 'bottom', type: 'band' },
    { orient: 'left', type: 'linear', min: 0, title: { visible: true, text: '万元' } },
  ],
  legends: bottomLegend,
});
