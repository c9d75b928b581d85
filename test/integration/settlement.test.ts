import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatYuan } from '../../src/domain/money';
import { settlementReport } from '../../src/features/settlement/report';
import { askMenu, botCards, forgeCardCallback, titleOf } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let p: (name: string) => string;
let contractId: number;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  const { contract } = await createContract(h, {
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    amountFen: 18_000_000n,
  });
  contractId = contract.id;
  // Quarterly payments (odd fen in the first and third), and a cap of 5,000.00 so it is reached in Q2.
  const schedule = [
    { label: '第一季度', dueOn: '2026-03-31', amountFen: '4500001' },
    { label: '第二季度', dueOn: '2026-06-30', amountFen: '4500000' },
    { label: '第三季度', dueOn: '2026-09-30', amountFen: '4499999' },
    { label: '第四季度', dueOn: '2026-12-31', amountFen: '4500000' },
  ];
  await h.sql`update contracts set payment_schedule = ${JSON.stringify(schedule)}::jsonb,
    clauses = jsonb_set(clauses, '{deduction,annualCapFen}', '"500000"') where id = ${contractId}`;
  const [by] = await h.sql`select id from people where open_id = ${p('张伟')}`;
  // Q1 averages 79.0 (below 80: 10%); Q2 83.0x (80–85: 5%, capped); Q3 lacks September; Q4 has nothing.
  const scores: [string, number][] = [
    ['2026-01', 790],
    ['2026-02', 780],
    ['2026-03', 800],
    ['2026-04', 820],
    ['2026-05', 830],
    ['2026-06', 841],
    ['2026-07', 950],
    ['2026-08', 950],
  ];
  for (const [month, t] of scores)
    await h.sql`insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by)
      values (${contractId}, ${month}, '[]', ${t}, ${t}, ${t}, ${by!.id})`;
});
afterAll(() => h.stop());

const menuOf = (who: string) => askMenu(h.sb, p(who));

/** Menu → 结算审核 → 查看结算, as a person would; returns the message holding the settlement card. */
async function openSettlement(who: string) {
  const menu = await menuOf(who);
  const list = await h.sb.click(p(who), menu, '结算审核');
  expect(JSON.stringify(list.card)).toContain('查看结算');
  const shown = await h.sb.click(p(who), menu, { a: 'settlement.show', contract: contractId });
  return { messageId: menu.messageId, text: JSON.stringify(shown.card) };
}

const counts = async () => {
  const [row] = await h.sql`select (select count(*)::int from settlements) as settlements,
    (select count(*)::int from savings) as savings, (select count(*)::int from audit_log) as audit,
    (select count(*)::int from outbox where content::text like '%结算已确认%') as notices`;
  return row;
};

it('finance opens the settlement and confirms a period: stored row, saving, audit and the card agree to the fen', async () => {
  const { messageId, text } = await openSettlement('孙丽');
  expect(text).toContain('合同金额:180,000.00元');
  expect(text).toContain('本期金额:45,000.01元');
  expect(text).toContain('扣减金额(含封顶):4,500.00元');
  expect(text).toContain('应付金额:40,500.01元');
  expect(text).toContain('尚有月份未考核(2026-09)');
  const before = await counts();
  const ok = await h.sb.click(p('孙丽'), messageId, '确认「第一季度」结算');
  expect(ok.toast).toMatchObject({ type: 'success', content: expect.stringContaining('40,500.01元') });
  const [s] = await h.sql`select * from settlements where contract_id = ${contractId}`;
  expect(s).toMatchObject({
    period_label: '第一季度',
    period_year: 2026,
    amount_fen: '4500001',
    months: ['2026-01', '2026-02', '2026-03'],
    deduct_bp: 1000,
    raw_deduction_fen: '450000',
    deduction_fen: '450000',
    payable_fen: '4050001',
  });
  const [saving] = await h.sql`select * from savings where settlement_id = ${s!.id}`;
  expect(saving).toMatchObject({
    cause: 'deduction',
    amount_fen: '450000',
    year: 2026,
    contract_id: String(contractId),
  });
  const after = await counts();
  expect(after!.settlements - before!.settlements).toBe(1);
  expect(after!.savings - before!.savings).toBe(1);
  const actions = await h.sql`select action from audit_log order by id desc limit 2`;
  expect(actions.map((a) => a.action).sort()).toEqual(['saving.recorded', 'settlement.confirmed']);
  // The responsible leader is told, with a way to open the settlement.
  const notice = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(p('王建国'))).find((m) => titleOf(m)?.startsWith('结算已确认')),
  );
  // ...and a way on to the contract it is about (issue 25, point 6).
  const shown = await h.sb.click(p('王建国'), notice.messageId, '查看合同');
  expect(JSON.stringify(shown.toast ?? {})).not.toContain('"error"');
  expect(JSON.stringify(shown.card)).toContain('"content":"合同 HT-');
  // The report (and so the card) now reads the stored row: same amounts.
  const report = (await settlementReport(h.db, contractId))!;
  expect(report.rows[0]).toMatchObject({ amountFen: 4500001n, deductionFen: 450000n, payableFen: 4050001n });
  expect(report.rows[0]!.confirmed).not.toBeNull();
  expect(JSON.stringify(ok.card)).toContain('已确认');
});

