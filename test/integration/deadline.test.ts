import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { botCards } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let zhang: string;
beforeAll(async () => {
  h = await startHarness();
  zhang = h.person('张伟');
});
afterAll(() => h.stop());

it('a handler that hangs still gets Feishu an answer within 2.5 s; the work commits once afterwards', async () => {
  // Another session holds the event id's row uncommitted, so the handler blocks on it.
  const other = postgres(h.dbUrl, { max: 1 });
  const eventId = `ev_hang_${Date.now()}`;
  const release = other.begin(async (tx) => {
    await tx`insert into processed_events (event_id, event_type) values (${eventId}, 'message')`;
    await new Promise((r) => setTimeout(r, 4000));
    throw new Error('roll back on purpose');
  });
  await new Promise((r) => setTimeout(r, 200));
  const d = await h.sb.say(zhang, '你好', { eventId });
  expect(d.status).toBe('ok');
  expect(d.httpStatus).toBe(200);
  expect(d.latencyMs).toBeLessThan(2500);
  expect(h.logs.some((l) => l.includes(eventId) && l.includes('missed the answer deadline'))).toBe(true);
  await release.catch(() => {});
  await other.end();
  // The blocked transaction proceeds once the other one rolls back: one menu card, not zero, not two.
  await h.sb.waitFor(() => botCards(h.sb.inbox(zhang)).length === 1, 8000);
}, 20_000);

it('a handler that throws still gets an answer within 2.5 s, and the failure is logged', async () => {
  h.sb.reset();
  await h.sql`alter table outbox rename to outbox_away`;
  try {
    const d = await h.sb.say(zhang, '你好');
    expect(d.status).toBe('ok');
    expect(d.httpStatus).toBe(200);
    expect(d.latencyMs).toBeLessThan(2500);
    expect(h.logs.some((l) => l.includes(d.eventId) && l.includes('event handler failed'))).toBe(true);
  } finally {
    await h.sql`alter table outbox_away rename to outbox`;
  }
  // Nothing was half-done: the event was not recorded, so a re-push would be handled in full.
  const rows =
    await h.sql`select 1 from processed_events where event_type = 'message' and processed_at > now() - interval '5 seconds' and event_id not like 'ev_hang_%'`;
  expect(rows).toHaveLength(0);
}, 20_000);
