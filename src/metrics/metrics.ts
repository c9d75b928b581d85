import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type MetricSources, scrapeSources } from './sources';

/** Latency buckets of a click or event, in seconds; 2.2 is the answer deadline (bot/inbound.ts). */
const EVENT_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.2, 3, 5, 10];
/** Job run times, in seconds: a send takes milliseconds, a sweep up to minutes. */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 5, 15, 60, 300];

/** What the relay made of one outbox row it tried to send (jobs/outbox-send.ts). */
const RELAY_RESULTS = ['sent', 'rate_limited', 'permanent', 'retried'] as const;
export type RelayResult = (typeof RELAY_RESULTS)[number];
/** The codes of a card Feishu refuses as invalid (feishu/errors.ts CARD_INVALID): bounded label values. */
const CARD_REFUSAL_CODES = ['230099', '11310', '100290'] as const;

/**
 * Every metric of one app instance, on its own registry (tests start several apps in one process,
 * so nothing goes to prom-client's global registry). Labels are bounded: event kinds, action names,
 * job and queue names, results; never ids or people. `sources` feed the gauges read on scrape
 * (database, Redis, BullMQ); without them those gauges report nothing. A source that does not answer
 * in time leaves its gauge at the value of the last scrape that read it.
 *
 * A job's name is the label `job_name`, never `job`: Prometheus attaches its own `job` (the scrape
 * job) to every series, renames ours to `exported_job`, and rules on `job` would match nothing.
 */
export function createMetrics(sources?: MetricSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const scrape = sources ? scrapeSources(sources) : undefined;
  const on = <T>(read: (s: NonNullable<typeof scrape>) => T) => (scrape ? read(scrape) : undefined);
  const registers = [registry];

  const metrics = {
    registry,
    eventDuration: new Histogram({
      name: 'gps_event_duration_seconds',
      help: 'Time from an event reaching the dispatcher to its answer, by event kind and action (the button for a card click, the kind otherwise).',
      labelNames: ['kind', 'action'] as const,
      buckets: EVENT_BUCKETS,
      registers,
    }),
    answersLate: new Counter({
      name: 'gps_answers_late_total',
      help: 'Events and card callbacks answered with the "still working" reply because the handler missed the answer deadline.',
      registers,
    }),
    eventsDuplicate: new Counter({
      name: 'gps_events_duplicate_total',
      help: 'Re-delivered events refused because their event id was already processed.',
      labelNames: ['kind'] as const,
      registers,
    }),
    relaySends: new Counter({
      name: 'gps_relay_sends_total',
      help: 'Outbox rows the relay tried to send, by outcome: sent, rate_limited (a 429, or a Feishu frequency limit such as 230020 or 11232: the row waits), permanent (failed for good, also a reply, patch or urgent whose target failed, and a row whose frequency-limit retries ran out), retried (transient failure).',
      labelNames: ['result'] as const,
      registers,
    }),
    cardsRefused: new Counter({
      name: 'gps_cards_refused_total',
      help: 'Cards Feishu refused as invalid, by code: 230099 (card content invalid), 11310 (over 200 elements), 100290 (a person id the app cannot see). Each also counts as a permanent relay send; the recipient gets a text notice instead.',
      labelNames: ['code'] as const,
      registers,
    }),
    jobFailures: new Counter({
      name: 'gps_job_failures_total',
      help: 'Job attempts that threw (a rate-limit wait is not a failure), by job name.',
      labelNames: ['job_name'] as const,
      registers,
    }),
    jobDuration: new Histogram({
      name: 'gps_job_duration_seconds',
      help: 'Run time of job attempts that finished or failed (rate-limit waits excluded), by job name.',
      labelNames: ['job_name'] as const,
      buckets: JOB_BUCKETS,
      registers,
    }),
    outboxPending: new Gauge({
      name: 'gps_outbox_pending',
      help: 'Outbox rows not yet sent (read from the database on scrape).',
      registers,
      collect: on(
        (s) =>
          async function (this: Gauge) {
            const o = await s.outbox();
            if (o) this.set(o.pending);
          },
      ),
    }),
    outboxOldest: new Gauge({
      name: 'gps_outbox_oldest_pending_seconds',
      help: 'Age of the oldest unsent outbox row, 0 when none is pending (read on scrape).',
      registers,
      collect: on(
        (s) =>
          async function (this: Gauge) {
            const o = await s.outbox();
            if (o) this.set(o.oldestSeconds);
          },
      ),
    }),
    queueJobs: new Gauge({
      name: 'gps_queue_jobs',
      help: "Jobs in each BullMQ queue by state (BullMQ's getJobCounts, on scrape).",
      labelNames: ['queue', 'state'] as const,
      registers,
      collect: on(
        (s) =>
          async function (this: Gauge<'queue' | 'state'>) {
            const counts = await s.queueCounts();
            this.reset();
            for (const [queue, byState] of Object.entries(counts))
              for (const [state, n] of Object.entries(byState)) this.set({ queue, state }, n);
          },
      ),
    }),
    jobLastSuccess: new Gauge({
      name: 'gps_job_last_success_timestamp_seconds',
      help: 'When each scheduled job last finished without error (Unix time; shared by all workers through Redis).',
      labelNames: ['job_name'] as const,
      registers,
      collect: on(
        (s) =>
          async function (this: Gauge<'job_name'>) {
            const last = await s.lastSuccess();
            if (!last) return;
            this.reset();
            for (const [job, at] of Object.entries(last)) this.set({ job_name: job }, at);
          },
      ),
    }),
    auditAnchorAge: new Gauge({
      name: 'gps_audit_anchor_age_seconds',
      help: 'Seconds since the newest audit anchor (since the first audit row while none was taken; 0 while the trail is empty).',
      registers,
      collect: on(
        (s) =>
          async function (this: Gauge) {
            const age = await s.anchorAge();
            if (age !== undefined) this.set(age);
          },
      ),
    }),
    calendarNextYear: new Gauge({
      name: 'gps_calendar_next_year_covered',
      help: "1 when next year's holidays are known (a loaded notice or the installed package), 0 when not.",
      registers,
      collect: on(
        (s) =>
          function (this: Gauge) {
            this.set(s.calendar().nextYearCovered ? 1 : 0);
          },
      ),
    }),
    workingDay: new Gauge({
      name: 'gps_calendar_working_day',
      help: 'Whether today (Asia/Shanghai) is a working day by the holiday calendar: 1 or 0.',
      registers,
      collect: on(
        (s) =>
          function (this: Gauge) {
            this.set(s.calendar().workingDay ? 1 : 0);
          },
      ),
    }),
    /** Records that a scheduled job finished (the sweeps' last-run gauge reads it back on scrape). */
    noteSuccess: (job: string, at: Date) => scrape?.noteSuccess(job, at) ?? Promise.resolve(),
  };
  // Every outcome is exported from the start, at 0: a series that first appears at 1 shows no
  // increase(), and the first permanent failure after a start would not fire GpsSendFailedPermanently.
  for (const result of RELAY_RESULTS) metrics.relaySends.inc({ result }, 0);
  for (const code of CARD_REFUSAL_CODES) metrics.cardsRefused.inc({ code }, 0);
  return metrics;
}
export type Metrics = ReturnType<typeof createMetrics>;

/** The name of every metric this code exports with the `gps_` prefix (alert rules and the dashboard use only these). */
export async function exportedMetricNames(m: Metrics = createMetrics()): Promise<string[]> {
  const all = await m.registry.getMetricsAsJSON();
  return all.map((x) => x.name).filter((n) => n.startsWith('gps_'));
}
