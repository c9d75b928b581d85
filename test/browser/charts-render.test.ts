import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLUE, RED } from '../../src/cards/charts/chart';
import { savingsByCauseChart } from '../../src/cards/charts/savings-cause';
import { savingsByUnitChart } from '../../src/cards/charts/savings-unit';
import { scoreLineChart } from '../../src/cards/charts/score-line';
import { standingBarChart } from '../../src/cards/charts/standing-bar';
import { STANDING_COLOURS, STANDING_LABELS, STANDINGS } from '../../src/cards/charts/standing-data';
import { standingPieChart } from '../../src/cards/charts/standing-pie';
import type { Element } from '../../src/cards/kit';
import { formatTenths } from '../../src/domain/score';
import { newAppCredentials, type Sandbox, startSandbox } from '../../src/sandbox';
import { savingsData, scoreData, unitsData } from '../unit/cards/charts/data';
import { launch, SKIP_BROWSER } from './page';

/**
 * Issue 21: Feishu's clients draw a card's chart with their own VChart, 1.10 (1.12 from Feishu 7.27),
 * and the sandbox's web chat previews with that same VChart. Every chart builder's element, small
 * and large, drawn at a phone's card width by the bundle the web chat serves: its marks are there
 * (one bar, slice or point per value, coloured by meaning), its labels are the texts in the data
 * (VChart's `formatter` template), and the title, legend and axes leave the marks room.
 */
type Drawn = { type: string; role: string; fill: string; text: string };
type Drawing = { drawn: Drawn[]; height: number; plotHeight: number };

/** A 375 px phone less the chat's and the card's margins. */
const PHONE = 327;
const RATIOS: Record<string, number> = { '16:9': 9 / 16, '4:3': 3 / 4, '2:1': 1 / 2, '1:1': 1 };

let sb: Sandbox;
let browser: Browser;
let page: Page;

/** Draws a spec at `width` × `height` and lists what VChart put on its stage, by role. */
async function drawSpec(spec: unknown, width: number, height: number): Promise<Drawing> {
  // A string, so the test compiles without the DOM library.
  return (await page.evaluate(`(() => {
    const VC = window.VChart.VChart ?? window.VChart.default;
    const div = document.createElement('div');
    div.style.width = '${width}px';
    div.style.height = '${height}px';
    document.body.append(div);
    const chart = new VC(${JSON.stringify(spec)}, { dom: div, animation: false });
    chart.renderSync();
    const role = (names) => {
      const at = names.join('>');
      if (/seriesGroup_/.test(at)) return 'mark';
      if (/data-label/.test(at)) return 'label';
      if (/legendItemLabel/.test(at)) return 'legend';
      if (/mark-line-label/.test(at)) return 'markLine';
      if (/mainTitle/.test(at)) return 'title';
      if (/axis-label/.test(at)) return 'axis';
      return 'other';
    };
    const drawn = [];
    const walk = (g, names) => {
      const here = g.name ? [...names, String(g.name)] : names;
      if (g.type !== 'group' && g.attribute && g.attribute.visible !== false)
        drawn.push({ type: g.type, role: role(here), fill: String(g.attribute.fill ?? ''), text: String(g.attribute.text ?? '') });
      if (g.forEachChildren) g.forEachChildren((c) => walk(c, here));
    };
    walk(chart.getStage(), []);
    const plotHeight = chart.getChart().getAllRegions()[0].getLayoutRect().height;
    chart.release();
    div.remove();
    return { drawn, height: ${height}, plotHeight };
  })()`)) as Drawing;
}

/** Draws a chart element as a phone shows it: the card's width, the element's height or aspect ratio. */
async function draw(el: Element | undefined): Promise<Drawing> {
  expect(el?.tag).toBe('chart');
  const fixed = /^(\d+)px$/.exec(String(el!.height));
  const ratio = RATIOS[String(el!.aspect_ratio)];
  expect(fixed ?? ratio).toBeDefined();
  const d = await drawSpec(el!.chart_spec, PHONE, fixed ? Number(fixed[1]) : Math.round(PHONE * ratio!));
  // The marks keep a third of the chart and 80 px: a 16:9 savings chart once kept 2 px.
  expect(d.plotHeight, 'room left for the marks').toBeGreaterThanOrEqual(Math.max(80, d.height / 3));
  return d;
}

const of = (d: Drawing, role: string, type?: string) =>
  d.drawn.filter((x) => x.role === role && (type === undefined || x.type === type));
const texts = (d: Drawing, role: string) => of(d, role, 'text').map((x) => x.text);
/** Labels VChart drew with text (it hides some that overlap, and a label may be empty by design). */
const shownLabels = (d: Drawing) => texts(d, 'label').filter((t) => t !== '');
const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
const valuesOf = <T>(el: Element | undefined) =>
  (el!.chart_spec as { data: { values: T[] }[] }).data[0]!.values;

