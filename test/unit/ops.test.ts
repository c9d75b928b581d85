import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMetrics, exportedMetricNames } from '../../src/metrics/metrics';

/** Issue 15, acceptance line 3: the shipped alert rules and dashboard use only metrics the code exports. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (p: string) => readFileSync(resolve(ROOT, p), 'utf8');

type Rule = {
  alert?: string;
  expr?: unknown;
  for?: unknown;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};
type Panel = {
  id?: unknown;
  type?: unknown;
  title?: unknown;
  gridPos?: Record<string, unknown>;
  targets?: { refId?: string; expr?: unknown }[];
};

/** The `gps_` names an expression uses, histogram series (`_bucket`, `_sum`, `_count`) named by their family. */
function namesIn(expr: string, histograms: Set<string>): string[] {
  return (expr.match(/gps_[a-z_]+/g) ?? []).map((n) => {
    const base = n.replace(/_(bucket|sum|count)$/, '');
    return base !== n && histograms.has(base) ? base : n;
  });
}

/** Names used that no metric of the code exports. */
function unknownNames(exprs: string[], exported: Set<string>, histograms: Set<string>): string[] {
  return [...new Set(exprs.flatMap((e) => namesIn(e, histograms)))].filter((n) => !exported.has(n));
}

/** Label names per metric of the code (prom-client keeps them on the metric object). */
type Labelled = { name: string; labelNames?: readonly string[] };

/**
 * Labels an expression selects or groups `gps_` series by that those series do not carry: such a
 * selector matches nothing and such a group merges everything, silently. Prometheus's own `job`
 * (the scrape job) is not a label of the code's metrics, so `{job=~"retention"}` or
 * `by (job)` on a job metric is refused here: a job's name is `job_name`.
 */
function strangeLabels(expr: string, labels: Map<string, Set<string>>, histograms: Set<string>): string[] {
  const e = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const bad: string[] = [];
  const carried = new Set<string>();
  for (const [, name, matchers = ''] of e.matchAll(/(gps_[a-z_]+)(?:\{([^}]*)\})?/g)) {
    const family = namesIn(name!, histograms)[0]!;
    const own = new Set(labels.get(family) ?? []);
    if (name!.endsWith('_bucket') && histograms.has(family)) own.add('le');
    for (const l of own) carried.add(l);
    for (const [, l] of matchers.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g))
      if (!own.has(l!)) bad.push(`${name}{${l}}`);
  }
  if (!/gps_/.test(e)) return bad;
  for (const [, group] of e.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g))
    for (const l of group!.split(',').map((x) => x.trim())) if (l && !carried.has(l)) bad.push(`by (${l})`);
  return bad;
}

/** The labels an alert's series keep: those it is grouped by, or all (with `job`, `instance`) when not aggregated. */
function alertLabels(expr: string, labels: Map<string, Set<string>>, histograms: Set<string>): Set<string> {
  const groups = [...expr.matchAll(/\bby\s*\(([^)]*)\)/g)].flatMap(([, g]) =>
    g!.split(',').map((x) => x.trim()),
  );
  if (groups.length > 0) return new Set(groups);
  if (/\b(sum|max|min|avg|count)\s*\(/.test(expr)) return new Set();
  const own = namesIn(expr, histograms).flatMap((n) => [...(labels.get(n) ?? [])]);
  return new Set([...own, 'job', 'instance']);
}

