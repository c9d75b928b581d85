/**
 * Every chart builder's output passes the sandbox's chart check (the rules Feishu's chart element
 * holds to) with small, empty and largest data, and shows what it is for.
 */
import { describe, expect, it } from 'vitest';
import { savingsByCauseChart } from '../../../../src/cards/charts/savings-cause';
import { wanValue } from '../../../../src/cards/charts/savings-data';
import { OTHERS, savingsByUnitChart, TOP_UNITS } from '../../../../src/cards/charts/savings-unit';
import { type ScoreLineData, scoreLineChart } from '../../../../src/cards/charts/score-line';
import { standingBarChart } from '../../../../src/cards/charts/standing-bar';
import { noCounts } from '../../../../src/cards/charts/standing-data';
import { standingPieChart } from '../../../../src/cards/charts/standing-pie';
import { card } from '../../../../src/cards/kit';
import { formatWanExact } from '../../../../src/domain/money';
import { checkCard } from '../../../../src/sandbox/card-check';
import { checkCharts } from '../../../../src/sandbox/chart-check';
import { savingsData, scoreData, termOf, unitsData } from './data';

type Chart = { tag: string; height?: string; chart_spec: Record<string, any> };
type Value = Record<string, any>;

function valid(el: unknown): Chart {
  expect(el).toBeDefined();
  const c = card({ title: '图表', elements: [el as Record<string, unknown>] });
  expect(checkCharts(c)).toEqual([]);
  expect(checkCard(c)).toEqual([]);
  return el as Chart;
}
const valuesOf = (c: Chart): Value[] => c.chart_spec.data[0].values;
/** A label's 万元 digits back to fen, by string arithmetic. */
function fenOf(text: string): bigint {
  const [whole = '', frac = ''] = text.replaceAll(',', '').split('.');
  return BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
}

describe('score line', () => {
  it('passes the check with one month, 36 months, and more than 36 (the latest 36 drawn)', () => {
    valid(scoreLineChart(scoreData(1)));
    const full = valid(scoreLineChart(scoreData(36)));
    expect(new Set(valuesOf(full).map((v) => v.m)).size).toBe(36);
    const long = valid(scoreLineChart(scoreData(48)));
    expect(valuesOf(long)[0]?.m).toBe('2025-01');
  });

  it('a term not started has no chart; a term with no score yet draws gaps, not zeros', () => {
    expect(scoreLineChart({ ...scoreData(0) })).toBeUndefined();
    const none = valid(scoreLineChart({ ...scoreData(6), scores: [] }));
    expect(valuesOf(none).every((v) => v.s === null)).toBe(true);
  });

  it('draws the two bars labelled, and marks exactly the months below the termination line', () => {
    const d: ScoreLineData = { ...scoreData(12), belowTenths: 800, banTenths: 850 };
    const c = valid(scoreLineChart(d));
    expect(c.chart_spec.markLine.map((l: Value) => [l.y, l.label.text])).toEqual([
      [80, '80 清退线'],
      [85, '85 禁投线'],
    ]);
    const red = valuesOf(c).filter((v) => v.series === '低于清退线' && v.s !== null);
    const below = d.scores.filter((s) => s.finalTenths < 800);
    expect(below.length).toBeGreaterThan(0);
    expect(red.map((v) => [v.m, v.label])).toEqual(
      below.map((s) => [s.month, `${Math.floor(s.finalTenths / 10)}.${s.finalTenths % 10}`]),
    );
    expect(c.chart_spec.legends.orient).toBe('bottom');
  });
});

describe('standing', () => {
  it('a pie per unit: empty unit has none, slices only for standings present, labelled from data', () => {
    expect(standingPieChart('资产经营公司', noCounts())).toBeUndefined();
    const c = valid(standingPieChart('资产经营公司', { ...noCounts(), fine: 3, banned: 1 }));
    expect(valuesOf(c).map((v) => v.text)).toEqual(['正常 3', '禁投 1']);
  });

  it('a horizontal stacked bar for 1 and 50 units, names short and distinct, counts kept', () => {
    valid(standingBarChart(unitsData(1)));
    const units = unitsData(50);
    const c = valid(standingBarChart(units));
    expect(c.chart_spec).toMatchObject({ direction: 'horizontal', stack: true, xField: 'n', yField: 'u' });
    const names = [...new Set(valuesOf(c).map((v) => v.u))];
    expect(names).toHaveLength(50);
    expect(names.every((n) => [...n].length <= 8)).toBe(true);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const expected = sum(units.map((u) => sum(Object.values(u.counts))));
    expect(sum(valuesOf(c).map((v) => v.n))).toBe(expected);
    expect(standingBarChart(unitsData(3).map((u) => ({ ...u, counts: noCounts() })))).toBeUndefined();
  });
});

