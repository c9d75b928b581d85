import { afterAll, beforeAll, expect, it } from 'vitest';
import { shanghaiDate } from '../../src/domain/calendar';
import { formatYuan } from '../../src/domain/money';
import { loadSettlementAudit } from '../../src/features/settlement/audit';
import { settlementReport } from '../../src/features/settlement/report';
import { askMenu, forgeCardCallback } from '../helpers/cards';
import { createContract } from '../helpers/contract';
import { type Harness, startHarness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

/** mulberry32: a seeded generator, so a failure replays. */
function rng32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

// Last year's contract, from the pinned date: every period has ended, so each can be settled (a
// period is confirmed from the day after its last month, DOMAIN.md "The order of dates").
const Y = Number(shanghaiDate(new Date()).slice(0, 4)) - 1;
const SCHEDULES: { label: string; dueOn: string }[][] = [
  [
    { label: '上半年', dueOn: `${Y}-06-30` },
    { label: '下半年', dueOn: `${Y}-12-31` },
  ],
  ['一', '二', '三', '四'].map((q, i) => ({
    label: `第${q}季度`,
    dueOn: `${Y}-${['03-31', '06-30', '09-30', '12-31'][i]}`,
  })),
  [
    { label: '预付款', dueOn: `${Y}-01-10` },
    { label: '中期款', dueOn: `${Y}-07-31` },
    { label: '尾款', dueOn: `${Y + 1}-01-31` },
  ],
];

it('on random contracts and periods the audit agrees with the settlement card and the savings ledger to the fen', async () => {
  const rnd = rng32(20261130);
  const finance = h.person('孙丽');
  const menu = await askMenu(h.sb, finance);
  const [by] = await h.sql`select id from people where open_id = ${h.person('黄海燕')}`;
  const today = shanghaiDate(new Date());
  // What the random draw covered: the test is worthless if no period deducted or hit the cap.
  const seen = { confirmed: 0, deducted: 0, capped: 0 };
  for (let n = 0; n < 6; n++) {
    const { contract } = await createContract(h, {
      startsOn: `${Y}-01-01`,
      endsOn: `${Y}-12-31`,
      unitCode: 'sanitation',
      leader: '赵敏',
      assessors: ['黄海燕'],
    });
    const schedule = SCHEDULES[rnd() % SCHEDULES.length]!.map((s) => ({
      ...s,
      amountFen: String(1_000_000 + (rnd() % 9_000_000)),
    }));
    const capFen = String(50_000 + (rnd() % 1_000_000));
    await h.sql`update contracts set payment_schedule = ${JSON.stringify(schedule)}::jsonb,
      clauses = jsonb_set(clauses, '{deduction,annualCapFen}', to_jsonb(${capFen}::text)) where id = ${contract.id}`;
    for (let m = 1; m <= 12; m++)
      await h.sql`insert into monthly_scores (contract_id, month, deductions, daily_tenths, management_tenths, final_tenths, entered_by)
        values (${contract.id}, ${`${Y}-${String(m).padStart(2, '0')}`}, '[]', 0, 0, ${700 + (rnd() % 301)}, ${by!.id})`;
    // Finance confirms a random number of periods, in order, through the card.
    const k = rnd() % (schedule.length + 1);
    for (const s of schedule.slice(0, k)) {
      const r = await forgeCardCallback(
        h,
        finance,
        menu.messageId,
        { a: 'settlement.confirm', contract: contract.id, period: s.label },
        {},
      );
      expect(r.toast?.type, r.toast?.content).toBe('success');
    }
    const { audit } = (await loadSettlementAudit(h.db, contract.id, null, today))!;
    const report = (await settlementReport(h.db, contract.id))!;
    const [stored] = await h.sql`select count(*)::int as n, coalesce(sum(amount_fen), 0)::text as amount,
      coalesce(sum(deduction_fen), 0)::text as deduction, coalesce(sum(payable_fen), 0)::text as payable
      from settlements where contract_id = ${contract.id}`;
    const [ledger] = await h.sql`select coalesce(sum(amount_fen), 0)::text as fen from savings
      where contract_id = ${contract.id} and cause = 'deduction'`;
    const ctx = `contract ${contract.id}, ${k} of ${schedule.length} confirmed, cap ${capFen}`;
    expect(audit!.confirmed.count, ctx).toBe(k);
    expect(stored!.n, ctx).toBe(k);
    expect(audit!.confirmed.amountFen, ctx).toBe(BigInt(stored!.amount));
    expect(audit!.confirmed.deductionFen, ctx).toBe(BigInt(stored!.deduction));
    expect(audit!.confirmed.payableFen, ctx).toBe(BigInt(stored!.payable));
    expect(audit!.confirmed.deductionFen, ctx).toBe(BigInt(ledger!.fen));
    expect(audit!.ledgerDeductionFen, ctx).toBe(BigInt(ledger!.fen));
    expect(
      audit!.risks.filter((r) => r.kind === 'ledger_mismatch'),
      ctx,
    ).toEqual([]);
    // Every period as the settlement computes it, and each period's own audit.
    expect(audit!.rows, ctx).toEqual(report.rows);
    seen.confirmed += k;
    seen.deducted += report.rows.filter((r) => r.confirmed && r.deductionFen > 0n).length;
    seen.capped += report.rows.filter((r) => r.deductionFen < r.rawFen).length;
    const label = schedule[rnd() % schedule.length]!.label;
    const one = (await loadSettlementAudit(h.db, contract.id, label, today))!.audit!;
    const row = report.rows.find((r) => r.label === label)!;
    expect([one.all.amountFen, one.all.deductionFen, one.all.payableFen], ctx).toEqual([
      row.amountFen,
      row.deductionFen,
      row.payableFen,
    ]);
    // The cards: the settlement card's amounts per period and the audit card's totals, to the fen.
    const view = await askMenu(h.sb, finance);
    await h.sb.click(finance, view, '结算审核');
    const settlementCard = JSON.stringify(
      (await h.sb.click(finance, view, { a: 'settlement.show', contract: contract.id })).card,
    );
    for (const r of report.rows) {
      expect(settlementCard, ctx).toContain(`扣减金额(含封顶):${formatYuan(r.deductionFen)}`);
      expect(settlementCard, ctx).toContain(`应付金额:${formatYuan(r.payableFen)}`);
    }
    const auditCard = JSON.stringify((await h.sb.click(finance, view, '结算审计')).card);
    const c = audit!.confirmed;
    expect(auditCard, ctx).toContain(
      `其中已确认(${c.count}期):金额 ${formatYuan(c.amountFen)} · 考核扣减 ${formatYuan(c.deductionFen)} · 应付 ${formatYuan(c.payableFen)}`,
    );
    expect(auditCard, ctx).toContain(`节约资金台账(考核扣减):${formatYuan(BigInt(ledger!.fen))}`);
    const a = audit!.all;
    expect(auditCard, ctx).toContain(`本范围合计(${a.count}期):金额 ${formatYuan(a.amountFen)}`);
  }
  expect(seen.confirmed).toBeGreaterThan(3);
  expect(seen.deducted).toBeGreaterThan(0);
  expect(seen.capped).toBeGreaterThan(0);
});
