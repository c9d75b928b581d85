/** The year's savings month by month, stacked by cause (rule 15), in 万元. */
import { SAVING_CAUSE_LABELS, SAVING_CAUSES } from '../../domain/savings';
import { type BarSpec, type ColourScale, chartElement, paletteColour } from './chart';
import { barValues, type SavingMonthTotal, savingsBarSpec, sumBy } from './savings-data';

/** Short names for a legend on a phone; the card's text keeps the full ones. */
const SHORT: Record<string, string> = { non_conformity: '不符合约定' };
const causeLabel = (c: string) => SHORT[c] ?? SAVING_CAUSE_LABELS[c as keyof typeof SAVING_CAUSE_LABELS];

export function savingsByCauseSpec(year: number, rows: readonly SavingMonthTotal[]): BarSpec | undefined {
  const sums = sumBy(rows, (r) => causeLabel(r.cause));
  const values = barValues(year, sums);
  if (values.length === 0) return undefined;
  const colours: ColourScale = {
    type: 'ordinal',
    domain: SAVING_CAUSES.map(causeLabel),
    range: SAVING_CAUSES.map((_, i) => paletteColour(i)),
  };
  return savingsBarSpec('每月节约资金·按原因(万元)', values, colours);
}

export function savingsByCauseChart(year: number, rows: readonly SavingMonthTotal[]) {
  const spec = savingsByCauseSpec(year, rows);
  return spec && chartElement(spec, 340);
}
