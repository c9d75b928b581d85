import { eq } from 'drizzle-orm';
import type { Db } from '../src/db/client';
import { loadPolicy } from '../src/db/policy';
import {
  approvalStages,
  budgetLines,
  contractAssessors,
  contracts,
  people,
  procurements,
  purchaseAssessors,
  purchaseRequests,
  roleGrants,
  units,
  vendors,
} from '../src/db/schema';
import { clausesFromPolicy, rubricTemplate } from '../src/domain/clauses';
import { grantRole } from '../src/features/org/roles';
import { openStage } from '../src/features/purchase/stages';
import { OutboxWriter } from '../src/outbox/write';
import { makeUscc } from '../test/helpers/contract';

export type Leader = { openId: string; name: string; unitId: number; lineId: number };

/** Leaders of their own units (as bench/approval.ts makes them), each with a large budget line. */
export async function seedLeaders(db: Db, n: number): Promise<Leader[]> {
  const leaders: Leader[] = [];
  await db.transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      const [u] = await tx
        .insert(units)
        .values({ code: `soak${i}`, name: `浸泡单位${i}` })
        .returning();
      const [p] = await tx
        .insert(people)
        .values({ openId: `ou_soak_leader_${i}`, name: `浸泡领导${i}`, unitId: u!.id })
        .returning();
      await grantRole(tx, { personId: p!.id, role: 'unit_leadership', unitId: u!.id, actor: 'bench' });
      const [line] = await tx
        .insert(budgetLines)
        .values({
          unitId: u!.id,
          fiscalYear: 2026,
          category: 'cleaning',
          amountFen: 10n ** 12n,
          createdBy: 'bench',
        })
        .returning();
      leaders.push({ openId: p!.openId, name: p!.name, unitId: u!.id, lineId: line!.id });
    }
  });
  return leaders;
}

/**
 * A filed request waiting for its unit leadership, as bench/approval.ts files them: the request and
 * its stage inserted, the stage opened (its card to the leader written to the outbox) in one
 * transaction. Returns the stage and the outbox rows for the relay.
 */
export async function fileRequest(db: Db, leader: Leader, filerId: number, n: number) {
  return db.transaction(async (tx) => {
    const out = new OutboxWriter(tx);
    const [req] = await tx
      .insert(purchaseRequests)
      .values({
        unitId: leader.unitId,
        budgetLineId: leader.lineId,
        category: 'cleaning',
        description: `浸泡采购 ${n}`,
        whyOutsource: '浸泡测试',
        suppliersAsked: 3,
        priceLowFen: 1_000_000n,
        priceHighFen: 2_000_000n,
        amountFen: 1_500_000n,
        method: 'open_tender',
        filerId,
        leaderId: filerId,
        departmentId: filerId,
        policyVersion: 1,
      })
      .returning();
    await tx.insert(purchaseAssessors).values({ requestId: req!.id, personId: filerId });
    const [st] = await tx
      .insert(approvalStages)
      .values({ requestId: req!.id, seq: 1, kind: 'unit_leadership', status: 'waiting' })
      .returning();
    await openStage(tx, out, st!.id, new Date());
    return { requestId: req!.id, stageId: st!.id, outboxIds: out.ids };
  });
}

/**
 * `n` assessors, each of one active contract (2026-09-01 to 2027-08-31) signed under the current
 * policy, with 王建国 the responsible leader: bench/month-end.ts's seed at a size of our choosing.
 */
export async function seedAssessors(db: Db, n: number) {
  const policy = await loadPolicy(db);
  const [leader] = await db.select().from(people).where(eq(people.name, '王建国'));
  const [unit] = await db.insert(units).values({ code: 'soak_month_end', name: '浸泡月末单位' }).returning();
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
      name: '浸泡物业服务有限公司',
      uscc: makeUscc(434343),
      contactName: '孙经理',
      createdBy: 'bench',
    })
    .returning();
  const staff = await db
    .insert(people)
    .values(
      Array.from({ length: n }, (_, i) => ({
        openId: `ou_soak_assessor_${String(i).padStart(4, '0')}`,
        name: `浸泡考核员${i}`,
        unitId: unit!.id,
      })),
    )
    .returning();
  await db
    .insert(roleGrants)
    .values(
      staff.map((p) => ({ personId: p.id, role: 'assessor' as const, unitId: unit!.id, grantedBy: 'bench' })),
    );
  const amountFen = 12_000_000n;
  const requests = await db
    .insert(purchaseRequests)
    .values(
      staff.map((p, i) => ({
        unitId: unit!.id,
        budgetLineId: line!.id,
        category: 'cleaning' as const,
        description: `浸泡保洁服务${i}`,
        whyOutsource: '浸泡测试',
        suppliersAsked: 3,
        priceLowFen: amountFen,
        priceHighFen: amountFen,
        amountFen,
        method: 'open_tender' as const,
        filerId: p.id,
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
        referenceNo: `SOAK-${i}`,
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
    .values(signed.map((c, i) => ({ contractId: c.id, personId: staff[i]!.id })));
  return staff;
}