function balanced(expr: string): boolean {
  let depth = 0;
  for (const c of expr.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

describe('ops files', async () => {
  const metrics = createMetrics();
  const exported = new Set(await exportedMetricNames(metrics));
  const histograms = new Set(
    (await metrics.registry.getMetricsAsJSON())
      .filter((m) => String(m.type) === 'histogram')
      .map((m) => m.name),
  );
  const labels = new Map(
    (metrics.registry.getMetricsAsArray() as unknown as Labelled[]).map((m) => [
      m.name,
      new Set(m.labelNames),
    ]),
  );

  it('the code exports the metrics of issue 15', () => {
    for (const n of [
      'gps_event_duration_seconds',
      'gps_answers_late_total',
      'gps_events_duplicate_total',
      'gps_outbox_pending',
      'gps_outbox_oldest_pending_seconds',
      'gps_relay_sends_total',
      'gps_queue_jobs',
      'gps_job_failures_total',
      'gps_job_duration_seconds',
      'gps_job_last_success_timestamp_seconds',
      'gps_audit_anchor_age_seconds',
      'gps_calendar_next_year_covered',
    ])
      expect(exported, n).toContain(n);
  });

  it("no metric carries a label Prometheus attaches itself (job, instance); a job's name is job_name", () => {
    for (const [name, own] of labels) {
      expect(own.has('job'), name).toBe(false);
      expect(own.has('instance'), name).toBe(false);
    }
    for (const n of [
      'gps_job_failures_total',
      'gps_job_duration_seconds',
      'gps_job_last_success_timestamp_seconds',
    ])
      expect([...(labels.get(n) ?? [])], n).toEqual(['job_name']);
  });

  it('alerts.yml is a rule file whose every rule is complete and uses only exported metrics', () => {
    const doc = parse(read('ops/prometheus/alerts.yml')) as { groups: { name: string; rules: Rule[] }[] };
    expect(doc.groups.length).toBeGreaterThan(0);
    const rules = doc.groups.flatMap((g) => g.rules);
    const names = rules.map((r) => r.alert);
    expect(new Set(names).size).toBe(names.length);
    for (const r of rules) {
      expect(r.alert, JSON.stringify(r)).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
      expect(typeof r.expr, r.alert).toBe('string');
      expect(balanced(r.expr as string), r.alert).toBe(true);
      if (r.for !== undefined) expect(r.for, r.alert).toMatch(/^\d+[smhd]$/);
      expect(['warning', 'critical'], r.alert).toContain(r.labels?.severity);
      expect(r.annotations?.summary, r.alert).toBeTruthy();
      // A code metric, or Prometheus's own `up` of a scrape job of prometheus.yml.
      const usesUp = /\bup\{job=~?"gps/.test(r.expr as string);
      expect(namesIn(r.expr as string, histograms).length + (usesUp ? 1 : 0), r.alert).toBeGreaterThan(0);
      expect(strangeLabels(r.expr as string, labels, histograms), r.alert).toEqual([]);
      const kept = alertLabels(r.expr as string, labels, histograms);
      for (const [, l] of JSON.stringify(r.annotations).matchAll(/\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)/g))
        expect([...kept], `${r.alert} names $labels.${l}`).toContain(l);
    }
    expect(
      unknownNames(
        rules.map((r) => r.expr as string),
        exported,
        histograms,
      ),
    ).toEqual([]);
    // The five alerts the issue asks for.
    expect(names).toEqual(
      expect.arrayContaining([
        'GpsOutboxBacklogGrowing',
        'GpsDailySweepMissed',
        'GpsAnswersPastDeadline',
        'GpsCalendarNextYearMissing',
        'GpsAuditAnchorLate',
        // Issue 20: a process that cannot be scraped, a message that failed for good.
        'GpsScrapeTargetDown',
        'GpsSendFailedPermanently',
      ]),
    );
    const failed = rules.find((r) => r.alert === 'GpsSendFailedPermanently');
    expect(failed?.expr).toContain('gps_relay_sends_total{result="permanent"}');
    expect(failed?.annotations?.description).toContain('发送失败');
  });

  it('prometheus.yml loads alerts.yml and scrapes jobs the target-down alert watches', () => {
    const doc = parse(read('ops/prometheus/prometheus.yml')) as {
      rule_files: string[];
      scrape_configs: { job_name: string; honor_labels?: boolean }[];
    };
    expect(doc.rule_files).toEqual(['alerts.yml']);
    const rules = (
      parse(read('ops/prometheus/alerts.yml')) as { groups: { rules: Rule[] }[] }
    ).groups.flatMap((g) => g.rules);
    const down = String(rules.find((r) => r.alert === 'GpsScrapeTargetDown')?.expr);
    const watched = new RegExp(`^(?:${/up\{job=~"([^"]+)"\}/.exec(down)?.[1]})$`);
    const jobs = doc.scrape_configs.map((c) => c.job_name);
    expect(jobs).toEqual(expect.arrayContaining(['gps-bot', 'gps-worker']));
    for (const c of doc.scrape_configs) {
      expect(c.job_name).toMatch(watched);
      // honor_labels would let a series' own labels override the target's `job` and `instance`.
      expect(c.honor_labels ?? false, c.job_name).toBe(false);
    }
  });

  it('dashboard.json is a Grafana dashboard whose every panel queries only exported metrics', () => {
    const dash = JSON.parse(read('ops/grafana/dashboard.json')) as {
      uid?: unknown;
      title?: unknown;
      schemaVersion?: unknown;
      panels: Panel[];
    };
    expect(typeof dash.uid).toBe('string');
    expect(typeof dash.title).toBe('string');
    expect(typeof dash.schemaVersion).toBe('number');
    const ids = dash.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const exprs: string[] = [];
    for (const p of dash.panels) {
      expect(typeof p.title, String(p.id)).toBe('string');
      expect(typeof p.type, String(p.title)).toBe('string');
      for (const k of ['x', 'y', 'w', 'h']) expect(typeof p.gridPos?.[k], `${p.title} ${k}`).toBe('number');
      expect(p.targets?.length, String(p.title)).toBeGreaterThan(0);
      for (const t of p.targets ?? []) {
        expect(typeof t.expr, String(p.title)).toBe('string');
        expect(balanced(t.expr as string), String(p.title)).toBe(true);
        exprs.push(t.expr as string);
      }
    }
    const used = new Set(exprs.flatMap((e) => namesIn(e, histograms)));
    expect(unknownNames(exprs, exported, histograms)).toEqual([]);
    expect(exprs.flatMap((e) => strangeLabels(e, labels, histograms))).toEqual([]);
    // Every metric of the code is on the dashboard.
    expect([...exported].filter((n) => !used.has(n))).toEqual([]);
  });

  it("the check would catch a rule on Prometheus's job label instead of job_name (issue 20)", () => {
    expect(
      strangeLabels(
        'time() - max by (job) (gps_job_last_success_timestamp_seconds{job=~"outbox.sweep|retention"}) > 600',
        labels,
        histograms,
      ),
    ).toEqual(['gps_job_last_success_timestamp_seconds{job}', 'by (job)']);
    expect(
      strangeLabels('sum by (job) (increase(gps_job_failures_total[15m])) > 5', labels, histograms),
    ).toEqual(['by (job)']);
    expect(
      strangeLabels(
        'histogram_quantile(0.95, sum by (le, job_name) (rate(gps_job_duration_seconds_bucket[5m])))',
        labels,
        histograms,
      ),
    ).toEqual([]);
    expect([
      ...alertLabels('sum by (job_name) (increase(gps_job_failures_total[15m])) > 5', labels, histograms),
    ]).toEqual(['job_name']);
  });

  it('the check would catch a metric the code does not export', () => {
    expect(
      unknownNames(['rate(gps_event_duration_seconds_bucket[5m]) + gps_outbox_pendng'], exported, histograms),
    ).toEqual(['gps_outbox_pendng']);
  });
});
