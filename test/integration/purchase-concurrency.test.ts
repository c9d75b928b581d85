import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { purchaseDrafts } from '../../src/db/schema';
import { actorByOpenId } from '../../src/db/sql/actor';
import { DomainError } from '../../src/domain/errors';
import { loadFilingContext } from '../../src/features/purchase/refs';
import { submitDraft } from '../../src/features/purchase/submit';
import { OutboxWriter } from '../../src/outbox/write';
import { type Harness, startHarness } from '../helpers/harness';
import { addLine } from '../helpers/purchase';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

it('20 filings submitted at the same moment against one line never overdraw it; the refused see the remaining amount', async () => {
  const p = h.person;
  const line = await addLine(h, 'asset', 100_000_000n); // 1,000,000.00 元
  const actor = (await actorByOpenId(h.db, p('张伟')))!;
  const data = {
    line: String(line.id),
    category: 'cleaning',
    description: '园区公共区域日常保洁服务',
    why: '外包更专业并可规避用工风险',
    suppliers: '3',
    price_low: '9万',
    price_high: '11万',
    amount: '10万',
    method: 'open_tender',
    leader: p('王建国'),
    department: p('李秀英'),
    assessors: [p('张伟')],
  };
  const drafts = await h.db
    .insert(purchaseDrafts)
    .values(Array.from({ length: 20 }, () => ({ filerId: actor.personId, step: 5, data })))
    .returning();
  const year = line.fiscalYear;
  const results = await Promise.allSettled(
    drafts.map((d) =>
      h.db.transaction(async (tx) => {
        const refs = await loadFilingContext(tx, actor, year);
        return submitDraft(
          { tx, actor, out: new OutboxWriter(tx), now: new Date() },
          { draft: { ...d, data }, refs },
        );
      }),
    ),
  );
  const ok = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(ok).toHaveLength(10);
  for (const r of refused) {
    expect(r.reason).toBeInstanceOf(DomainError);
    expect((r.reason as DomainError).message).toContain('剩余 0.00元');
  }
  const [sum] = await h.db.execute<{ total: string }>(
    sql`select sum(amount_fen)::text as total from purchase_requests where budget_line_id = ${line.id} and status in ('pending','approved')`,
  );
  expect(BigInt(sum!.total)).toBe(100_000_000n);
}, 30_000);
