import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retention } from '../../src/jobs/retention';
import type { JobDeps } from '../../src/jobs/types';
import { createLogger } from '../../src/log';
import { sleep } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let zhang: string;
const DAY = 86_400_000;

async function count(q: string): Promise<number> {
  const [r] = await h.db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${q}`));
  return r!.n;
}
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe('bounded tables (issue 11, point 6)', () => {
  beforeAll(async () => {
    // The bot alone: no relay, so the outbox rows below stay exactly as written.
    h = await startHarness({ role: 'bot' });
    zhang = h.person('张伟');
  });
  afterAll(() => h.stop());

  it('deletes old events and sent outbox rows in batches, keeps what is still needed, and a re-delivery inside the window is still refused', async () => {
    const eventId = `ev_window_${Date.now()}`;
    const before = await count('outbox');
    await h.sb.say(zhang, '在吗', { eventId });
    await h.sb.waitFor(async () => (await count('outbox')) > before || undefined); // the reply
    // Feishu re-delivers for hours; this one is 29 days old, inside the 30-day window.
    await h.db.execute(
      sql`update processed_events set processed_at = ${ago(29)} where event_id = ${eventId}`,
    );

    await h.db.execute(sql`
      insert into processed_events (event_id, event_type, processed_at)
      select 'ev_old_' || i, 'im.message.receive_v1', ${ago(31)}::timestamptz from generate_series(1, 7) i`);
    const old = ago(100);
    const [kept] = await h.db.execute<{ id: string }>(sql`
      insert into outbox (kind, receive_id_type, receive_id, msg_type, content, status, message_id, sent_at)
      values ('send', 'open_id', 'ou_x', 'text', '{"text":"被补丁的卡片"}', 'sent', 'om_kept', ${old})
      returning id`);
    await h.db.execute(sql`
      insert into outbox (kind, target_outbox_id, msg_type, content, status)
      values ('patch', ${kept!.id}, 'interactive', '{}', 'pending')`);
    // An approval card and a termination decision card: a later decision or withdrawal patches them.
    const { contract, request } = await createContract(h, { startsOn: '2026-01-01', endsOn: '2026-12-31' });
    const [card1, card2] = await h.db.execute<{ id: string }>(sql`
      insert into outbox (kind, receive_id_type, receive_id, msg_type, content, status, message_id, sent_at)
      select 'send', 'open_id', 'ou_x', 'interactive', '{}', 'sent', 'om_card_' || i, ${old}
      from generate_series(1, 2) i returning id`);
    const [stage] = await h.db.execute<{ id: number }>(sql`
      insert into approval_stages (request_id, seq, kind, status)
      values (${request.id}, 9, 'unit_leadership', 'approved') returning id::int`);
    await h.db.execute(sql`
      insert into approval_cards (stage_id, person_id, outbox_id)
      values (${stage!.id}, ${request.filerId}, ${card1!.id})`);
    await h.db.execute(sql`
      insert into termination_cases (contract_id, rule, months, status, card_outbox_id)
      values (${contract.id}, 'consecutive', '["2026-01","2026-02"]', 'withdrawn', ${card2!.id})`);
    await h.db.execute(sql`
      insert into outbox (kind, receive_id_type, receive_id, msg_type, content, status, message_id, sent_at, created_at)
      select 'send', 'open_id', 'ou_x', 'text', '{"text":"旧消息"}', 'sent', 'om_old_' || i, ${old}, ${old}
      from generate_series(1, 5) i`);
    await h.db.execute(sql`
      insert into outbox (kind, receive_id_type, receive_id, msg_type, content, status, attempts, last_error, created_at)
      values ('send', 'open_id', 'ou_x', 'text', '{"text":"失败"}', 'failed', 9, 'boom', ${old})`);
    await h.db.execute(sql`
      insert into outbox (kind, receive_id_type, receive_id, msg_type, content, status, message_id, sent_at)
      values ('send', 'open_id', 'ou_x', 'text', '{"text":"近期"}', 'sent', 'om_recent', ${ago(89)})`);
    const audits = await count('audit_log');
    const outboxBefore = await count('outbox');

    const deps = {
      db: h.db,
      logger: createLogger('silent'),
      now: () => new Date(),
      retention: { eventDedupeDays: 30, outboxRetentionDays: 90 },
    } as unknown as JobDeps;
    const run = () => retention.process({ batchSize: 3 }, deps, undefined as never);
    // 7 events in batches of 3 (3 + 3 + 1); 5 outbox rows (3 + 2).
    expect(await run()).toEqual({ events: { rows: 7, batches: 3 }, outbox: { rows: 5, batches: 2 } });
    expect(await count(`processed_events where event_id like 'ev_old_%'`)).toBe(0);
    expect(await count(`processed_events where event_id = '${eventId}'`)).toBe(1);
    expect(await count('outbox')).toBe(outboxBefore - 5);
    expect(await count(`outbox where id = '${kept!.id}'`)).toBe(1); // a pending patch targets it
    expect(await count(`outbox where id in ('${card1!.id}', '${card2!.id}')`)).toBe(2);
    expect(await count(`outbox where status = 'failed'`)).toBe(1);
    expect(await count(`outbox where message_id = 'om_recent'`)).toBe(1);
    expect(await count('audit_log')).toBe(audits);
    // A rerun finds nothing.
    expect(await run()).toEqual({ events: { rows: 0, batches: 0 }, outbox: { rows: 0, batches: 0 } });

    // The re-delivered event is still refused: no second reply.
    const again = await h.sb.redeliver(eventId);
    expect(again.httpStatus).toBe(200);
    await sleep(800);
    expect(await count('outbox')).toBe(outboxBefore - 5);
    expect(await count(`processed_events where event_id = '${eventId}'`)).toBe(1);
  });

  it('the default schedule runs daily at 03:30 with 5,000-row batches', () => {
    expect(retention.schedule).toMatchObject({ pattern: '30 3 * * *' });
    expect(retention.payload.parse({})).toEqual({ batchSize: 5000 });
  });
});
