import { eq } from 'drizzle-orm';
import type { Db } from '../src/db/client';
import { loadPolicy } from '../src/db/policy';
import {
  budgetLines,
  contractAssessors,
  contracts,
  people,
  procurements,
  purchaseRequests,
  roleGrants,
  units,
  vendors,
} from '../src/db/schema';
import { clausesFromPolicy, rubricTemplate } from '../src/domain/clauses';
import { makeUscc } from '../test/helpers/contract';

export type AssessedContracts = {
  /** The unit all of it belongs to (code and name). */
  unit: { code: string; name: string };
  vendor: { name: string; usccSeed: number };
  /** A label for descriptions and reference numbers, e.g. 基准 / ME. */
  tag: string;
  /** The assessors to create (each gets the assessor role in the unit). */
  assessors: { openId: string; name: string }[];
  contracts: number;
  /** The indices (into `assessors`) assessing contract i; the first of them is its filer. */
  assessorsOf: (i: number) => number[];
};

/**
 * Active cleaning contracts signed under the current policy, inserted in bulk, with their chain of
 * budget line, approved request and procurement: what the month-end benches sweep. 王建国 of the
 * demo zone is the responsible leader of every one.
 */
export async function seedAssessedContracts(db: Db, o: AssessedContracts) {
  const policy = await loadPolicy(db);
  const [leader] = await db.select().from(people).where(eq(people.name, '王建国'));
  const [unit] = await db.insert(units).values(o.unit).returning();
  const [line] = await db
    .insert(budgetLines)
    .values({
      unitId: unit!.id,
      fiscalYear: 2026,
      category: 'cleaning',
      amountFen: 10n ** 13n,
      createdBy: 'bench',
    })
    .returning();
  const [vendor] = await db
    .insert(vendors)
    .values({
      name: o.vendor.name,
      uscc: makeUscc(o.vendor.usccSeed),
      contactName: '孙经理',
      createdBy: 'bench',
    })
    .returning();
  const staff = await db
    .insert(people)
    .values(o.assessors.map((a) => ({ ...a, unitId: unit!.id })))
    .returning();
  await db
    .insert(roleGrants)
    .values(
      staff.map((p) => ({ personId: p.id, role: 'assessor' as const, unitId: unit!.id, grantedBy: 'bench' })),
    );
  const amountFen = 12_000_000n;
  const n = Array.from({ length: o.contracts }, (_, i) => i);
  const requests = await db
    .insert(purchaseRequests)
    .values(
      n.map((i) => ({
        unitId: unit!.id,
        budgetLineId: line!.id,
        category: 'cleaning' as const,
        description: `${o.tag}保洁服务${i}`,
        whyOutsource: `${o.tag}测试`,
        suppliersAsked: 3,
        priceLowFen: amountFen,
        priceHighFen: amountFen,
        amountFen,
        method: 'open_tender' as const,
        filerId: staff[o.assessorsOf(i)[0]!]!.id,
        leaderId: leader!.id,
        departmentId: leader!.id,
        policyVersion: policy.version,
        status: 'approved' as const,
        decidedAt: new Date(),
      })),
    )
    .returning({ id: purchaseRequests.id });
  const procs = await db
    .insert(procurements)
    .values(
      requests.map((r, i) => ({
        requestId: r.id,
        method: 'open_tender' as const,
        platform: '苏州市公共资源交易平台',
        referenceNo: `${o.unit.code}-${i}`,
        bidders: 3,
        awardDate: '2026-08-20',
        vendorId: vendor!.id,
        awardedFen: amountFen,
        policyVersion: policy.version,
        recordedBy: leader!.id,
      })),
    )
    .returning({ id: procurements.id, requestId: procurements.requestId });
  const [clauses, rubric] = [clausesFromPolicy(policy), rubricTemplate(policy, 'cleaning')];
  const signed = await db
    .insert(contracts)
    .values(
      procs.map((p) => ({
        procurementId: p.id,
        requestId: p.requestId,
        unitId: unit!.id,
        vendorId: vendor!.id,
        category: 'cleaning' as const,
        amountFen,
        startsOn: '2026-09-01',
        endsOn: '2027-08-31',
        paymentSchedule: [],
        targets: '保洁覆盖率100%',
        rubric,
        clauses,
        policyVersion: policy.version,
        leaderId: leader!.id,
        signedOn: '2026-08-25',
        signedBy: leader!.id,
      })),
    )
    .returning({ id: contracts.id });
  await db
    .insert(contractAssessors)
    .values(
      signed.flatMap((c, i) => o.assessorsOf(i).map((k) => ({ contractId: c.id, personId: staff[k]!.id }))),
    );
  return { unitId: unit!.id, staff, contractIds: signed.map((c) => c.id) };
}
