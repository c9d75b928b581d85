/**
 * The chart element of Card JSON 2.0 (`{tag:'chart', chart_spec, aspect_ratio, ...}`), as Feishu
 * renders it: a VChart spec of a known type with data in it, and nothing that would have to run as
 * code (Feishu drops functions, so a spec that needs one draws wrong or not at all). At most five
 * charts in a card, none in a form. Pure: returns readable errors with a JSON-ish path.
 */
import { walkCard } from './card-walk';
import { isRecord } from './http-io';

export const CHART_TYPES = new Set(['line', 'area', 'bar', 'pie', 'scatter', 'wordCloud']);
export const ASPECT_RATIOS = new Set(['16:9', '4:3', '2:1', '1:1']);
export const MAX_CHARTS = 5;

/** A string that reads as JavaScript code: `function (…)` or an arrow. */
const CODE = /\bfunction\s*\(|=>/;
const FORMAT_KEYS = new Set(['formatMethod', 'formatter']);

export function checkCharts(card: unknown): string[] {
  const errors: string[] = [];
  const charts = walkCard(card).filter((e) => e.tag === 'chart');
  if (charts.length > MAX_CHARTS) errors.push(`card: ${charts.length} charts, at most ${MAX_CHARTS} allowed`);
  charts.forEach((c, i) => {
    const at = `chart[${i}]`;
    if (c.form) errors.push(`${at}: chart is not allowed inside a form`);
    const ratio = c.node.aspect_ratio;
    if (ratio !== undefined && !(typeof ratio === 'string' && ASPECT_RATIOS.has(ratio)))
      errors.push(
        `${at}.aspect_ratio: ${JSON.stringify(ratio)} is not one of ${[...ASPECT_RATIOS].join(', ')}`,
      );
    const height = c.node.height;
    if (height !== undefined && !validHeight(height))
      errors.push(`${at}.height: ${JSON.stringify(height)} is not "auto" nor "[1,999]px"`);
    errors.push(...checkSpec(c.node.chart_spec, `${at}.chart_spec`));
  });
  return errors;
}

/** The chart page's `height`: `auto` (follow `aspect_ratio`) or a fixed `[1,999]px`. */
function validHeight(h: unknown): boolean {
  if (h === 'auto') return true;
  const px = typeof h === 'string' ? /^(\d{1,3})px$/.exec(h) : null;
  return px !== null && Number(px[1]) >= 1;
}

function checkSpec(spec: unknown, path: string): string[] {
  if (!isRecord(spec)) return [`${path}: must be an object (a VChart spec)`];
  const errors: string[] = [];
  if (typeof spec.type !== 'string' || !CHART_TYPES.has(spec.type))
    errors.push(`${path}.type: ${JSON.stringify(spec.type)} is not one of ${[...CHART_TYPES].join(', ')}`);
  if (!hasData(spec.data)) errors.push(`${path}.data: needs {values:[…]} or [{values:[…]}] with some values`);
  findCode(spec, path, errors);
  findPhoneFailures(spec, path, errors);
  return errors;
}

const CHART_PAGE =
  'https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/chart';
const SVG = /<svg|\.svg(\?|#|$)|image\/svg/i;

/**
 * What the chart page lists under 移动端暂不支持 ("the chart fails to load on mobile"): a texture, a
 * conical gradient, a word cloud laid out on a grid, an image's repeatX/repeatY, an SVG background.
 */
function findPhoneFailures(v: unknown, path: string, errors: string[]): void {
  const fail = (at: string, what: string) =>
    errors.push(`${at}: ${what} fails to load on Feishu's mobile clients (${CHART_PAGE})`);
  if (Array.isArray(v)) for (const [i, x] of v.entries()) findPhoneFailures(x, `${path}[${i}]`, errors);
  else if (isRecord(v))
    for (const [k, x] of Object.entries(v)) {
      const at = `${path}.${k}`;
      if (k === 'texture' && x !== undefined && x !== null) fail(at, 'a texture');
      else if (k === 'gradient' && x === 'conical') fail(at, 'a conical gradient');
      else if (k === 'layoutMode' && x === 'grid' && path.endsWith('wordCloudConfig'))
        fail(at, 'a grid word cloud');
      else if ((k === 'repeatX' || k === 'repeatY') && x !== undefined && x !== null)
        fail(at, `an image's ${k}`);
      else if (k === 'background' && typeof x === 'string' && SVG.test(x)) fail(at, 'an SVG background');
      findPhoneFailures(x, at, errors);
    }
}

/** `{values:[…]}` or a non-empty array of them, with at least one value somewhere. */
function hasData(data: unknown): boolean {
  const sets = Array.isArray(data) ? data : [data];
  if (sets.length === 0 || !sets.every((d) => isRecord(d) && Array.isArray(d.values))) return false;
  return sets.some((d) => (d as { values: unknown[] }).values.length > 0);
}

/**
 * Where a string is shown, never run: the data's values (a unit's name typed as `=>` is still a name)
 * and a title's `text`. Everywhere else VChart may take a callback, so a string that reads as code
 * means a builder meant one.
 */
const SHOWN_KEYS = new Set(['data', 'text']);

function findCode(v: unknown, path: string, errors: string[], shown = false): void {
  if (typeof v === 'function') errors.push(`${path}: functions are not allowed in a chart spec`);
  else if (typeof v === 'string') {
    if (!shown && CODE.test(v)) errors.push(`${path}: looks like code (${JSON.stringify(v.slice(0, 40))})`);
  } else if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) findCode(x, `${path}[${i}]`, errors, shown);
  } else if (isRecord(v))
    for (const [k, x] of Object.entries(v)) {
      // A format key may hold a template string ('{label}'), never code.
      if (FORMAT_KEYS.has(k) && typeof x === 'string' && /function|=>/.test(x) && !CODE.test(x))
        errors.push(`${path}.${k}: a formatter must be a template, not code`);
      findCode(x, `${path}.${k}`, errors, shown || SHOWN_KEYS.has(k));
    }
}
