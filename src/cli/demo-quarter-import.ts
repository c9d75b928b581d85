import { eq, inArray } from 'drizzle-orm';
import { appendAudit } from '../audit/append';
import type { Db } from '../db/client';
import { loadPolicy } from '../db/policy';
import {
  budgetLines,
  contractAssessors,
  contracts,
  people,
  procurements,
  purchaseAssessors,
  purchaseRequests,
  surveyRecipients,
  units,
  vendors,
} from '../db/schema';
import { clausesFromPolicy, rubricTemplate } from '../domain/clauses';
import { withManagementPeriod } from '../domain/contract-form';

/** The running contract's signing date, before its term: with its id, its number (HT-2026-000n). */
export const QUARTERLY_SIGNED_ON = '2026-09-20';
export const QUARTERLY_TERM = { startsOn: '2026-10-01', endsOn: '2027-09-30' } as const;
export const QUARTERLY_FEN = 6_000_000n; // 60,000.00 yuan a quarter
/** Who receives the service (the zone offices' staff): named on the contract as its survey's recipients. */
export const SURVEY_RECIPIENTS = ['周国平', '吴晓东', '孙丽', '何静', '马骏', '冯蕾'] as const;

/**
 * A running contract the zone brings in when it starts using the bot (as last year's is, in
 * demo-year-import.ts): the asset company's cleaning of the zone's office building, signed under the
 * current policy with a QUARTERLY management line (管理考核按季度) and a satisfaction survey whose
 * recipients are the office's staff, named. The import is on the audit trail; the survey rounds,
 * answers, scores and the daily problem then go through the product's own jobs and cards.
 */
export async function importQuarterlyContract(db: Db): Promise<number> {
  const policy = await loadPolicy(db);
  return db.transaction(async (tx) => {
    const [unit] = await tx.select().from(units).where(eq(units.code, 'asset'));
    const person = async (name: string) =>
      (await tx.select().from(people).where(eq(people.name, name)))[0]!.id;
    const [filer, leader, dept] = [await person('张伟'), await person('王建国'), await person('李秀英')];
    const amountFen = QUARTERLY_FEN * 4n;
    const [line] = await tx
      .insert(budgetLines)
      .values({
        unitId: unit!.id,
        fiscalYear: 2026,
        category: 'cleaning',
        name: '管委会办公楼保洁(跨年合同)',
        amountFen,
        createdBy: 'import',
      })
      .returning();
    const [vendor] = await tx
      .insert(vendors)
      .values({
        name: '昆山市净源保洁服务有限公司',
        uscc: '91320583MA1Y3E5F6J',
        contactName: '吴经理',
        createdBy: 'import',
      })
      .returning();
    const [req] = await tx
      .insert(purchaseRequests)
      .values({
        unitId: unit!.id,
        budgetLineId: line!.id,
        category: 'cleaning',
        description: '管委会办公楼日常保洁服务(在履行合同导入)',
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
        decidedAt: new Date('2026-09-08T10:00:00+08:00'),
      })
      .returning();
    await tx.insert(purchaseAssessors).values({ requestId: req!.id, personId: filer });
    const [proc] = await tx
      .insert(procurements)
      .values({
        requestId: req!.id,
        method: 'open_tender',
        platform: '苏州市公共资源交易平台',
        referenceNo: 'KSGK-2026-0915',
        bidders: 3,
        awardDate: '2026-09-15',
        vendorId: vendor!.id,
        awardedFen: amountFen,
        policyVersion: policy.version,
        recordedBy: filer,
      })
      .returning();
    const quarter = (label: string, dueOn: string) => ({ label, dueOn, amountFen: QUARTERLY_FEN.toString() });
    const clauses = withManagementPeriod(
      clausesFromPolicy(policy, { category: 'cleaning', recipients: 'named' }),
      'quarter',
    );
    const [contract] = await tx
      .insert(contracts)
      .values({
        procurementId: proc!.id,
        requestId: req!.id,
        unitId: unit!.id,
        vendorId: vendor!.id,
        category: 'cleaning',
        amountFen,
        ...QUARTERLY_TERM,
        paymentSchedule: [
          quarter('2026年第4季度', '2026-12-31'),
          quarter('2027年第1季度', '2027-03-31'),
          quarter('2027年第2季度', '2027-06-30'),
          quarter('2027年第3季度', '2027-09-30'),
        ],
        targets: '办公楼公共区域每日保洁两次,卫生间每小时巡查一次',
        rubric: rubricTemplate(policy, 'cleaning'),
        clauses,
        policyVersion: policy.version,
        leaderId: leader,
        signedOn: QUARTERLY_SIGNED_ON,
        signedBy: filer,
      })
      .returning();
    await tx.insert(contractAssessors).values({ contractId: contract!.id, personId: filer });
    const named = await tx
      .select({ id: people.id })
      .from(people)
      .where(inArray(people.name, [...SURVEY_RECIPIENTS]));
    if (clauses.survey)
      await tx
        .insert(surveyRecipients)
        .values(named.map((p) => ({ contractId: contract!.id, personId: p.id })));
    const imported = (aggregateType: string, aggregateId: number, what: string) =>
      appendAudit(tx, {
        aggregateType,
        aggregateId,
        actor: 'import:demo',
        action: `${what}.imported`,
        data: {},
      });
    await imported('budget_line', line!.id, 'budget_line');
    await imported('vendor', vendor!.id, 'vendor');
    await imported('purchase', req!.id, 'purchase');
    await appendAudit(tx, {
      aggregateType: 'contract',
      aggregateId: contract!.id,
      actor: 'import:demo',
      action: 'contract.imported',
      // The facts contract.signed records, with the quarterly line and how many are named (never who).
      data: {
        requestId: req!.id,
        procurementId: proc!.id,
        vendorId: vendor!.id,
        amountFen: String(amountFen),
        startsOn: contract!.startsOn,
        endsOn: contract!.endsOn,
        policyVersion: policy.version,
        managementPeriod: 'quarter',
        ...(clauses.survey ? { survey: { recipients: 'named', named: named.length } } : {}),
      },
    });
    return contract!.id;
  });
}
