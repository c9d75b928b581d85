import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { actorByOpenId } from '../../src/db/sql/actor';
import { stagesOwingFanOut } from '../../src/db/sql/purchase';
import { shanghaiDate } from '../../src/domain/calendar';
import { decideStage } from '../../src/features/purchase/decide';
import { fanOutDecisions } from '../../src/features/purchase/fanout';
import { approvalFanoutSweep } from '../../src/jobs/approval-fanout';
import type { JobDeps } from '../../src/jobs/types';
import { titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';
import { fileStandard } from '../helpers/purchase';

let h: Harness;
let p: (name: string) => string;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
});
afterAll(() => h.stop());

const rows = <T>(q: ReturnType<typeof sql>) => h.db.execute(q) as unknown as Promise<T[]>;

it('a crash between the decision and its fan-out: the sweep, run twice at once and racing the job, patches each holder once and tells the filer once', async () => {
  const id = await fileStandard(h, '8万');
  const [stage] = await rows<{ id: number }>(
    sql`select id::int from approval_stages where request_id = ${id} and status = 'pending'`,
  );
  const holders = await rows<{ open_id: string }>(
    sql`select p.open_id from approval_cards c join people p on p.id = c.person_id where c.stage_id = ${stage!.id}`,
  );
  expect(holders.length).toBeGreaterThan(1);
  const cards = await Promise.all(
    holders.map((x) =>
      h.sb.waitFor(() => h.sb.inbox(x.open_id).find((m) => titleOf(m)?.startsWith(`采购审批 #${id} ·`))),
    ),
  );

  // The click's transaction commits; the process dies before it queues the fan-out.
  const actor = (await actorByOpenId(h.db, p('王建国')))!;
  await h.db.transaction((tx) =>
    decideStage(
      { tx, actor, now: new Date() },
      {
        stageId: stage!.id,
        // Met on the filing day: a meeting before the filing is refused (the order of dates).
        decision: { approve: true, meetingDate: shanghaiDate(new Date()), minutesNo: '2026-第30次' },
      },
    ),
  );
  expect(await stagesOwingFanOut(h.db, new Date())).toContain(stage!.id);

  // Two sweeps at once (each queues the job) race two direct runs of the fan-out itself.
  const deps = {
    db: h.app.db,
    enqueueFanout: h.app.enqueueFanout,
    enqueueExports: async () => {},
    now: () => new Date(),
  } as unknown as JobDeps;
  const direct = await Promise.all([
    approvalFanoutSweep.process({ olderThanMs: 0 }, deps, undefined as never),
    approvalFanoutSweep.process({ olderThanMs: 0 }, deps, undefined as never),
    fanOutDecisions(h.app.db, [stage!.id], new Date()),
    fanOutDecisions(h.app.db, [stage!.id], new Date()),
  ]);
  await h.app.enqueueOutbox([...direct[2], ...direct[3]]);
  expect(direct[2].length === 0 || direct[3].length === 0).toBe(true);

  for (const c of cards)
    await h.sb.waitFor(() => JSON.stringify(h.sb.message(c.messageId)!.content).includes('已同意'));
  const told = () =>
    h.sb
      .inbox(p('张伟'))
      .filter(
        (m) => JSON.stringify(m.content).includes(`#${id}`) && JSON.stringify(m.content).includes('审批通过'),
      );
  await h.sb.waitFor(() => told().length > 0);
  // A later sweep finds nothing owed, and nothing more arrives.
  expect(await approvalFanoutSweep.process({ olderThanMs: 0 }, deps, undefined as never)).toEqual({
    requeued: 0,
  });
  await new Promise((r) => setTimeout(r, 1000));
  expect(told()).toHaveLength(1);
  const [patches] = await rows<{ n: number }>(
    sql`select count(*)::int as n from outbox o join approval_cards c on c.outbox_id = o.target_outbox_id::text where c.stage_id = ${stage!.id} and o.kind = 'patch'`,
  );
  expect(patches!.n).toBe(holders.length);
  const [audit] = await rows<{ n: number }>(
    sql`select count(*)::int as n from audit_log where aggregate_id = ${String(id)} and action = 'stage.approved'`,
  );
  expect(audit!.n).toBe(1);
}, 30_000);
