/**
 * Issue 5's scenario: one contract's year, month by month through the score card, checked against
 * the rule book (DOMAIN.md rules 8 to 10) after every month: each warning, the termination right and
 * its decision card, the year-end ban, and that every message arrives exactly once.
 *
 * The year is 2025 so every month's scoring window is already open. No daily deductions are entered,
 * so final = 100 × 60% + management × 40%: management 47.5 gives 79.0, 40 gives 76.0, and so on.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runYearEnd } from '../../src/features/bans/year-end';
import type { MessageView } from '../../src/sandbox';
import { askMenu, forgeCardCallback, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';
import { outboxDelivered } from '../helpers/outbox';

let h: Harness;
let p: (name: string) => string;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
});
afterAll(() => h.stop());

/** Menus the test asked for (they turn into the score cards as the assessor clicks through them). */
const menus = new Set<string>();

/** What the bot sent a person on its own: card titles, or the text of plain messages. */
function received(name: string): string[] {
  return h.sb
    .inbox(p(name))
    .filter((m: MessageView) => m.sender === 'bot' && !menus.has(m.messageId))
    .map((m) => (m.msgType === 'interactive' ? `卡片:${titleOf(m)}` : `消息:${JSON.stringify(m.content)}`));
}
const titles = received;

async function enter(contractId: number, month: string, management: string) {
  const who = p('张伟');
  const menu = await askMenu(h.sb, who);
  menus.add(menu.messageId);
  await h.sb.click(who, menu, '月度考核');
  await h.sb.click(who, menu, { a: 'score.form', contract: contractId, month });
  await h.sb.click(who, menu, '预览得分', { management });
  const done = await h.sb.click(who, menu, '确认提交');
  expect(done.toast, `${month}`).toMatchObject({ type: 'success' });
}

/** Waits until the relay has delivered everything the bot committed, then a little longer. */
async function settled() {
  await outboxDelivered(h.sb, h.db, 15_000);
  await new Promise((r) => setTimeout(r, 300));
}