describe('savings', () => {
  it('by cause and by unit pass the check with one row, and with 12 months x causes x 50 units', () => {
    for (const rows of [savingsData(1, 1), savingsData(50)]) {
      valid(savingsByCauseChart(2026, rows));
      valid(savingsByUnitChart(2026, rows));
    }
    expect(savingsByCauseChart(2026, [])).toBeUndefined();
    expect(savingsByUnitChart(2026, [])).toBeUndefined();
  });

  it('labels are the exact 万元 of the summed fen; the bar length is the same digits', () => {
    const rows = savingsData(2, 1);
    const c = valid(savingsByCauseChart(2026, rows));
    const deduction = rows.filter((r) => r.cause === 'deduction').reduce((a, r) => a + r.totalFen, 0n);
    const v = valuesOf(c).find((x) => x.k === '考核扣减')!;
    expect(v.m).toBe('2026-01');
    expect(`${v.text}万元`).toBe(formatWanExact(deduction));
    expect(fenOf(v.text)).toBe(deduction);
    expect(v.wan).toBe(Number(v.text.replaceAll(',', '')));
    // 1 fen is 0.000001万: exact where a float (2^53 + 1) would round.
    expect(wanValue(9_007_199_254_740_993n).text).toBe('9,007,199,254.740993');
  });

  it('by unit: the top units by name, the rest as 其他单位, sums unchanged', () => {
    const rows = savingsData(50);
    const c = valid(savingsByUnitChart(2026, rows));
    const series = [...new Set(valuesOf(c).map((v) => v.k))];
    expect(series).toHaveLength(TOP_UNITS + 1);
    expect(series).toContain(OTHERS);
    const january = rows.filter((r) => r.month === 1).reduce((a, r) => a + r.totalFen, 0n);
    const shown = valuesOf(c)
      .filter((v) => v.m === '2026-01')
      .reduce((a, v) => a + fenOf(v.text), 0n);
    expect(shown).toBe(january);
  });
});

it('months are written in full (2026-11) on every chart: a two-digit year (26-11) reads like day-month', () => {
  expect(termOf(1)).toEqual(['2024-01']);
  const score = valid(scoreLineChart(scoreData(3)));
  expect(valuesOf(score).map((v) => v.m)).toEqual(expect.arrayContaining(['2024-01', '2024-03']));
  for (const c of [
    score,
    valid(savingsByCauseChart(2026, savingsData(2))),
    valid(savingsByUnitChart(2026, savingsData(2))),
  ])
    for (const v of valuesOf(c)) expect(v.m).toMatch(/^20\d\d-(0[1-9]|1[0-2])$/);
});

it('the rule lines are labelled apart: the lower under its line at the start, the upper over it at the end', () => {
  const positions = (d: ScoreLineData) =>
    valid(scoreLineChart(d)).chart_spec.markLine.map((l: Value) => [l.y, l.label.position]);
  expect(positions(scoreData(12))).toEqual([
    [80, 'insideStartBottom'],
    [85, 'insideEndTop'],
  ]);
  expect(positions({ ...scoreData(12), belowTenths: 850, banTenths: 800 })).toEqual([
    [85, 'insideEndTop'],
    [80, 'insideStartBottom'],
  ]);
});

it('every chart has a fixed height (a phone keeps 160 px of plot, test/browser/charts-phone)', () => {
  const els = [
    scoreLineChart(scoreData(12)),
    standingPieChart('资产经营公司', { ...noCounts(), fine: 3 }),
    standingBarChart(unitsData(3)),
    standingBarChart(unitsData(50)),
    savingsByCauseChart(2026, savingsData(2)),
    savingsByUnitChart(2026, savingsData(2)),
  ];
  for (const el of els) expect(valid(el).height).toMatch(/^[1-9]\d{2}px$/);
});
