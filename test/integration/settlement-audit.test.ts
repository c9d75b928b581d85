import { afterAll, beforeAll, expect, it } from 'vitest';
import { askMenu, forgeCardCallback } from '../helpers/cards';
import { createContract, requestInDb } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let p: (name: string) => string;
let risky: number;
let clean: number;
const personId = async (name: string) =>
  Number((await h.sql`select id from people where open_id = ${p(name)}`)[0]!.id);

async function score(contractId: number, month: string, tenths: number, by: number) {
  const [row] = await h.sql`insert into monthly_scores
    (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by)
    values (${contractId}, ${month}, '[]', ${tenths}, ${tenths}, ${tenths}, ${by}) returning id`;
  return Number(row!.id);
}

const quarters = (amount: string) =>
  ['第一季度', '第二季度', '第三季度', '第四季度'].map((label, i) => ({
    label,
    dueOn: ['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31'][i]!,
    amountFen: amount,
  }));

beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  const zhang = await personId('张伟');
  // The risky contract (资产经营公司): every kind of risk, each with its rows.
  const a = await createContract(h, { startsOn: '2026-01-01', endsOn: '2026-12-31', amountFen: 18_000_000n });
  risky = a.contract.id;
  await h.sql`update contracts set payment_schedule = ${JSON.stringify(quarters('4500000'))}::jsonb where id = ${risky}`;
  // January and February just above 80 (a cluster); March never scored, yet Q1 was paid.
  const tenths: [string, number][] = [
    ['2026-01', 805],
    ['2026-02', 810],
    ['2026-04', 950],
    ['2026-05', 950],
    ['2026-06', 950],
  ];
  const ids = new Map<string, number>();
  for (const [m, t] of tenths) ids.set(m, await score(risky, m, t, zhang));
  const [q1] =
    await h.sql`insert into settlements (contract_id, period_label, period_year, amount_fen, months,
      deduct_bp, raw_deduction_fen, deduction_fen, payable_fen)
    values (${risky}, '第一季度', 2026, 4500000, '["2026-01","2026-02","2026-03"]', 500, 225000, 225000, 4275000)
    returning id`;
  await h.sql`insert into savings (unit_id, year, cause, amount_fen, evidence, contract_id, settlement_id, recorded_by)
    values (${a.contract.unitId}, 2026, 'deduction', 225000, '第一季度考核扣减', ${risky}, ${q1!.id}, 'test')`;
  // A spot check of May: the checker's 70.0 against the assessor's 95.0 (gap above the tolerance).
  const zheng = await personId('郑毅');
  const [check] =
    await h.sql`insert into spot_checks (created_by, scope, sample_size, seed, seed_hash, policy_version)
    values (${zheng}, '{"unitIds":null,"categories":null,"fromMonth":"2026-01","toMonth":"2026-12"}', 1, 'seed', 'hash', 3)
    returning id`;
  await h.sql`insert into spot_check_samples (spot_check_id, score_id, contract_id, month, draw_key,
      assessor_final_tenths, checker_final_tenths, gap_tenths, exceeds_tolerance)
    values (${check!.id}, ${ids.get('2026-05')!}, ${risky}, '2026-05', 'k', 950, 700, 250, true)`;
  // An inspection: one finding overdue, one submitted and not yet due, one closed (not open).
  const he = await personId('何静');
  const [insp] =
    await h.sql`insert into inspections (contract_id, inspected_on, participants, checked, created_by)
    values (${risky}, '2026-09-15', '["何静"]', '保洁质量', ${he}) returning id`;
  for (const [finding, due, status] of [
    ['楼道垃圾未清运', '2026-10-01', 'open'],
    ['保洁记录缺失', '2099-01-01', 'submitted'],
    ['工具间杂乱', '2026-09-30', 'closed'],
  ])
    await h.sql`insert into rectification_items (inspection_id, contract_id, finding, owner_id, due_on, severity, status)
      values (${insp!.id}, ${risky}, ${finding!}, ${zhang}, ${due!}, 'major', ${status!})`;
  await h.sql`insert into split_warnings (unit_id, category, year, total_fen) values (${a.contract.unitId}, 'cleaning', 2026, 41000000)`;
  // A single-source purchase of the same unit and year, and the contract awarded above its approval.
  const single = await requestInDb(h, { amountFen: 5_000_000n });
  await h.sql`update procurements set method = 'single_source', single_source_reason = '原厂维保'
    where id = ${single.vendor!.procurement.id}`;
  await h.sql`update procurements set awarded_fen = 18000100 where id = ${a.procurement.id}`;

  // A clean contract of another unit: scored 95.0 every month, nothing open, nothing warned.
  const b = await createContract(h, {
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    unitCode: 'enforcement',
    leader: '陈志强',
    assessors: ['刘芳'],
  });
  clean = b.contract.id;
  await h.sql`update contracts set payment_schedule = ${JSON.stringify(quarters('4500000'))}::jsonb where id = ${clean}`;
  const liu = await personId('刘芳');
  for (let m = 1; m <= 12; m++) await score(clean, `2026-${String(m).padStart(2, '0')}`, 950, liu);
});
afterAll(() => h.stop());