describe.skipIf(SKIP_BROWSER)('chart elements drawn by the VChart Feishu clients use, at phone width', () => {
  beforeAll(async () => {
    sb = await startSandbox({ ...newAppCredentials() });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await page.setContent('<!doctype html><body></body>');
    await page.addScriptTag({ url: `${sb.url}/chat/vendor/vchart.js` });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await sb?.close();
  });

  it('the web chat serves VChart 1.10', async () => {
    expect(await page.evaluate('window.VChart.version')).toMatch(/^1\.10\./);
  });

  it('score line: a point per scored month, red on the months below the line, labelled only there', async () => {
    for (const n of [12, 36]) {
      const data = scoreData(n);
      const d = await draw(scoreLineChart(data));
      const below = data.scores.filter((s) => s.finalTenths < data.belowTenths);
      expect(below.length).toBeGreaterThan(1);
      const points = count(of(d, 'mark', 'symbol').map((p) => p.fill));
      expect(points.get(BLUE)).toBe(n);
      expect(points.get(RED)).toBe(below.length);
      expect(of(d, 'mark', 'line')).toHaveLength(2);
      // Labels come from the data's `label` (empty on the blue series), never a month's raw score.
      const labels = shownLabels(d);
      expect(labels.length).toBeGreaterThan(0);
      for (const l of labels) expect(below.map((s) => formatTenths(s.finalTenths))).toContain(l);
      expect(texts(d, 'markLine')).toEqual(['80 清退线', '85 禁投线']);
      expect(texts(d, 'legend')).toEqual(['月度得分', '低于清退线']);
      expect(texts(d, 'title')).toEqual(['月度考核得分']);
    }
  });

  it('score line of a term with no score yet: gaps, no point at zero', async () => {
    const d = await draw(scoreLineChart({ ...scoreData(6), scores: [] }));
    expect(of(d, 'mark', 'symbol')).toHaveLength(0);
    expect(shownLabels(d)).toEqual([]);
    expect(texts(d, 'markLine')).toEqual(['80 清退线', '85 禁投线']);
  });

  it('standing pie: a slice per standing present, in its colour, labelled `预警 2`', async () => {
    const d = await draw(standingPieChart('资产经营公司', { banned: 1, termination: 0, warned: 2, fine: 3 }));
    expect(of(d, 'mark', 'arc').map((a) => a.fill)).toEqual(
      (['fine', 'warned', 'banned'] as const).map((s) => STANDING_COLOURS[s]),
    );
    expect(shownLabels(d).sort()).toEqual(['正常 3', '禁投 1', '预警 2'].sort());
  });

  it('standing bar, 3, 7, 8 and 50 units: a bar per (unit, standing), coloured by standing', async () => {
    for (const n of [3, 7, 8, 50]) {
      const el = standingBarChart(unitsData(n));
      const values = valuesOf<{ k: string; u: string }>(el);
      const d = await draw(el);
      const fills = count(of(d, 'mark', 'rect').map((r) => r.fill));
      for (const s of STANDINGS)
        expect(fills.get(STANDING_COLOURS[s]) ?? 0, `${n} units, ${s}`).toBe(
          values.filter((v) => v.k === STANDING_LABELS[s]).length,
        );
      expect(of(d, 'mark', 'rect')).toHaveLength(values.length);
      if (n <= 8)
        expect(texts(d, 'axis')).toEqual(expect.arrayContaining([...new Set(values.map((v) => v.u))]));
    }
  });

  it('savings by cause and by unit: a bar per value, labels the exact 万元 text of the data', async () => {
    // Amounts of a real year (tens of 万元): the test data's huge ones do not fit inside a bar.
    const rows = savingsData(8, 12).map((r, i) => ({
      ...r,
      totalFen: BigInt(200_000 + ((i * 7919) % 900) * 100_000),
    }));
    for (const el of [savingsByCauseChart(2026, rows), savingsByUnitChart(2026, rows)]) {
      const values = valuesOf<{ k: string; text: string }>(el);
      const d = await draw(el);
      expect(of(d, 'mark', 'rect')).toHaveLength(values.length);
      const labels = shownLabels(d);
      expect(labels.length).toBeGreaterThan(0);
      for (const l of labels) expect(values.map((v) => v.text)).toContain(l);
      expect(texts(d, 'legend').sort()).toEqual([...new Set(values.map((v) => v.k))].sort());
    }
  });

  it('the checks bite: a label not taken from the data, and a 16:9 savings chart on a phone', async () => {
    const pie = standingPieChart('资产经营公司', { banned: 1, termination: 0, warned: 2, fine: 3 })!;
    const raw = await drawSpec({ ...(pie.chart_spec as object), label: { visible: true } }, PHONE, 245);
    expect(shownLabels(raw)).not.toEqual(expect.arrayContaining(['正常 3']));
    const savings = savingsByCauseChart(2026, savingsData(8, 12))!;
    const wide = await drawSpec({ ...(savings.chart_spec as object), padding: 20 }, PHONE, 184);
    expect(wide.plotHeight).toBeLessThan(80);
  });
});
