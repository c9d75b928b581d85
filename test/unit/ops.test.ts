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
      expect(namesIn(r.expr as string, histograms).length, r.alert).toBeGreaterThan(0);
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
      ]),
    );
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
    // Every metric of the code is on the dashboard.
    expect([...exported].filter((n) => !used.has(n))).toEqual([]);
  });

  it('the check would catch a metric the code does not export', () => {
    expect(
      unknownNames(['rate(gps_event_duration_seconds_bucket[5m]) + gps_outbox_pendng'], exported, histograms),
    ).toEqual(['gps_outbox_pendng']);
  });
});
