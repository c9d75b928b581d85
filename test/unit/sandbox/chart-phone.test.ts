/**
 * Issue 21: the sandbox refuses a chart property the chart page says fails to load on Feishu's
 * mobile clients (移动端暂不支持), wherever in the spec it sits; each rule with a good twin.
 */
import { expect, it } from 'vitest';
import { checkCharts } from '../../../src/sandbox/chart-check';

const card = (extra: Record<string, unknown>, type = 'bar') => ({
  schema: '2.0',
  body: {
    elements: [
      {
        tag: 'chart',
        aspect_ratio: '4:3',
        chart_spec: { type, data: [{ values: [{ x: 'a', y: 1 }] }], xField: 'x', yField: 'y', ...extra },
      },
    ],
  },
});
const problems = (extra: Record<string, unknown>, type?: string) => checkCharts(card(extra, type)).join('\n');

it.each([
  ['a texture', { bar: { style: { texture: 'circle' } } }, { bar: { style: { fill: '#3370ff' } } }],
  [
    'a conical gradient',
    { bar: { style: { fill: { gradient: 'conical', stops: [] } } } },
    { bar: { style: { fill: { gradient: 'linear', stops: [] } } } },
  ],
  [
    'an SVG background',
    { bar: { style: { background: '<svg viewBox="0 0 1 1"></svg>' } } },
    { bar: { style: { background: '#f2f3f5' } } },
  ],
  [
    "an image's repeatX",
    { extensionMark: [{ type: 'image', style: { image: 'https://x.cn/a.png', repeatX: 'repeat' } }] },
    { extensionMark: [{ type: 'image', style: { image: 'https://x.cn/a.png' } }] },
  ],
])('refuses %s, citing the chart page', (what, bad, good) => {
  expect(problems(bad)).toContain(`${what} fails to load on Feishu's mobile clients`);
  expect(problems(bad)).toContain('content-components/chart');
  expect(problems(good)).toBe('');
});

it('refuses a word cloud laid out on a grid, not one laid out otherwise', () => {
  const cloud = (layoutMode: string) => ({
    nameField: 'x',
    valueField: 'y',
    wordCloudConfig: { layoutMode },
  });
  expect(problems(cloud('grid'), 'wordCloud')).toContain('a grid word cloud fails to load');
  expect(problems(cloud('fast'), 'wordCloud')).toBe('');
});
