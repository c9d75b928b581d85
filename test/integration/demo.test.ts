import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/verify';
import { playContracts } from '../../src/cli/demo-contracts';
import { playDemo, playPurchases } from '../../src/cli/demo-script';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

it('npm run demo: purchases, procurement, contract and the first monthly scores, all through the cards', async () => {
  const lines: string[] = [];
  const print = (l: string) => lines.push(l);
  await playDemo(h.sb, print);
  await playPurchases(h.sb, print);
  await playContracts(h.sb, print);

  const [contract] = await h.sql`
    select c.amount_fen::text as amount, c.starts_on, c.ends_on, c.policy_version, v.name as vendor, p.method
    from contracts c join vendors v on v.id = c.vendor_id join procurements p on p.id = c.procurement_id`;
  expect(contract).toMatchObject({
    amount: '19500000',
    starts_on: '2026-09-01',
    ends_on: '2027-08-31',
    policy_version: 2,
    vendor: '昆山市安泰保安服务有限公司',
    method: 'competitive_consultation',
  });
  const scores = await h.sql`select month, final_tenths from monthly_scores where current order by month`;
  // 2026-09: daily 98.0 × 60% + management 92.0 × 40% = 95.6; 2026-10: 100 × 60% + 95 × 40% = 98.0
  expect(scores.map((s) => [s.month, s.final_tenths])).toEqual([
    ['2026-09', 956],
    ['2026-10', 980],
  ]);
  // The mistyped credit code was refused in the card, and the corrected one accepted.
  expect(lines.join('\n')).toContain('统一社会信用代码校验位(第18位)不符');
  expect(h.sb.errors()).toEqual([]);
  expect((await verifyAudit(h.db)).ok).toBe(true);
}, 60_000);