/** Menu → 结算审核 → 查看结算 → 结算审计, as a person would; returns the message and the card's text. */
async function openAudit(who: string, contractId: number) {
  const menu = await askMenu(h.sb, p(who));
  await h.sb.click(p(who), menu, '结算审核');
  await h.sb.click(p(who), menu, { a: 'settlement.show', contract: contractId });
  const shown = await h.sb.click(p(who), menu, '结算审计');
  return { messageId: menu.messageId, text: JSON.stringify(shown.card) };
}

it('the audit lists every kind of risk with the rows behind it', async () => {
  const { messageId, text } = await openAudit('郑毅', risky);
  expect(text).toContain('结算审计');
  expect(text).toContain('合同金额:180,000.00元');
  // Months paid without a score.
  expect(text).toContain('已付款但无考核评分的月份');
  expect(text).toContain('第一季度:2026-03');
  // Scores clustered just above 80.
  expect(text).toContain('评分集中在80分线上方(80.0–81.0分,共2个月)');
  expect(text).toContain('2026-01:考核人评分 80.5分');
  expect(text).toContain('2026-02:考核人评分 81.0分');
  // The spot check: both scores, the gap, and the deduction difference it makes.
  expect(text).toContain('考核人与抽查人评分差距超过容差');
  expect(text).toContain('2026-05:考核人 95.0分,抽查人 70.0分,相差 25.0分');
  expect(text).toContain('2026-05:考核人 95.0分 → 抽查人 70.0分(以抽查人评分为准)');
  expect(text).toMatch(/第二季度:按考核人评分扣减 [\d,.]+元,按抽查结果扣减 [\d,.]+元,差额/);
  // Open findings: two listed (the closed one is not); the overdue one is a risk with its days.
  expect(text).toContain('未关闭的督查问题与整改(2项)');
  expect(text).toContain('楼道垃圾未清运');
  expect(text).toContain('保洁记录缺失');
  expect(text).not.toContain('工具间杂乱');
  expect(text).toContain('整改逾期未关闭');
  expect(text).toMatch(/整改「楼道垃圾未清运」 · 期限 2026-10-01 · 已逾期 \d+ 天/);
  // Split warning, single-source share, an award above the approved amount.
  expect(text).toContain('化整为零预警');
  expect(text).toContain('非公开采购累计 410,000.00元');
  expect(text).toContain('单一来源采购占比 21.73%');
  expect(text).toContain('50,000.00元 · 理由:原厂维保');
  expect(text).toContain('成交价高于批准金额');
  expect(text).toContain('批准 180,000.00元,成交 180,001.00元,高出 1.00元(无重新报批)');
  // The ledger agrees: no mismatch.
  expect(text).not.toContain('台账不一致');
  // One period's audit: its months only (the cluster of Q1 is not in Q2).
  const q2 = await h.sb.click(p('郑毅'), messageId, '第二季度');
  const t2 = JSON.stringify(q2.card);
  expect(t2).toContain('审计范围:「第二季度」');
  expect(t2).not.toContain('评分集中在80分线上方');
  expect(t2).toContain('考核人与抽查人评分差距超过容差');
  expect(t2).not.toContain('已付款但无考核评分的月份');
});

it('a contract without risks says so, and lists none of them', async () => {
  const { text } = await openAudit('陈志强', clean);
  expect(text).toContain('发现的风险(0项)');
  expect(text).toContain('未发现风险');
  for (const title of ['无考核评分', '评分集中', '超过容差', '逾期', '化整为零', '单一来源', '高于批准'])
    expect(text).not.toContain(title);
  expect(text).toContain('未关闭的督查问题与整改(0项)');
});

