import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/verify';
import { playContracts } from '../../src/cli/demo-contracts';
import { playDemo, playPurchases } from '../../src/cli/demo-script';
import { playYear } from '../../src/cli/demo-year';
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
    policy_version: 3,
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

it('npm run demo: a whole year of one contract, from warnings to the ban and the savings total', async () => {
  const lines: string[] = [];
  await playYear(h.sb, (l) => lines.push(l), { db: h.db, enqueueOutbox: h.app.enqueueOutbox });
  const summary = lines.slice(lines.findIndex((l) => l.includes('2025年度小结'))).join('\n');
  expect(summary).toContain('预警:below:2025-03、below:2025-05、cumulative:2、average:2025');
  expect(summary).toContain('决定:继续履约');
  // Quarters of 120,000.00: 85.7 → 2 %, 78.0 → 10 %, 87.0 → 2 %, 86.7 → 2 %.
  expect(summary).toContain('第二季度结算:扣减 10% 即 12,000.00元,应付 108,000.00元');
  expect(summary).toContain('2025年度考核平均分84.3分,低于85分,2026年度不得参与该项目投标');
  expect(summary).toContain('2025年全园区节约资金合计:19,200.00元');
  // The leader's decision card came once, and the unit leadership heard of the ban once.
  const titled = (name: string, text: string) =>
    h.sb.inbox(h.person(name)).filter((m) => JSON.stringify(m.content).includes(text)).length;
  expect(titled('王建国', '清退决策 · ')).toBe(1);
  expect(titled('李秀英', '禁投')).toBe(1);
  expect(h.sb.errors()).toEqual([]);
  expect((await verifyAudit(h.db)).ok).toBe(true);
}, 120_000);
