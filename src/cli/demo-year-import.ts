import { eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append';
import type { Db } from '../db/client';
import { loadPolicy } from '../db/policy';
import { people, units, vendors } from '../db/schema';
import { clausesFromPolicy, rubricTemplate } from '../domain/clauses';
import { insertHistoricContract } from '../features/history/insert-contract';

export const YEAR = 2025;
/** The imported contract's signing date: with its id, its number (HT-2024-0001). */
export const SIGNED_ON = `${YEAR - 1}-12-25`;
export const QUARTER_FEN = 12_000_000n; // 120,000.00 yuan a quarter, 480,000.00 a year

/**
 * Last year's cleaning contract of the asset company, as a zone would import it when it starts
 * using the bot (the purchase, procurement and signing cards are shown by the earlier scenes). Its
 * clauses are the current policy's; the import is on the audit trail.
 */
export async function importLastYearsContract(db: Db): Promise<number> {
  const policy = await loadPolicy(db);
  return db.transaction(async (tx) => {
    const [unit] = await tx.select().from(units).where(eq(units.code, 'asset'));
    const person = async (name: string) =>
      (await tx.select().from(people).where(eq(people.name, name)))[0]!.id;
    const [filer, leader, dept] = [await person('张伟'), await person('王建国'), await person('李秀英')];
    const amountFen = QUARTER_FEN * 4n;
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
    // Every imported row starts its chain, as a row created through the cards would: audit:verify
    // names a state row without one as a deleted trail.
    await appendAudit(tx, {
      aggregateType: 'vendor',
      aggregateId: vendor!.id,
      actor: 'import:demo',
      action: 'vendor.imported',
      data: {},
    });
    const quarter = (label: string, dueOn: string) => ({ label, dueOn, amountFen: QUARTER_FEN.toString() });
    // The history import's one path for a contract signed before the bot (features/history).
    const contract = await insertHistoricContract(
      tx,
      {
        unitId: unit!.id,
        vendorId: vendor!.id,
        category: 'cleaning',
        amountFen,
        startsOn: `${YEAR}-01-01`,
        endsOn: `${YEAR}-12-31`,
        signedOn: SIGNED_ON,
        awardDate: `${YEAR - 1}-12-20`,
        method: 'open_tender',
        platform: '苏州市公共资源交易平台',
        referenceNo: `KSGK-${YEAR - 1}-1208`,
        filerId: filer,
        leaderId: leader,
        assessorIds: [filer],
        schedule: [
          quarter('第一季度', `${YEAR}-03-31`),
          quarter('第二季度', `${YEAR}-06-30`),
          quarter('第三季度', `${YEAR}-09-30`),
          quarter('第四季度', `${YEAR}-12-31`),
        ],
        targets: '办公区每日保洁两次,垃圾日产日清',
        rubric: rubricTemplate(policy, 'cleaning'),
        clauses: clausesFromPolicy(policy),
        policyVersion: policy.version,
        lateSigningReason: null,
        description: '办公区日常保洁服务(上年度合同导入)',
        purchase: {
          fiscalYear: YEAR,
          lineName: '办公区保洁',
          whyOutsource: '本单位无专职保洁人员',
          suppliersAsked: 3,
          bidders: 4,
          departmentId: dept,
          decidedAt: new Date(`${YEAR - 1}-12-10T10:00:00+08:00`),
        },
      },
      'import:demo',
      new Date(),
    );
    return contract!.id;
  });
}
