import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadPolicy } from '../../src/db/policy';
import { policies } from '../../src/db/schema';
import { clausesFromPolicy } from '../../src/domain/clauses';
import { approveThroughLegal, GOOD_FORM, openSigningForm, requestInDb } from '../helpers/contract-signing';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const text = (x: unknown) => JSON.stringify(x);

/** Signs a fresh request through the cards; returns the contract id. */
async function signOne() {
  const { requestId } = await requestInDb(h);
  const zhang = h.person('张伟');
  const { messageId } = await openSigningForm(h, zhang, requestId);
  await h.sb.click(zhang, messageId, '检查并预览', GOOD_FORM);
  await approveThroughLegal(h, zhang, messageId, requestId, GOOD_FORM);
  const signed = await h.sb.click(zhang, messageId, '确认签订');
  expect(signed.toast).toMatchObject({ type: 'success' });
  const [c] = await h.sql`select id from contracts where request_id = ${requestId}`;
  return Number(c!.id);
}

async function showCard(contractId: number) {
  const zheng = h.person('郑毅'); // discipline inspection, zone-wide: reads every contract
  await h.sb.say(zheng, '菜单');
  const menu = await h.sb.waitFor(() =>
    h.sb
      .inbox(zheng)
      .filter((m) => m.sender === 'bot')
      .at(-1),
  );
  await h.sb.click(zheng, menu, '合同管理');
  return text((await h.sb.click(zheng, menu.messageId, { a: 'contract.show', contract: contractId })).card);
}

/** A cleaning contract signed through the form untouched: 满意度测评 by named people (none named). */
const SURVEY = { category: 'cleaning' as const, recipients: 'named' as const };

it('acceptance: a contract signed under the current policy version keeps its clauses after a later version changes the thresholds', async () => {
  // The newest migrated version (5 since the board's satisfaction gap) and the test's own next one.
  const v2 = await loadPolicy(h.db);
  expect(v2.version).toBe(5);
  const next = v2.version + 1;
  const early = await signOne();

  // The next policy version tightens every clause value a contract copies.
  const [row] = await h.sql`select values from policies where version = ${v2.version}`;
  const values = structuredClone(row!.values) as Record<string, any>;
  values.termination = { belowTenths: 750, consecutiveMonths: 3, cumulativeMonths: 4 };
  values.bidBan = { annualAverageBelowTenths: 900 };
  values.deduction = {
    bands: [
      { minTenths: 950, deductBp: 0 },
      { minTenths: 880, deductBp: 300 },
      { minTenths: 750, deductBp: 800 },
      { minTenths: 0, deductBp: 1500 },
    ],
    annualCapFen: 30_000_000,
  };
  values.scoring = { ...values.scoring, dailyWeightBp: 7000, managementWeightBp: 3000 };
  await h.db.insert(policies).values({ version: next, effectiveFrom: '2026-11-01', note: 'test', values });
  const v3 = await loadPolicy(h.db);
  expect(v3.version).toBe(next);

  const [kept] = await h.sql`select clauses, policy_version from contracts where id = ${early}`;
  expect(kept!.policy_version).toBe(v2.version);
  expect(kept!.clauses).toEqual(clausesFromPolicy(v2, SURVEY));
  const earlyCard = await showCard(early);
  for (const s of [
    `签订时取自政策第${v2.version}版`,
    '月度得分低于 80.0 分,连续 2 个月或合同期内累计 3 次',
    '年度月均得分低于 85.0 分',
    '≥90.0分 不扣款;85.0–90.0分 扣 2%;80.0–85.0分 扣 5%;低于80.0分 扣 10%;年度扣款上限 200,000.00元',
    '日常考核 60%,管理考核 40%',
  ])
    expect(earlyCard).toContain(s);
  for (const s of ['75.0', '90.0 分', '300,000.00元', '70%']) expect(earlyCard).not.toContain(s);

  // A contract signed now gets version 3's values.
  const late = await signOne();
  const [fresh] = await h.sql`select clauses, policy_version from contracts where id = ${late}`;
  expect(fresh!.policy_version).toBe(next);
  expect(fresh!.clauses).toEqual(clausesFromPolicy(v3, SURVEY));
  const lateCard = await showCard(late);
  for (const s of [
    `签订时取自政策第${next}版`,
    '月度得分低于 75.0 分,连续 3 个月或合同期内累计 4 次',
    '年度月均得分低于 90.0 分',
    '≥95.0分 不扣款;88.0–95.0分 扣 3%;75.0–88.0分 扣 8%;低于75.0分 扣 15%;年度扣款上限 300,000.00元',
    '日常考核 70%,管理考核 30%',
  ])
    expect(lateCard).toContain(s);
  // The early contract still reads as signed.
  expect(await showCard(early)).toContain(`签订时取自政策第${v2.version}版`);
}, 60_000);