it('a year of one contract: warnings, the termination right and its decision, the ban — each message once', async () => {
  const { contract } = await createContract(h, {
    startsOn: '2025-01-01',
    endsOn: '2025-12-31',
    category: 'security',
  });
  const leader = () => titles('王建国');
  const assessor = () => titles('张伟');
  const consecutive = '卡片:考核预警:再有1个月低于标准将产生清退权';
  const cumulative2 = '卡片:考核预警:累计第2次低于80分';
  const average = '卡片:考核预警:2025年度月均难以达到85分';
  const decision = (t: string) => t.startsWith('卡片:清退决策');

  // Jan 90.0, Feb 88.0: nothing to say.
  await enter(contract.id, '2025-01', '75');
  await enter(contract.id, '2025-02', '70');
  await settled();
  expect(leader()).toEqual([]);
  expect(assessor()).toEqual([]);

  // Mar 79.0: below 80 once; one more month in a row gives the right (rule 9, first bullet).
  await enter(contract.id, '2025-03', '47.5');
  await settled();
  expect(leader()).toEqual([consecutive]);
  expect(assessor()).toEqual([consecutive]);

  // Apr 80.0 is not below 80: no chain, no warning.
  await enter(contract.id, '2025-04', '50');
  await settled();
  expect(leader()).toEqual([consecutive]);

  // May 76.0: below again (not adjacent to March); it is the 2nd cumulative month below (second bullet).
  await enter(contract.id, '2025-05', '40');
  await settled();
  expect(leader().slice(1).sort()).toEqual([consecutive, cumulative2].sort());
  expect(assessor()).toHaveLength(3);

  // Jun 78.0: May and June in a row, and 3 cumulative: the right arises; the leader gets the decision card.
  await enter(contract.id, '2025-06', '45');
  await settled();
  expect(leader().filter(decision)).toHaveLength(1);
  expect(leader()).toHaveLength(4);
  expect(assessor()).toHaveLength(3); // the decision is the leader's
  const [kase] =
    await h.sql`select id, rule, months, status from termination_cases where contract_id = ${contract.id}`;
  expect(kase).toMatchObject({ rule: 'consecutive', status: 'pending' });
  expect(kase!.months).toEqual(expect.arrayContaining(['2025-05', '2025-06']));

  // The leader keeps the vendor, with a reason; the assessor is told.
  const card = h.sb.inbox(p('王建国')).find((m) => titleOf(m)?.startsWith('清退决策'))!;
  // The 2025 term is over: starting termination is refused with the reason, and nothing changes.
  const late = await h.sb.click(p('王建国'), card, '启动清退', { ends_on: '2025-12-31 +0800' });
  expect(late.toast).toMatchObject({
    type: 'error',
    content: expect.stringContaining('合同已于 2025-12-31 到期'),
  });
  const [still] = await h.sql`select status from termination_cases where id = ${kase!.id}`;
  expect(still!.status).toBe('pending');
  const kept = await h.sb.click(p('王建国'), card, '继续履约', { reason: '整改方案已落实,夜间巡逻增派两人' });
  expect(kept.toast).toMatchObject({ type: 'success' });
  // The card no longer has the buttons; a stale copy of it (a forged or replayed click) changes nothing.
  const again = await forgeCardCallback(
    h,
    p('王建国'),
    card.messageId,
    { a: 'termination.keep', case: Number(kase!.id) },
    {
      reason: '再点一次',
    },
  );
  expect(JSON.stringify(again)).toContain('不能重复决定');
  await settled();
  expect(assessor()).toHaveLength(4);

  // Jul 92.0, Aug 85.0, Sep 84.0: no month below 80; the leader is not asked again.
  await enter(contract.id, '2025-07', '80');
  await enter(contract.id, '2025-08', '62.5');
  await enter(contract.id, '2025-09', '60');
  await settled();
  expect(leader()).toHaveLength(4);

  // Oct 82.0: 834 over 10 months; Nov and Dec would need 93.0 on average, above the best month (92.0):
  // the annual-average warning (third bullet).
  await enter(contract.id, '2025-10', '55');
  await settled();
  expect(leader().at(-1)).toBe(average);
  expect(assessor().at(-1)).toBe(average);

  // Nov 90.0, Dec 88.0: the average warning is not repeated; the year averages 84.3.
  await enter(contract.id, '2025-11', '75');
  await enter(contract.id, '2025-12', '70');
  await settled();
  expect(leader()).toHaveLength(5);
  expect(assessor()).toHaveLength(5);

  // Year end: 1012 / 12 = 84.33 is below 85, so the vendor is barred from this project in 2026; the
  // unit leadership (王建国, 李秀英) is told once, however often the job runs.
  const send = (ids: string[]) => h.app.enqueueOutbox(ids);
  const first = await runYearEnd(h.db, 2025, { enqueueOutbox: send });
  const second = await runYearEnd(h.db, 2025, { enqueueOutbox: send });
  expect(first).toMatchObject({ bans: 1, told: 2 });
  expect(second).toMatchObject({ bans: 0, told: 0 });
  const [ban] = await h.sql`select year, reason from vendor_bans where contract_id = ${contract.id}`;
  expect(ban!.year).toBe(2026);
  expect(ban!.reason).toContain('84.3');
  await settled();
  expect(titles('李秀英').filter((t) => t.includes('禁投'))).toHaveLength(1);
  expect(leader().filter((t) => t.includes('禁投'))).toHaveLength(1);

  // Every warning is recorded once, and nothing else was sent to anyone.
  const notices =
    await h.sql`select key from threshold_notices where contract_id = ${contract.id} order by key`;
  expect(notices.map((n) => n.key)).toEqual([
    'average:2025',
    'below:2025-03',
    'below:2025-05',
    'cumulative:2',
  ]);
  expect(leader()).toHaveLength(6);
  expect(h.sb.errors()).toEqual([]);
}, 120_000);
