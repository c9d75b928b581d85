/**
 * The card's chart element (Card JSON 2.0 `chart`, a VChart spec) and the style every chart of the
 * bot shares. Feishu draws the spec as data only: no functions, so every label is a string already in
 * the data, and a phone must read it: short labels, few series, legend at the bottom, flat colours
 * (textures, conical gradients and SVG backgrounds fail on phones).
 */
import type { Element } from '../kit';

export type AspectRatio = '16:9' | '4:3' | '2:1' | '1:1';
export type Spec = Record<string, unknown>;

/** Feishu's own palette, one colour per series; standing colours below are fixed by meaning. */
export const PALETTE = ['#3370ff', '#34c724', '#ff8800', '#f54a45', '#7f3bf5', '#14c0ff', '#8f959e'];
export const RED = '#f54a45';
export const ORANGE = '#ff8800';
export const BLUE = '#3370ff';

export function chartElement(spec: Spec, aspect: AspectRatio = '16:9'): Element {
  return { tag: 'chart', aspect_ratio: aspect, height: 'auto', preview: true, chart_spec: spec };
}

export const bottomLegend = { visible: true, orient: 'bottom' };
export const title = (text: string) => ({ visible: true, text });

/** `2025-03` → `25-03`: fits under a bar on a phone and still says which year. */
export const shortMonth = (month: string) => month.slice(2);

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