it('a second confirmation, even two at once, writes one settlement and one saving', async () => {
  const { messageId } = await openSettlement('孙丽');
  const before = await counts();
  const value = { a: 'settlement.confirm', contract: contractId, period: '第二季度' };
  const [a, b] = await Promise.all([
    forgeCardCallback(h, p('孙丽'), messageId, value, {}),
    forgeCardCallback(h, p('孙丽'), messageId, value, {}),
  ]);
  expect([a.toast?.type, b.toast?.type].sort()).toEqual(['info', 'success']);
  const again = await forgeCardCallback(h, p('孙丽'), messageId, { ...value, period: '第一季度' }, {});
  expect(again.toast?.content).toContain('无需重复确认');
  const after = await counts();
  expect(after!.settlements - before!.settlements).toBe(1);
  expect(after!.savings - before!.savings).toBe(1);
});

it('the annual cap is reached mid-year: Q2 deducts only what is left of it', async () => {
  const [s] =
    await h.sql`select * from settlements where contract_id = ${contractId} and period_label = '第二季度'`;
  // 83.0x is in the 80–85 band (5%): 2,250.00 by the band, 500.00 left of the 5,000.00 cap.
  expect(s).toMatchObject({
    deduct_bp: 500,
    raw_deduction_fen: '225000',
    deduction_fen: '50000',
    payable_fen: '4450000',
  });
  const [saving] = await h.sql`select amount_fen from savings where settlement_id = ${s!.id}`;
  expect(saving!.amount_fen).toBe('50000');
  const { text } = await openSettlement('王建国');
  expect(text).toContain(`扣减金额(含封顶):${formatYuan(50000n)}(按档应扣 ${formatYuan(225000n)}`);
  expect(text).toContain('已封顶');
  expect(text).toContain(`应付金额:${formatYuan(4450000n)}`);
});

it('refusals: not finance, not allowed to read, months unscored, out of order — in Chinese, nothing written', async () => {
  const before = await counts();
  // The leader and unit leadership may read, but see no confirm button and cannot confirm.
  const leader = await openSettlement('王建国');
  expect(leader.text).not.toContain('确认「');
  const forged = await forgeCardCallback(
    h,
    p('王建国'),
    leader.messageId,
    { a: 'settlement.confirm', contract: contractId, period: '第三季度' },
    {},
  );
  expect(forged.toast).toMatchObject({
    type: 'error',
    content: expect.stringContaining('只有财政部门可以确认结算'),
  });
  // An assessor holds no role that reads settlements.
  const menu = await menuOf('张伟');
  expect(JSON.stringify(menu.content)).not.toContain('结算审核');
  const peek = await forgeCardCallback(
    h,
    p('张伟'),
    menu.messageId,
    { a: 'settlement.show', contract: contractId },
    {},
  );
  expect(peek.toast?.content).toContain('您无权查看该合同的结算');
  // Finance: September is not scored yet, and Q4 cannot jump the queue.
  const { messageId, text } = await openSettlement('孙丽');
  expect(text).not.toContain('确认「第三季度」结算');
  const unscored = await forgeCardCallback(
    h,
    p('孙丽'),
    messageId,
    { a: 'settlement.confirm', contract: contractId, period: '第三季度' },
    {},
  );
  expect(unscored.toast?.content).toContain('「第三季度」尚有月份未考核(2026-09),不能确认结算');
  const early = await forgeCardCallback(
    h,
    p('孙丽'),
    messageId,
    { a: 'settlement.confirm', contract: contractId, period: '第四季度' },
    {},
  );
  expect(early.toast?.content).toContain('请先确认上一期「第三季度」的结算');
  const unknown = await forgeCardCallback(
    h,
    p('孙丽'),
    messageId,
    { a: 'settlement.confirm', contract: 99999, period: 'x' },
    {},
  );
  expect(unknown.toast?.content).toContain('所选合同不存在');
  expect(await counts()).toEqual(before);
});

it('a terminated contract pays nothing for the periods after its end date', async () => {
  const { contract } = await createContract(h, { startsOn: '2026-01-01', endsOn: '2026-12-31' });
  const schedule = [
    { label: '上半年', dueOn: '2026-06-30', amountFen: '9000000' },
    { label: '下半年', dueOn: '2026-12-31', amountFen: '9000000' },
  ];
  await h.sql`update contracts set payment_schedule = ${JSON.stringify(schedule)}::jsonb,
    status = 'terminated', ended_on = '2026-06-15' where id = ${contract.id}`;
  const report = (await settlementReport(h.db, contract.id))!;
  const [first, second] = report.rows;
  // The first half keeps its months up to the end date and its scheduled amount.
  expect(first).toMatchObject({ months: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'] });
  expect(first!.amountFen).toBe(9_000_000n);
  // The second half pays for no service: nothing is payable, and the card says why.
  expect(second!.months).toEqual([]);
  expect(second!.amountFen).toBe(0n);
  expect(second!.payableFen).toBe(0n);
  expect(second!.afterEnd).toEqual({ endedOn: '2026-06-15', scheduledFen: 9_000_000n });
  // While the contract is still active the same schedule pays both halves.
  await h.sql`update contracts set status = 'active', ended_on = null where id = ${contract.id}`;
  const active = (await settlementReport(h.db, contract.id))!;
  expect(active.rows[1]!.amountFen).toBe(9_000_000n);
});
