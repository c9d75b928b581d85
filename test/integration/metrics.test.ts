import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApp } from '../../src/app';
import type { Dispatcher } from '../../src/bot/dispatcher';
import { createWebhookHandler } from '../../src/bot/webhook';
import { createLogger } from '../../src/log';
import { createMetrics } from '../../src/metrics/metrics';
import { OutboxWriter } from '../../src/outbox/write';
import { botCards, sleep } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';
import { REDIS_URL } from '../helpers/redis';

/**
 * Issue 15, acceptance line 2: `/metrics` is Prometheus text, and after scripted clicks, sends and
 * a forced 429 each counter and histogram moves by exactly what was done (read, act, read again).
 */
type Samples = Map<string, number>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABELS =
  /^\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*")*,?)?\}$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES = ['_bucket', '_sum', '_count', '_total', '_created'];

/** A strict reader of the text exposition format (0.0.4): throws on any line it does not accept. */
function parseExposition(text: string): Samples {
  const samples: Samples = new Map();
  const typed = new Map<string, string>();
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline');
  for (const [i, line] of text.slice(0, -1).split('\n').entries()) {
    const fail = (why: string) => {
      throw new Error(`line ${i + 1}: ${why}: ${line}`);
    };
    // The format ignores empty lines (prom-client puts one between families).
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) fail('bad comment');
      const [, what, name, rest] = m!;
      if (!NAME.test(name!)) fail('bad metric name');
      if (what === 'TYPE') {
        if (!TYPES.has(rest!)) fail('unknown type');
        if (typed.has(name!)) fail('type given twice');
        typed.set(name!, rest!);
      }
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (!m) fail('bad sample');
    const [, name, labels = '', value] = m!;
    if (labels && !LABELS.test(labels)) fail('bad labels');
    const family = [
      name!,
      ...SUFFIXES.filter((s) => name!.endsWith(s)).map((s) => name!.slice(0, -s.length)),
    ].find((n) => typed.has(n));
    if (!family) fail('sample before its TYPE');
    const v =
      value === '+Inf' ? Infinity : value === '-Inf' ? -Infinity : value === 'NaN' ? NaN : Number(value);
    if (!/^(?:[+-]?(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+)|[+-]Inf|NaN)$/i.test(value!)) fail('bad value');
    const key = `${name}${labels}`;
    if (samples.has(key)) fail('sample given twice');
    samples.set(key, v);
  }
  return samples;
}

async function scrape(port: number): Promise<Samples> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return parseExposition(await res.text());
}

const get = (s: Samples, key: string) => s.get(key) ?? 0;
/** How much each of `keys` moved between two scrapes. */
const deltas = (a: Samples, b: Samples, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, get(b, k) - get(a, k)]));

let h: Harness;
beforeAll(async () => {
  // Three calls per second per API: a burst of sends is refused with 429 (src/sandbox/core.ts apiRule).
  h = await startHarness({ sandboxLimits: { apiPerSecond: 3 } });
});
afterAll(() => h.stop());

async function pendingRows(): Promise<number> {
  const [r] = await h.sql<{ n: number }[]>`select count(*)::int as n from outbox where status = 'pending'`;
  return r!.n;
}
async function drained() {
  await h.sb.waitFor(async () => (await pendingRows()) === 0, 30_000);
  await sleep(300);
}

