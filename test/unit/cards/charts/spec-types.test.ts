/**
 * Issue 21: the chart builders' specs are typed with VChart 1.10's own spec types (the version
 * Feishu's clients draw with), so `tsc` (the first half of `npm test`) refuses a property only a
 * newer VChart reads. The checks here are type-level and run in `tsc`, not in vitest:
 * - each `@ts-expect-error` stands over a property that VChart 2.1.7's types have and 1.10.4's do
 *   not (found by comparing the two packages' declarations), at each level a builder writes: chart,
 *   label, axis, legend, mark line, colour scale. Were the types loosened (a spec typed as a plain
 *   record, or with 2.x's types) a directive would be unused and `tsc` would fail;
 * - `expectTypeOf` pins every builder and shared part to those types, so a builder cannot slip out
 *   of the check by returning a looser type.
 */
import { expect, expectTypeOf, it } from 'vitest';
import {
  type BarSpec,
  bottomLegend,
  type ColourScale,
  type LegendSpec,
  type LineSpec,
  type MarkLineSpec,
  type PieSpec,
} from '../../../../src/cards/charts/chart';
import { savingsByCauseSpec } from '../../../../src/cards/charts/savings-cause';
import { savingsBarSpec } from '../../../../src/cards/charts/savings-data';
import { savingsByUnitSpec } from '../../../../src/cards/charts/savings-unit';
import { scoreLineSpec } from '../../../../src/cards/charts/score-line';
import { standingBarSpec } from '../../../../src/cards/charts/standing-bar';
import { standingColours } from '../../../../src/cards/charts/standing-data';
import { standingPieSpec } from '../../../../src/cards/charts/standing-pie';

const twoOnly = [
  {
    type: 'bar',
    xField: 'm',
    yField: 'v',
    // @ts-expect-error barGap: VChart 2.x only
    barGap: 4,
  } satisfies BarSpec,
  {
    type: 'line',
    xField: 'm',
    yField: 'v',
    // @ts-expect-error zIndex on a chart: VChart 2.x only
    zIndex: 1,
  } satisfies LineSpec,
  {
    type: 'pie',
    categoryField: 'k',
    valueField: 'n',
    // @ts-expect-error showAllZero: VChart 2.x only
    showAllZero: true,
  } satisfies PieSpec,
  {
    type: 'bar',
    xField: 'm',
    yField: 'v',
    label: {
      visible: true,
      // @ts-expect-error label.showRelatedMarkTooltip: VChart 2.x only
      showRelatedMarkTooltip: true,
    },
  } satisfies BarSpec,
  {
    type: 'bar',
    xField: 'm',
    yField: 'v',
    axes: [
      {
        orient: 'left',
        type: 'linear',
        // @ts-expect-error axis softMin: VChart 2.x only
        softMin: 0,
      },
    ],
  } satisfies BarSpec,
  {
    visible: true,
    orient: 'bottom',
    // @ts-expect-error legend inverse: VChart 2.x only
    inverse: true,
  } satisfies LegendSpec,
  {
    y: 80,
    // @ts-expect-error markLine coordinateType: VChart 2.x only
    coordinateType: 'cartesian',
  } satisfies MarkLineSpec,
  {
    type: 'ordinal',
    domain: ['a'],
    range: ['#3370ff'],
    // @ts-expect-error colour scale clamp: VChart 2.x only
    clamp: true,
  } satisfies ColourScale,
  {
    type: 'line',
    xField: 'm',
    yField: 'v',
    // @ts-expect-error a value 1.10 does not name
    invalidType: 'gap',
  } satisfies LineSpec,
];

it('the builders return specs typed with VChart 1.10 (checked by tsc; see the file comment)', () => {
  expectTypeOf(scoreLineSpec).returns.toEqualTypeOf<LineSpec | undefined>();
  expectTypeOf(standingPieSpec).returns.toEqualTypeOf<PieSpec | undefined>();
  expectTypeOf(standingBarSpec).returns.toEqualTypeOf<BarSpec | undefined>();
  expectTypeOf(savingsBarSpec).returns.toEqualTypeOf<BarSpec>();
  expectTypeOf(savingsByCauseSpec).returns.toEqualTypeOf<BarSpec | undefined>();
  expectTypeOf(savingsByUnitSpec).returns.toEqualTypeOf<BarSpec | undefined>();
  expectTypeOf(standingColours).returns.toEqualTypeOf<ColourScale>();
  expectTypeOf(bottomLegend).toEqualTypeOf<LegendSpec>();
  expect(twoOnly).toHaveLength(9);
});
