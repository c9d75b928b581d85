/** The sandbox refuses a chart Feishu would not draw: one test per rule, each with a good twin. */
import { describe, expect, it } from 'vitest';
import { checkCard } from '../../../src/sandbox/card-check';
import { checkCharts } from '../../../src/sandbox/chart-check';

const text = (content: string) => ({ tag: 'plain_text', content });
const card = (elements: unknown[]) => ({
  schema: '2.0',
  header: { title: text('图表') },
  body: { elements },
});
const spec = (extra: Record<string, unknown> = {}) => ({
  type: 'bar',
  data: [{ id: 'd', values: [{ x: '25-01', y: 1, text: '1.00' }] }],
  xField: 'x',
  yField: 'y',
  ...extra,
});
const chart = (s: unknown = spec(), extra: Record<string, unknown> = {}) => ({
  tag: 'chart',
  aspect_ratio: '16:9',
  chart_spec: s,
  ...extra,
});

/** Refused by the chart check, and so by the card check every send and update goes through. */
function refused(c: unknown, fragment: string) {
  const problems = checkCharts(c);
  expect(problems.join('\n')).toContain(fragment);
  expect(checkCard(c).join('\n')).toContain(fragment);
}

describe('chart check', () => {
  it('accepts a well-formed chart of every known type, and data as one object', () => {
    for (const type of ['line', 'area', 'bar', 'pie', 'scatter', 'wordCloud'])
      expect(checkCard(card([chart(spec({ type }))]))).toEqual([]);
    expect(checkCard(card([chart(spec({ data: { values: [{ x: 1 }] } }))]))).toEqual([]);
    expect(checkCard(card([chart(spec({ label: { visible: true, formatter: '{text}' } }))]))).toEqual([]);
  });

  it('needs a chart_spec object', () => {
    refused(card([{ tag: 'chart', aspect_ratio: '16:9' }]), 'chart_spec: must be an object');
    refused(card([chart('{"type":"bar"}')]), 'chart_spec: must be an object');
  });

  it('needs a known type', () => {
    refused(card([chart(spec({ type: 'radar' }))]), '.type: "radar" is not one of');
    refused(card([chart(spec({ type: undefined }))]), '.type:');
  });

  it('needs data with values', () => {
    refused(card([chart(spec({ data: undefined }))]), '.data: needs');
    refused(card([chart(spec({ data: [] }))]), '.data: needs');
    refused(card([chart(spec({ data: [{ id: 'd', values: [] }] }))]), '.data: needs');
    refused(card([chart(spec({ data: [{ id: 'd', rows: [1] }] }))]), '.data: needs');
  });

  it('refuses anything that reads as code, wherever it sits', () => {
    refused(card([chart(spec({ label: { formatMethod: 'function (v) { return v }' } }))]), 'looks like code');
    refused(
      card([chart(spec({ tooltip: { mark: { content: [{ value: '(d) => d.y' }] } } }))]),
      'looks like code',
    );
    refused(card([chart(spec({ label: { formatter: 'functionName' } }))]), 'a formatter must be a template');
    refused(card([chart(spec({ label: { formatMethod: 'x => y' } }))]), 'looks like code');
  });

  it('lets data values and title text read as anything typed: they are shown, never run', () => {
    const typed = 'a => b function (x)';
    const s = spec({ title: { visible: true, text: typed }, data: [{ values: [{ x: typed, y: 1 }] }] });
    expect(checkCard(card([chart(s)]))).toEqual([]);
  });

  it('allows only the known aspect ratios', () => {
    refused(card([chart(spec(), { aspect_ratio: '3:1' })]), 'aspect_ratio: "3:1" is not one of');
    expect(checkCard(card([chart(spec(), { aspect_ratio: '1:1' })]))).toEqual([]);
  });

  it('allows a height of "auto" or 1 to 999 px, nothing else', () => {
    for (const height of ['auto', '1px', '340px', '999px'])
      expect(checkCard(card([chart(spec(), { height })])), height).toEqual([]);
    for (const height of ['0px', '1000px', '340', '50%', 340])
      refused(card([chart(spec(), { height })]), `height: ${JSON.stringify(height)} is not`);
  });

  it('refuses a chart inside a form', () => {
    const submit = { tag: 'button', text: text('提交'), name: 's', form_action_type: 'submit' };
    refused(
      card([{ tag: 'form', name: 'f', elements: [chart(), submit] }]),
      'chart is not allowed inside a form',
    );
  });

  it('allows at most 5 charts in a card', () => {
    expect(checkCard(card(Array.from({ length: 5 }, () => chart())))).toEqual([]);
    refused(card(Array.from({ length: 6 }, () => chart())), '6 charts, at most 5 allowed');
  });
});
