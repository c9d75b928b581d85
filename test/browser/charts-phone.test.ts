import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savingsByCauseChart } from '../../src/cards/charts/savings-cause';
import { savingsByUnitChart } from '../../src/cards/charts/savings-unit';
import { type ScoreLineData, scoreLineChart } from '../../src/cards/charts/score-line';
import { standingBarChart } from '../../src/cards/charts/standing-bar';
import { standingPieChart } from '../../src/cards/charts/standing-pie';
import type { Element } from '../../src/cards/kit';
import { newAppCredentials, type Sandbox, startSandbox } from '../../src/sandbox';
import { savingsData, scoreData, unitsData } from '../unit/cards/charts/data';
import { launch, openChat, renderErrors, SKIP_BROWSER, settled, showChat } from './page';

/**
 * Charts a phone can read: every chart builder's element, sent as a card through the sandbox's open
 * API and drawn by the web chat (VChart 1.10, as Feishu's clients) on a 375 px phone and a 1280 px
 * desktop. The plot (VChart's region: what is left once the title, legend and axes have their room)
 * is at least 160 px tall; the score line's two rule lines (80 清退线, 85 禁投线) have labels whose
 * boxes do not intersect; every month on an axis is written `2026-11`, never `26-11`.
 */
const ME = 'ou_chart_viewer';
const MIN_PLOT = 160;
let sb: Sandbox;
let browser: Browser;

/** Scores down to `lowest` tenths: the lower the score, the wider the axis and the closer 80 and 85. */
const scoresDownTo = (n: number, lowest: number): ScoreLineData => {
  const d = scoreData(n);
  return { ...d, scores: d.scores.map((s, i) => (i === 1 ? { ...s, finalTenths: lowest } : s)) };
};
const withSurvey = (d: ScoreLineData): ScoreLineData => {
  const month = d.months.at(-1)!;
  const survey = { period: '2025年下半年', month, count: 30, minAnswers: 20, mean: '4.35', enough: true };
  return { ...d, surveys: [{ ...survey, pointsTenths: 870 }] };
};
const realSavings = savingsData(8, 12).map((r, i) => ({
  ...r,
  totalFen: BigInt(200_000 + ((i * 7919) % 900) * 100_000),
}));

const charts: { name: string; el: Element | undefined }[] = [
  { name: 'score line, 12 months', el: scoreLineChart(scoreData(12)) },
  { name: 'score line, 36 months', el: scoreLineChart(scoreData(36)) },
  { name: 'score line, a month at 5.0', el: scoreLineChart(scoresDownTo(24, 50)) },
  { name: 'score line, all near the lines', el: scoreLineChart(scoresDownTo(6, 790)) },
  { name: 'score line with a survey', el: scoreLineChart(withSurvey(scoreData(12))) },
  { name: 'score line, no score yet', el: scoreLineChart({ ...scoreData(6), scores: [] }) },
  {
    name: 'standing pie',
    el: standingPieChart('资产经营公司', { banned: 1, termination: 2, warned: 2, fine: 3 }),
  },
  { name: 'standing bar, 3 units', el: standingBarChart(unitsData(3)) },
  { name: 'standing bar, 8 units', el: standingBarChart(unitsData(8)) },
  { name: 'standing bar, 50 units', el: standingBarChart(unitsData(50)) },
  { name: 'savings by cause', el: savingsByCauseChart(2026, realSavings) },
  { name: 'savings by unit', el: savingsByUnitChart(2026, realSavings) },
];

type Box = { x1: number; y1: number; x2: number; y2: number };
type Measured = { id: string; width: number; plot: number; ruleLabels: Box[]; axis: string[] };

const cardOf = (title: string, el: Element) => ({
  schema: '2.0',
  header: { title: { tag: 'plain_text', content: title }, template: 'blue' },
  body: { elements: [el] },
});

async function sendCard(token: string, card: unknown): Promise<string> {
  const res = await fetch(`${sb.url}/open-apis/im/v1/messages?receive_id_type=open_id`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ receive_id: ME, msg_type: 'interactive', content: JSON.stringify(card) }),
  });
  const json = (await res.json()) as { code: number; msg: string; data?: { message_id: string } };
  if (json.code !== 0) throw new Error(`send refused: ${json.code} ${json.msg}`);
  return json.data!.message_id;
}

/**
 * Every chart the page drew: its card, its width, its plot's height, the boxes of its rule lines'
 * labels (the texts VChart put under `mark-line-label`), and its axis labels.
 */
