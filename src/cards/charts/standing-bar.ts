/**
 * The zone's contracts by standing, one horizontal stacked bar per unit (a phone is narrow: the unit
 * names run down the side, short and distinct). Units without a contract are left out of the chart;
 * the worst units come first.
 */
import { type BarSpec, bottomLegend, chartElement, PADDING, shortNames } from './chart';
import {
  LEGEND_ORDER,
  STANDING_LABELS,
  STANDINGS,
  type StandingCounts,
  standingColours,
  totalOf,
  type UnitStanding,
} from './standing-data';

export const MAX_UNITS = 50;

/** Worst first: most banned, then most with a termination right, then most warned; then by name. */
export function byConcern(units: readonly UnitStanding[]): UnitStanding[] {
  const key = (c: StandingCounts) => STANDINGS.map((s) => c[s]);
  return [...units].sort((a, b) => {
    const ka = key(a.counts);
    const kb = key(b.counts);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i]! - ka[i]!;
    return a.unitName.localeCompare(b.unitName, 'zh');
  });
}

/** The bar spec; undefined when no unit has a contract. */
export function standingBarSpec(units: readonly UnitStanding[]): BarSpec | undefined {
  const shown = byConcern(units.filter((u) => totalOf(u.counts) > 0)).slice(0, MAX_UNITS);
  if (shown.length === 0) return undefined;
  const names = shortNames(shown.map((u) => u.unitName));
  const values = shown.flatMap((u, i) =>
    LEGEND_ORDER.filter((s) => u.counts[s] > 0).map((s) => ({
      u: names[i],
      k: STANDING_LABELS[s],
      n: u.counts[s],
    })),
  );
  return {
    type: 'bar',
    padding: PADDING,
    title: { visible: true, text: '各单位合同态势' },
    direction: 'horizontal',
    data: [{ id: 'standing', values }],
    xField: 'n',
    yField: 'u',
    seriesField: 'k',
    stack: true,
    color: standingColours(),
    axes: [
      { orient: 'left', type: 'band' },
      { orient: 'bottom', type: 'linear', min: 0 },
    ],
    legends: bottomLegend,
  };
}

/**
 * Taller when there are many units, so each bar keeps some height and its name (VChart 1.10 drops
 * axis labels that would touch): at a phone's width a 4:3 chart named 7 units and only every other
 * one of 8.
 */
export function standingBarChart(units: readonly UnitStanding[]) {
  const spec = standingBarSpec(units);
  const many = units.filter((u) => totalOf(u.counts) > 0).length > 7;
  return spec && chartElement(spec, many ? 400 : 320);
}
