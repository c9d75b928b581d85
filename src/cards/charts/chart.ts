/**
 * The card's chart element (Card JSON 2.0 `chart`, a VChart spec) and the style every chart of the
 * bot shares. Feishu draws the spec as data only: no functions, so every label is a string already in
 * the data, and a phone must read it: short labels, few series, legend at the bottom, flat colours
 * (textures, conical gradients and SVG backgrounds fail on phones).
 */
import type { IBarChartSpec, IChartSpec, ILineChartSpec, IMarkLineSpec, IPieChartSpec } from 'vchart-1-10';
import type { Element } from '../kit';

/**
 * The specs as VChart 1.10 reads them: Feishu's clients draw `chart_spec` with their own VChart, 1.10
 * from Feishu 7.16 (JSON 2.0 cards need 7.20) and 1.12 from 7.27 (the chart component's page), while
 * the newest VChart (2.x) knows more. Typed with the 1.10 package's own types (devDependency
 * `vchart-1-10`, types only: nothing of it is bundled), so `tsc` refuses a property or value 1.10
 * does not know. TypeScript checks excess properties only in object literals written against the
 * type: every helper that returns a part of a spec declares its return type (below, `ruleLine`,
 * `savingsBarSpec`, `standingColours`). Mark `style` objects stay unchecked: 1.10 declares them open.
 */
export type BarSpec = IBarChartSpec;
export type LineSpec = ILineChartSpec;
export type PieSpec = IPieChartSpec;
export type Spec = BarSpec | LineSpec | PieSpec;
export type MarkLineSpec = IMarkLineSpec;
export type LegendSpec = Exclude<NonNullable<IChartSpec['legends']>, readonly unknown[]>;
/** `color` as a scale (an ordinal domain → range), not a bare list of colours. */
export type ColourScale = Exclude<NonNullable<IChartSpec['color']>, readonly string[]>;

/** Feishu's own palette, one colour per series; standing colours below are fixed by meaning. */
export const PALETTE = ['#3370ff', '#34c724', '#ff8800', '#f54a45', '#7f3bf5', '#14c0ff', '#8f959e'];
/** The i-th series' colour, round the palette again past its end. */
export const paletteColour = (i: number) => PALETTE[i % PALETTE.length]!;
export const RED = '#f54a45';
export const ORANGE = '#ff8800';
export const BLUE = '#3370ff';

/**
 * A chart at a fixed height in px (Feishu's `height: "NNNpx"`, 1 to 999; a fixed height overrides
 * `aspect_ratio`). What is left for the marks is the height less the title, the legend and the axis,
 * which keep their size whatever the card's width. On a phone's card (about 330 px wide) an aspect
 * ratio left the plot as little as 40 px; a fixed height keeps it at least 160 px tall at 375 px and
 * at 1280 px alike (test/browser/charts-phone).
 */
export function chartElement(spec: Spec, heightPx: number): Element {
  return { tag: 'chart', height: `${heightPx}px`, preview: true, chart_spec: spec };
}

export const bottomLegend: LegendSpec = { visible: true, orient: 'bottom' };

/**
 * Around the chart, in px (VChart's default is 20 a side). On a phone the card is about 327 px wide:
 * with the default, a 16:9 savings chart kept 2 px of its 184 for the bars once the title, the
 * two-row legend and the axis had theirs (drawn with VChart 1.10, test/browser/charts-render).
 */
export const PADDING = 8;

/**
 * Names cut to `max` characters for an axis, kept distinct: two units whose names start alike would
 * otherwise share one bar. The first keeps the short name, later ones get a number.
 */
export function shortNames(names: readonly string[], max = 6): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    const chars = [...name];
    const base = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : name;
    let short = base;
    for (let n = 2; seen.has(short); n++) short = `${base}${n}`;
    seen.add(short);
    return short;
  });
}

/** The digits of a fen amount in 万元, exact (`formatWan` without its unit), for labels and axes. */
export const wanDigits = (formatted: string) => formatted.replace(/万元$/, '');