const counts = async () => {
  const [row] = await h.sql`select (select count(*)::int from settlements) as settlements,
    (select count(*)::int from savings) as savings, (select count(*)::int from audit_log) as audit,
    (select count(*)::int from outbox) as outbox`;
  return row;
};

it('with an open finding a period is confirmed only with finance’s override reason, stored and audited', async () => {
  const menu = await askMenu(h.sb, p('孙丽'));
  await h.sb.click(p('孙丽'), menu, '结算审核');
  const shown = await h.sb.click(p('孙丽'), menu, { a: 'settlement.show', contract: risky });
  const card = JSON.stringify(shown.card);
  expect(card).toContain('该合同尚有 2 项督查整改未关闭');
  expect(card).not.toContain('"确认「第二季度」结算"');
  const before = await counts();
  // An old card or a forged click without a reason: refused, nothing written.
  const bare = await forgeCardCallback(
    h,
    p('孙丽'),
    menu.messageId,
    { a: 'settlement.confirm', contract: risky, period: '第二季度' },
    {},
  );
  expect(bare.toast).toMatchObject({ type: 'error' });
  expect(bare.toast!.content).toContain('「第二季度」:该合同尚有2项整改未关闭');
  // The items by their findings, not by row ids.
  expect(bare.toast!.content).toMatch(
    /「楼道垃圾未清运」、「保洁记录缺失」|「保洁记录缺失」、「楼道垃圾未清运」/,
  );
  expect(bare.toast!.content).toContain('请填写超控理由');
  const short = await h.sb.click(p('孙丽'), menu, '超控确认「第二季度」结算', { override_reason: '急用' });
  expect(short.toast).toMatchObject({ type: 'error', content: expect.stringContaining('超控理由至少4个字') });
  expect(await counts()).toEqual(before);
  // With a reason: confirmed, the reason stored and in the audit row.
  const reason = '整改不涉及本期服务费,经分管领导同意先行支付';
  const ok = await h.sb.click(p('孙丽'), menu, '超控确认「第二季度」结算', { override_reason: reason });
  expect(ok.toast).toMatchObject({ type: 'success', content: expect.stringContaining('已超控') });
  const [s] =
    await h.sql`select * from settlements where contract_id = ${risky} and period_label = '第二季度'`;
  expect(s!.override_reason).toBe(reason);
  const [audit] = await h.sql`select data from audit_log where action = 'settlement.confirmed'
    and aggregate_id = ${String(risky)} order by id desc limit 1`;
  expect(audit!.data.override.reason).toBe(reason);
  expect(audit!.data.override.openItems).toHaveLength(2);
  // Without open findings no reason is asked nor stored (the clean contract).
  await h.sb.click(p('孙丽'), menu, '结算列表');
  const plain = await h.sb.click(p('孙丽'), menu, { a: 'settlement.show', contract: clean });
  expect(JSON.stringify(plain.card)).not.toContain('超控');
  const done = await h.sb.click(p('孙丽'), menu, '确认「第一季度」结算');
  expect(done.toast).toMatchObject({ type: 'success' });
  const [c1] = await h.sql`select override_reason from settlements where contract_id = ${clean}`;
  expect(c1!.override_reason).toBeNull();
});

it('people without a reading role are refused, read-only clicks too; readers of the unit may read', async () => {
  const menu = await askMenu(h.sb, p('张伟'));
  for (const who of ['张伟', '陈志强', '何静', '马骏']) {
    for (const value of [
      { a: 'settlement.audit', contract: risky },
      { a: 'settlement.audit', contract: risky, period: '第一季度' },
    ]) {
      const r = await forgeCardCallback(h, p(who), menu.messageId, value, {});
      expect(r.toast, who).toMatchObject({
        type: 'error',
        content: expect.stringContaining('您无权查看该合同的结算'),
      });
    }
  }
  // An unknown period is told apart only for a reader.
  const odd = await forgeCardCallback(
    h,
    p('张伟'),
    menu.messageId,
    { a: 'settlement.audit', contract: risky, period: 'x' },
    {},
  );
  expect(odd.toast?.content).toContain('您无权查看');
  for (const who of ['王建国', '李秀英', '孙丽']) {
    const { text } = await openAudit(who, risky);
    expect(text, who).toContain('发现的风险');
  }
});
