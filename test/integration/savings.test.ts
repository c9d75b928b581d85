import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordSaving } from '../../src/features/savings/ledger';
import { askMenu, forgeCardCallback } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
let p: (name: string) => string;
let asset: string;
let sanitation: string;
beforeAll(async () => {
  h = await startHarness();
  p = h.person;
  [asset, sanitation] = (
    await h.sql`select id from units where code in ('asset', 'sanitation') order by code`
  ).map((r) => String(r.id)) as [string, string];
});
afterAll(() => h.stop());

async function savingsCardOf(who: string) {
  const menu = await askMenu(h.sb, p(who));
  const r = await h.sb.click(p(who), menu, '节约资金');
  return { messageId: menu.messageId, card: r.card };
}

const counts = async () => {
  const [row] = await h.sql`select (select count(*)::int from savings) as savings,
    (select count(*)::int from audit_log where aggregate_type = 'saving') as audit`;
  return row;
};

it('finance records savings with cause and evidence; the card sums them by unit and cause, to the fen', async () => {
  const { messageId } = await savingsCardOf('孙丽');
  const form = {
    unit: asset,
    cause: 'renegotiated_price',
    amount: '12,345.67',
    evidence: '议价纪要〔2026〕3号',
  };
  const ok = await h.sb.click(p('孙丽'), messageId, '登记', form);
  expect(ok.toast).toMatchObject({ type: 'success' });
  await h.sb.click(p('孙丽'), messageId, '登记', {
    ...form,
    cause: 'non_conformity',
    amount: '0.33',
    evidence: '现场核查:3月少派保洁员2人',
  });
  await h.sb.click(p('孙丽'), messageId, '登记', {
    ...form,
    unit: sanitation,
    amount: '1万',
    evidence: '议价纪要〔2026〕5号',
  });
  const card = JSON.stringify(ok.card);
  expect(card).toContain('12,345.67');
  const after = JSON.stringify((await savingsCardOf('孙丽')).card);
  // 12,345.67 + 0.33 + 10,000.00
  expect(after).toContain('全园区');
  expect(after).toContain('22,346.00');
  expect(after).toContain('资产经营公司');
  expect(after).toContain('12,346.00'); // the asset company's own total
  expect(after).toContain('22,345.67'); // renegotiated price across both units
  expect(await counts()).toEqual({ savings: 3, audit: 3 });
});

it('each bad entry is refused in Chinese with what was typed kept, and writes nothing', async () => {
  const { messageId } = await savingsCardOf('孙丽');
  const before = await counts();
  const good = { unit: asset, cause: 'other', amount: '100', evidence: '情况说明第1号' };
  const cases: [Record<string, string>, string][] = [
    [{ cause: 'other', amount: '100', evidence: '情况说明第1号' }, '请选择您有权登记的单位'],
    [{ ...good, amount: '1.234' }, '金额最多保留两位小数'],
    [{ ...good, amount: '-5' }, '金额必须大于0'],
    [{ ...good, evidence: '无' }, '请填写依据'],
  ];
  for (const [form, message] of cases) {
    const r = await h.sb.click(p('孙丽'), messageId, '登记', form);
    expect(r.toast).toMatchObject({ type: 'error' });
    expect((r.toast as { content: string }).content).toContain(message);
  }
  // Values no option offers can only come from a forged callback; they are refused the same way.
  const forged = await forgeCardCallback(
    h,
    p('孙丽'),
    messageId,
    { a: 'savings.add' },
    { ...good, cause: 'deduction' },
  );
  expect(JSON.stringify(forged)).toContain('考核扣减由结算自动记入');
  const otherUnit = await forgeCardCallback(
    h,
    p('孙丽'),
    messageId,
    { a: 'savings.add' },
    { ...good, unit: '99999' },
  );
  expect(JSON.stringify(otherUnit)).toContain('请选择您有权登记的单位');
  expect(await counts()).toEqual(before);
});

it('only finance may record, and unit staff see only the units they hold a role in', async () => {
  const before = await counts();
  const staff = await savingsCardOf('张伟');
  const text = JSON.stringify(staff.card);
  expect(text).not.toContain('登记节约资金');
  expect(text).toContain('本单位');
  expect(text).toContain('资产经营公司');
  expect(text).not.toContain('环卫所');
  const r = await forgeCardCallback(
    h,
    p('张伟'),
    staff.messageId,
    { a: 'savings.add' },
    {
      unit: asset,
      cause: 'other',
      amount: '100',
      evidence: '伪造的登记',
    },
  );
  expect(JSON.stringify(r)).toContain('只有财政部门可以登记节约资金');
  expect(await counts()).toEqual(before);
});

it("a settlement's deduction is recorded as a saving once, however often it is offered", async () => {
  const { contract } = await createContract(h, { startsOn: '2026-01-01', endsOn: '2026-12-31' });
  const [settlement] = await h.sql`
    insert into settlements (contract_id, period_label, period_year, amount_fen, months, deduct_bp,
      raw_deduction_fen, deduction_fen, payable_fen)
    values (${contract.id}, '第一季度', 2026, 4500000, '["2026-01","2026-02","2026-03"]', 500, 225000, 225000, 4275000)
    returning id`;
  const before = await counts();
  const offer = () =>
    h.db.transaction((tx) =>
      recordSaving(tx, {
        unitId: contract.unitId,
        year: 2026,
        cause: 'deduction',
        amountFen: 225000n,
        evidence: '第一季度考核扣减',
        contractId: contract.id,
        settlementId: Number(settlement!.id),
        actor: 'job:settlement',
        at: h.now(),
      }),
    );
  const results = await Promise.all([offer(), offer(), offer()]);
  expect(results.filter(Boolean)).toHaveLength(1);
  expect(await counts()).toEqual({ savings: before!.savings + 1, audit: before!.audit + 1 });
});