it('clicks, a duplicate, sends, a forced 429 and a permanent failure move each metric by exactly that much', async () => {
  const zhang = h.person('张伟');
  // Three menu cards to click, delivered before the first reading.
  for (let i = 0; i < 3; i++) await h.sb.say(zhang, '菜单');
  const menus = await h.sb.waitFor(() => {
    const cards = botCards(h.sb.inbox(zhang));
    return cards.length >= 3 ? cards : undefined;
  }, 20_000);
  await drained();

  const clickKeys = [
    'gps_event_duration_seconds_count{kind="card",action="help"}',
    'gps_event_duration_seconds_bucket{le="+Inf",kind="card",action="help"}',
    'gps_events_duplicate_total{kind="card"}',
    'gps_answers_late_total',
    'gps_relay_sends_total{result="sent"}',
  ];
  const before = await scrape(h.app.port);
  // Each code of a refused card is exported at 0 from the start: its first refusal is an increase()
  // (GpsCardRefused). test/integration/card-refused.test.ts moves them.
  for (const code of ['230099', '11310', '100290'])
    expect(before.get(`gps_cards_refused_total{code="${code}"}`), code).toBe(0);
  const clicks = [];
  for (const m of menus.slice(-3)) clicks.push(await h.sb.click(zhang, m.messageId, '使用帮助'));
  const again = await h.sb.redeliver(clicks[0]!.delivery.eventId);
  expect(again.answer).toMatchObject({ toast: { content: '该操作已处理,无需重复提交' } });
  const afterClicks = await scrape(h.app.port);
  expect(deltas(before, afterClicks, clickKeys)).toEqual({
    [clickKeys[0]!]: 4,
    [clickKeys[1]!]: 4,
    [clickKeys[2]!]: 1,
    gps_answers_late_total: 0,
    'gps_relay_sends_total{result="sent"}': 0,
  });
  const sum = 'gps_event_duration_seconds_sum{kind="card",action="help"}';
  expect(get(afterClicks, sum) - get(before, sum)).toBeGreaterThan(0);

  // Sends: 12 rows to people and 1 to a group without the bot (a permanent failure), written first
  // and handed to the relay only after a reading of the backlog.
  h.sb.addChat({ chatId: 'oc_metrics_no_bot', name: '无机器人群', members: [zhang], botIsMember: false });
  const people = h.org.people.map((p) => p.open_id);
  const ids = await h.db.transaction(async (tx) => {
    const out = new OutboxWriter(tx);
    for (let i = 0; i < 12; i++)
      await out.send({ type: 'open_id', id: people[i % people.length]! }, { text: `指标${i}` });
    await out.send({ type: 'chat_id', id: 'oc_metrics_no_bot' }, { text: '发不出去' });
    return out.ids;
  });
  const waiting = await scrape(h.app.port);
  expect(get(waiting, 'gps_outbox_pending')).toBe(13);
  expect(get(waiting, 'gps_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(0);
  expect(get(waiting, 'gps_outbox_oldest_pending_seconds')).toBeLessThan(30);

  const limitedBefore = h.sb.stats().rateLimitedByApi['POST /open-apis/im/v1/messages'] ?? 0;
  await h.app.enqueueOutbox(ids);
  await drained();
  const limited = (h.sb.stats().rateLimitedByApi['POST /open-apis/im/v1/messages'] ?? 0) - limitedBefore;
  expect(limited).toBeGreaterThan(0);
  const afterSends = await scrape(h.app.port);
  const sendKeys = [
    'gps_relay_sends_total{result="sent"}',
    'gps_relay_sends_total{result="rate_limited"}',
    'gps_relay_sends_total{result="permanent"}',
    'gps_relay_sends_total{result="retried"}',
    'gps_job_duration_seconds_count{job_name="outbox.send"}',
    'gps_job_failures_total{job_name="outbox.send"}',
  ];
  expect(deltas(afterClicks, afterSends, sendKeys)).toEqual({
    [sendKeys[0]!]: 12,
    [sendKeys[1]!]: limited,
    [sendKeys[2]!]: 1,
    [sendKeys[3]!]: 0,
    // Every row ran once to an end; a 429 puts the job back unrun, so it is not a run.
    [sendKeys[4]!]: 13,
    [sendKeys[5]!]: 0,
  });
  console.log(`metrics test: ${limited} refusals (429) for 13 rows at a 3/s limit`);
  expect(get(afterSends, 'gps_outbox_pending')).toBe(0);
  expect(get(afterSends, 'gps_outbox_oldest_pending_seconds')).toBe(0);
  for (const q of ['outbox', 'sweeps', 'approvals'])
    expect(afterSends.has(`gps_queue_jobs{queue="${q}",state="waiting"}`), q).toBe(true);
  expect(get(afterSends, 'gps_calendar_next_year_covered')).toBeOneOf([0, 1]);
  expect(afterSends.has('process_resident_memory_bytes')).toBe(true);

  // A reply to the message that failed fails for good without a send: it is a permanent failure
  // too (GpsSendFailedPermanently watches this counter), not a silent one.
  const reply = await h.db.transaction((tx) =>
    new OutboxWriter(tx).reply({ outboxId: ids[12]! }, { text: '回复' }),
  );
  await h.app.enqueueOutbox([reply]);
  await drained();
  const [row] = await h.sql<{ status: string; last_error: string }[]>`
    select status, last_error from outbox where id = ${reply}`;
  expect(row?.status).toBe('failed');
  expect(row?.last_error).toMatch(/^target message failed/);
  expect(deltas(afterSends, await scrape(h.app.port), sendKeys)).toEqual({
    [sendKeys[0]!]: 0,
    [sendKeys[1]!]: 0,
    [sendKeys[2]!]: 1,
    [sendKeys[3]!]: 0,
    [sendKeys[4]!]: 1,
    [sendKeys[5]!]: 0,
  });
}, 90_000);

it('a failing job, a scheduled job that succeeds and the anchor age show in the job metrics', async () => {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const sweeps = new Queue('sweeps', { connection, prefix: h.prefix });
  try {
    const before = await scrape(h.app.port);
    const t0 = h.now().getTime() / 1000;
    // An unreadable payload fails at once without retry: one failure, one run.
    await sweeps.add('audit.anchor', { at: 'not a date' });
    await sweeps.add('retention', {});
    await h.sb.waitFor(async () => {
      const s = await scrape(h.app.port);
      return (
        get(s, 'gps_job_duration_seconds_count{job_name="retention"}') >
          get(before, 'gps_job_duration_seconds_count{job_name="retention"}') &&
        get(s, 'gps_job_failures_total{job_name="audit.anchor"}') >
          get(before, 'gps_job_failures_total{job_name="audit.anchor"}')
      );
    }, 15_000);
    const after = await scrape(h.app.port);
    expect(
      deltas(before, after, [
        'gps_job_failures_total{job_name="audit.anchor"}',
        'gps_job_duration_seconds_count{job_name="audit.anchor"}',
        'gps_job_failures_total{job_name="retention"}',
        'gps_job_duration_seconds_count{job_name="retention"}',
      ]),
    ).toEqual({
      'gps_job_failures_total{job_name="audit.anchor"}': 1,
      'gps_job_duration_seconds_count{job_name="audit.anchor"}': 1,
      'gps_job_failures_total{job_name="retention"}': 0,
      'gps_job_duration_seconds_count{job_name="retention"}': 1,
    });
    expect(get(after, 'gps_job_last_success_timestamp_seconds{job_name="retention"}')).toBeGreaterThanOrEqual(
      Math.floor(t0),
    );
    expect(after.has('gps_job_last_success_timestamp_seconds{job_name="audit.anchor"}')).toBe(false);
    // The demo zone's audit trail has rows and no anchor yet: the age runs from its first row.
    const [first] = await h.sql<{ at: string }[]>`select at::text from audit_log order by id limit 1`;
    if (first) {
      const expected = (h.now().getTime() - new Date(first.at).getTime()) / 1000;
      expect(Math.abs(get(after, 'gps_audit_anchor_age_seconds') - expected)).toBeLessThan(5);
    } else expect(get(after, 'gps_audit_anchor_age_seconds')).toBe(0);
  } finally {
    await sweeps.close();
    await connection.quit();
  }
}, 30_000);

it('a worker-only process serves /metrics too, from its own registry', async () => {
  const worker = await startApp({
    role: 'worker',
    databaseUrl: h.appUrl,
    redisUrl: REDIS_URL,
    queuePrefix: h.prefix,
    port: 0,
    host: '127.0.0.1',
    transport: 'webhook',
    feishu: { appId: h.sb.appId, appSecret: h.sb.appSecret, domain: h.sb.url },
    logger: createLogger('silent'),
    workers: { relayRatePerSec: 16 },
  });
  try {
    const s = await scrape(worker.port);
    expect(s.has('gps_queue_jobs{queue="outbox",state="waiting"}')).toBe(true);
    expect(get(s, 'gps_outbox_pending')).toBe(0);
    // Its own registry: none of the bot's clicks are counted here.
    expect(get(s, 'gps_event_duration_seconds_count{kind="card",action="help"}')).toBe(0);
  } finally {
    await worker.stop();
  }
}, 30_000);

it('an answer given at the deadline, not by the handler, counts as late; an answer in time does not', async () => {
  const metrics = createMetrics();
  const handlerTakes = (ms: number): Dispatcher => ({ handle: () => sleep(ms).then(() => ({})) });
  const late = async () =>
    (await metrics.registry.getSingleMetric('gps_answers_late_total')!.get()).values[0]!.value;
  const body = JSON.stringify({
    schema: '2.0',
    header: { event_id: 'e1', event_type: 'im.message.receive_v1' },
  });
  const logger = createLogger('silent');
  await createWebhookHandler({ dispatcher: handlerTakes(5), logger, deadlineMs: 100, metrics })({}, body);
  expect(await late()).toBe(0);
  await createWebhookHandler({ dispatcher: handlerTakes(300), logger, deadlineMs: 100, metrics })({}, body);
  expect(await late()).toBe(1);
});
