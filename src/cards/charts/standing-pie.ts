/** One unit's contracts by standing, as a pie with each slice labelled `预警 2` from the data. */
import { bottomLegend, chartElement, PADDING, type PieSpec } from './chart';
import {
  LEGEND_ORDER,
  STANDING_LABELS,
  type StandingCounts,
  standingColours,
  totalOf,
} from './standing-data';

/** The pie spec; undefined when the unit has no contract to count. */
export function standingPieSpec(unitName: string, counts: StandingCounts): PieSpec | undefined {
  if (totalOf(counts) === 0) return undefined;
  const values = LEGEND_ORDER.filter((s) => counts[s] > 0).map((s) => ({
    k: STANDING_LABELS[s],
    n: counts[s],
    text: `${STANDING_LABELS[s]} ${counts[s]}`,
  }));
  return {
    type: 'pie',
    padding: PADDING,
    title: { visible: true, text: `${[...unitName].slice(0, 12).join('')} 合同态势` },
    data: [{ id: 'standing', values }],
    categoryField: 'k',
    valueField: 'n',
    outerRadius: 0.8,
    innerRadius: 0.5,
    color: standingColours(),
    label: { visible: true, formatter: '{text}' },
    legends: bottomLegend,
  };
}

export function standingPieChart(unitName: string, counts: StandingCounts) {
  const spec = standingPieSpec(unitName, counts);
  return spec && chartElement(spec, 320);
}