const MEASURE = `[...document.querySelectorAll('.chart')].map((div) => {
  const chart = div.__chart;
  const ruleLabels = [];
  const axis = [];
  const walk = (g, path) => {
    const here = g.name ? path + '>' + g.name : path;
    if (g.type === 'text' && g.attribute && g.attribute.visible !== false) {
      const b = g.globalAABBBounds;
      if (/mark-line-label/.test(here)) ruleLabels.push({ x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 });
      else if (/axis-label/.test(here)) axis.push(String(g.attribute.text));
    }
    if (g.forEachChildren) g.forEachChildren((c) => walk(c, here));
  };
  walk(chart.getStage(), '');
  return {
    id: div.closest('.card').dataset.messageId,
    width: div.clientWidth,
    plot: chart.getChart().getAllRegions()[0].getLayoutRect().height,
    ruleLabels,
    axis,
  };
})`;

const intersect = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

describe.skipIf(SKIP_BROWSER)('charts a phone can read, drawn by the web chat', () => {
  const sent = new Map<string, string>();

  beforeAll(async () => {
    sb = await startSandbox({
      ...newAppCredentials(),
      limits: { receiverPerSecond: 10_000, apiPerSecond: 10_000, apiPerMinute: 100_000 },
    });
    sb.addUser({ openId: ME, name: '看图人' });
    const tokenRes = await fetch(`${sb.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: sb.appId, app_secret: sb.appSecret }),
    });
    const { tenant_access_token: token } = (await tokenRes.json()) as { tenant_access_token: string };
    for (const c of charts) {
      expect(c.el?.tag, c.name).toBe('chart');
      sent.set(await sendCard(token, cardOf(c.name, c.el!)), c.name);
    }
    // The checks bite: the rule labels as they were (both at the end, above their line), and a chart
    // sized by a 16:9 aspect ratio instead of a height.
    const line = scoreLineChart(scoresDownTo(24, 50))!;
    const spec = line.chart_spec as { markLine: { label: { position: string } }[] };
    const before = {
      ...line,
      chart_spec: {
        ...spec,
        markLine: spec.markLine.map((m) => ({ ...m, label: { ...m.label, position: 'insideEndTop' } })),
      },
    };
    sent.set(await sendCard(token, cardOf('bite: labels together', before)), 'bite: labels together');
    const ratio = { tag: 'chart', aspect_ratio: '16:9', height: 'auto', chart_spec: spec };
    sent.set(await sendCard(token, cardOf('bite: 16:9', ratio)), 'bite: 16:9');
    browser = await launch();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await sb?.close();
  });

  for (const width of [375, 1280])
    it(`at ${width} px: plots at least ${MIN_PLOT} px tall, rule labels apart, months 2026-11`, async () => {
      const { page, problems, url } = await openChat(browser, sb, width, 900);
      await showChat(page, url, ME);
      await settled(page, sb);
      expect(await renderErrors(page)).toEqual([]);
      const measured = (await page.evaluate(MEASURE)) as Measured[];
      expect(measured).toHaveLength(sent.size);
      const byName = new Map(measured.map((m) => [sent.get(m.id)!, m]));
      for (const { name } of charts) {
        const m = byName.get(name)!;
        expect(m.width, `${name}: drawn inside the screen`).toBeLessThanOrEqual(width);
        expect(m.plot, `${name} at ${width} px: the plot's height`).toBeGreaterThanOrEqual(MIN_PLOT);
        if (name.startsWith('score line')) {
          expect(m.ruleLabels, `${name}: both rule lines labelled`).toHaveLength(2);
          expect(intersect(m.ruleLabels[0]!, m.ruleLabels[1]!), `${name}: the rule labels overlap`).toBe(
            false,
          );
        }
        for (const t of m.axis)
          expect(t, `${name}: a month written like day-month`).not.toMatch(/^\d\d-\d\d$/);
        if (name.startsWith('score line') || name.startsWith('savings'))
          expect(
            m.axis.some((t) => /^20\d\d-\d\d$/.test(t)),
            `${name}: months on the axis`,
          ).toBe(true);
      }
      // The same measures find the faults they are there for.
      const together = byName.get('bite: labels together')!;
      expect(together.ruleLabels).toHaveLength(2);
      expect(intersect(together.ruleLabels[0]!, together.ruleLabels[1]!)).toBe(true);
      if (width === 375) expect(byName.get('bite: 16:9')!.plot).toBeLessThan(MIN_PLOT);
      expect(problems).toEqual([]);
      await page.close();
    }, 30_000);
});
