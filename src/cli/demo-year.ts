import { eq, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/append';
import { clausesFromPolicy, rubricTemplate } from '../contracts/clauses';
import type { Db } from '../db/client';
import { loadPolicy } from '../db/queries/policy';
import {
  budgetLines,
  contractAssessors,
  contracts,
  people,
  procurements,
  purchaseAssessors,
  purchaseRequests,
  units,
  vendors,
} from '../db/schema';
import { formatYuan } from '../domain/money';
import type { Sandbox } from '../sandbox';
import { runYearEnd } from '../thresholds/year-end';
import { Transcript } from './transcript';

const YEAR = 2025;
const QUARTER_FEN = 12_000_000n; // 120,000.00 yuan a quarter, 480,000.00 a year

/**
 * Last year's cleaning contract of the asset company, as a zone would import it when it starts
 * using the bot (the purchase, procurement and signing cards are shown by the earlier scenes). Its
 * clauses are the current policy's; the import is on the audit trail.
 */
async function importLastYearsContract(db: Db): Promise<number> {
  const policy = await loadPolicy(db);
  return db.transaction(async (tx) => {
    const [unit] = await tx.select().from(units).where(eq(units.code, 'asset'));
    const person = async (name: string) =>
      (await tx.select().from(people).where(eq(people.name, name)))[0]!.id;
    const [filer, leader, dept] = [await person('张伟'), await person('王建国'), await person('李秀英')];
    const amountFen = QUARTER_FEN * 4n;
    const [line] = await tx
      .insert(budgetLines)
      .values({
        unitId: unit!.id,
        fiscalYear: YEAR,
        category: 'cleaning',
        name: '办公区保洁',
        amountFen,
        createdBy: 'import',
      })
      .returning();
    const [vendor] = await tx
      .insert(vendors)
      .values({
        name: '昆山市洁美物业管理有限公司',
        uscc: '91320583MA1Y2C3D4Q',
        contactName: '周经理',
        createdBy: 'import',
      })
      .onConflictDoNothing()
      .returning();
    const [req] = await tx
      .insert(purchaseRequests)
      .values({
        unitId: unit!.id,
        budgetLineId: line!.id,
        category: 'cleaning',
        description: '办公区日常保洁服务(上年度合同导入)',
        whyOutsource: '本单位无专职保洁人员',
        suppliersAsked: 3,
        priceLowFen: amountFen,
        priceHighFen: amountFen,
        amountFen,
        method: 'open_tender',
        filerId: filer,
        leaderId: leader,
        departmentId: dept,
        policyVersion: policy.version,
        status: 'approved',
        decidedAt: new Date(`${YEAR - 1}-12-10T10:00:00+08:00`),
      })
      .returning();
    await tx.insert(purchaseAssessors).values({ requestId: req!.id, personId: filer });
    const [proc] = await tx
      .insert(procurements)
      .values({
        requestId: req!.id,
        method: 'open_tender',
        platform: '苏州市公共资源交易平台',
        referenceNo: `KSGK-${YEAR - 1}-1208`,
        bidders: 4,
        awardDate: `${YEAR - 1}-12-20`,
        vendorId: vendor!.id,
        awardedFen: amountFen,
        policyVersion: policy.version,
        recordedBy: filer,
      })
      .returning();
    const quarter = (label: string, dueOn: string) => ({ label, dueOn, amountFen: QUARTER_FEN.toString() });
    const [contract] = await tx
      .insert(contracts)
      .values({
        procurementId: proc!.id,
        requestId: req!.id,
        unitId: unit!.id,
        vendorId: vendor!.id,
        category: 'cleaning',
        amountFen,
        startsOn: `${YEAR}-01-01`,
        endsOn: `${YEAR}-12-31`,
        paymentSchedule: [
          quarter('第一季度', `${YEAR}-03-31`),
          quarter('第二季度', `${YEAR}-06-30`),
          quarter('第三季度', `${YEAR}-09-30`),
          quarter('第四季度', `${YEAR}-12-31`),
        ],
        targets: '办公区每日保洁两次,垃圾日产日清',
        rubric: rubricTemplate(policy, 'cleaning'),
        clauses: clausesFromPolicy(policy),
        policyVersion: policy.version,
        leaderId: leader,
        signedOn: `${YEAR - 1}-12-25`,
        signedBy: filer,
      })
      .returning();
    await tx.insert(contractAssessors).values({ contractId: contract!.id, personId: filer });
    await appendAudit(tx, {
      aggregateType: 'contract',
      aggregateId: contract!.id,
      actor: 'import:demo',
      action: 'contract.imported',
      data: { requestId: req!.id, procurementId: proc!.id, policyVersion: policy.version },
    });
    return contract!.id;
  });
}

/** Management scores for a final of 100 × 60% + management × 40% (no daily deductions). */
const MONTHS: [string, string, string][] = [
  ['01', '75', '90.0'],
  ['02', '70', '88.0'],
  ['03', '47.5', '79.0'],
  ['04', '50', '80.0'],
  ['05', '40', '76.0'],
  ['06', '45', '78.0'],
  ['07', '80', '92.0'],
  ['08', '62.5', '85.0'],
  ['09', '60', '84.0'],
  ['10', '55', '82.0'],
  ['11', '75', '90.0'],
  ['12', '70', '88.0'],
];

/**
 * Scene: a whole year of one contract through the cards: two months below 80 in a row, the
 * warnings, the termination-right card and the leader's decision, the quarterly deductions, the
 * year-end average and ban, and the zone's savings total, summed up at the end.
 */
export async function playYear(
  sb: Sandbox,
  print: (line: string) => void,
  deps: { db: Db; enqueueOutbox(ids: string[]): Promise<void> },
) {
  const t = new Transcript(sb, print);
  const id = (name: string) => sb.users().find((u) => u.name === name)!.openId;
  const contractId = await importLastYearsContract(deps.db);
  t.note(
    `导入上年度合同 #${contractId}:资产经营公司办公区保洁,${YEAR}-01-01 至 ${YEAR}-12-31,每季度 ${formatYuan(QUARTER_FEN)}`,
  );

  for (const [m, management, final] of MONTHS) {
    const month = `${YEAR}-${m}`;
    const before = new Set(sb.inbox(id('张伟')).map((x) => x.messageId));
    await sb.say(id('张伟'), '菜单');
    const menu = await sb.waitFor(() =>
      sb
        .inbox(id('张伟'))
        .find(
          (x) =>
            x.sender === 'bot' &&
            !before.has(x.messageId) &&
            JSON.stringify(x.content).includes('政府购买服务监管助手'),
        ),
    );
    await sb.click(id('张伟'), menu, '月度考核');
    await sb.click(id('张伟'), menu, { a: 'score.form', contract: contractId, month });
    await sb.click(id('张伟'), menu, '预览得分', { management });
    const done = await sb.click(id('张伟'), menu, '确认提交');
    print(
      `\n[张伟] 录入 ${month} 考核:管理考核 ${management} 分 → 最终得分 ${final} 分 ${JSON.stringify(done.toast)}`,
    );
    await t.settle('王建国', 800);
    if (m === '06') {
      t.note('清退权产生:分管领导在决策卡片上选择继续履约(须填写理由)');
      const card = await sb.waitFor(() =>
        sb.inbox(id('王建国')).find((x) => JSON.stringify(x.content).includes('清退决策 · ')),
      );
      await t.settle('王建国', 300);
      const reason = { reason: '供应商已提交整改方案并更换项目经理,继续观察' };
      await t.click('王建国', '继续履约', reason, ['张伟'], card);
    }
  }

  t.note('财政部门逐季确认结算:按档扣减,扣减额自动记入节约资金');
  await t.say('孙丽', '菜单');
  await t.click('孙丽', '结算审核');
  await t.click('孙丽', { a: 'settlement.show', contract: contractId });
  for (const q of ['第一季度', '第二季度', '第三季度', '第四季度']) await t.click('孙丽', `确认「${q}」结算`);

  t.note(`年终:计算${YEAR}年度月均得分,低于85分的次年禁止投标,通知单位领导班子`);
  const yearEnd = await runYearEnd(deps.db, YEAR, { enqueueOutbox: deps.enqueueOutbox });
  print(`  年终任务:评估合同 ${yearEnd.contracts} 份,新增禁投 ${yearEnd.bans} 条,通知 ${yearEnd.told} 人`);
  await t.settle('李秀英');

  t.note('全园区节约资金');
  await t.say('孙丽', '菜单');
  await t.click('孙丽', '节约资金');
  await t.click('孙丽', `${YEAR}年度`);

  for (const line of await yearSummary(deps.db, contractId)) print(line);
}

/** The year in a few lines, read back from the database: what the inspector would check. */
export async function yearSummary(db: Db, contractId: number): Promise<string[]> {
  const scores = await db.execute<{ month: string; score: string }>(
    sql`select month, to_char(final_tenths / 10.0, 'FM990.0') as score from monthly_scores
        where contract_id = ${contractId} and current order by month`,
  );
  const notices = await db.execute<{ key: string }>(
    sql`select key from threshold_notices where contract_id = ${contractId} order by sent_at, key`,
  );
  const cases = await db.execute<{ rule: string; months: string[]; status: string; reason: string | null }>(
    sql`select rule, months, status, reason from termination_cases where contract_id = ${contractId} order by id`,
  );
  const settled = await db.execute<{ label: string; deduct_bp: number; deduction: string; payable: string }>(
    sql`select period_label as label, deduct_bp, deduction_fen::text as deduction, payable_fen::text as payable
        from settlements where contract_id = ${contractId} order by id`,
  );
  const bans = await db.execute<{ year: number; reason: string }>(
    sql`select year, reason from vendor_bans where contract_id = ${contractId}`,
  );
  const [saved] = await db.execute<{ total: string }>(
    sql`select coalesce(sum(amount_fen), 0)::text as total from savings where year = ${YEAR}`,
  );
  return [
    `\n## ${YEAR}年度小结(合同 #${contractId})`,
    `- 月度得分:${scores.map((r) => `${Number(r.month.slice(5))}月 ${r.score}`).join(',')}`,
    `- 预警:${notices.map((n) => n.key).join('、') || '无'}`,
    ...cases.map(
      (c) =>
        `- 清退权:${c.rule === 'consecutive' ? '连续低于80分' : '累计低于80分'}(${c.months.join('、')}),决定:${c.status === 'kept' ? `继续履约(${c.reason})` : c.status}`,
    ),
    ...settled.map(
      (r) =>
        `- ${r.label}结算:扣减 ${r.deduct_bp / 100}% 即 ${formatYuan(BigInt(r.deduction))},应付 ${formatYuan(BigInt(r.payable))}`,
    ),
    ...bans.map((b) => `- 禁投:${b.year}年 · ${b.reason}`),
    `- ${YEAR}年全园区节约资金合计:${formatYuan(BigInt(saved!.total))}`,
  ];
}
