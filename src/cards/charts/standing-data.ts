/**
 * A contract's standing, worst first: 禁投 (its vendor is banned from the project), 可清退 (a
 * termination right is open or being exercised), 预警 (an early warning is current), else 正常.
 * Counted per unit for the standing card and its charts.
 */
import type { TermStatusCounts } from '../../domain/contract-status';
import { STANDING_LABELS, STANDINGS, type Standing } from '../../domain/standing';
import type { ColourScale } from './chart';

export { STANDING_LABELS, STANDINGS, type Standing };

/** Fixed by meaning, so a colour says the same thing in every chart whatever the data holds. */
export const STANDING_COLOURS: Record<Standing, string> = {
  fine: '#34c724',
  warned: '#ffc60a',
  termination: '#ff8800',
  banned: '#f54a45',
};

export type StandingCounts = Record<Standing, number>;
/**
 * `counts`: the unit's running (履行中) contracts by standing. `statuses`: all its contracts by the
 * status their dates give (未开始 / 履行中 / 已到期 / 已终止), when known.
 */
export type UnitStanding = {
  unitId: number;
  unitName: string;
  counts: StandingCounts;
  statuses?: TermStatusCounts;
};

export const noCounts = (): StandingCounts => ({ banned: 0, termination: 0, warned: 0, fine: 0 });
export const totalOf = (c: StandingCounts) => STANDINGS.reduce((n, s) => n + c[s], 0);

/** From best to worst: the order a legend and a stack read in. */
export const LEGEND_ORDER: Standing[] = ['fine', 'warned', 'termination', 'banned'];

/** An ordinal colour scale: each standing keeps its colour even when a series is absent. */
export const standingColours = (): ColourScale => ({
  type: 'ordinal',
  domain: LEGEND_ORDER.map((s) => STANDING_LABELS[s]),
  range: LEGEND_ORDER.map((s) => STANDING_COLOURS[s]),
});

/** `正常 3 · 预警 1 · 可清退 0 · 禁投 0`: the numbers a phone reads when it cannot draw the chart. */
export const countsLine = (c: StandingCounts) =>
  LEGEND_ORDER.map((s) => `${STANDING_LABELS[s]} ${c[s]}`).join(' · ');
