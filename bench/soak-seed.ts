import type { Db } from '../src/db/client';
import {
  approvalStages,
  budgetLines,
  people,
  purchaseAssessors,
  purchaseRequests,
  units,
} from '../src/db/schema';
import { grantRole } from '../src/features/org/grants';
import { openStage } from '../src/features/purchase/stages';
import { OutboxWriter } from '../src/outbox/write';
import { seedAssessedContracts } from './seed-contracts';

export type Leader = { openId: string; name: string; personId: number; unitId: number; lineId: number };

/** Leaders of their own units, each with a large budget line; `tag` names them apart per bench. */
export async function seedLeaders(
  db: Db,
  n: number,
  tag = { code: 'soak', unit: '浸泡单位', leader: '浸泡领导', openId: 'ou_soak_leader_' },
): Promise<Leader[]> {
  const leaders: Leader[] = [];
  await db.transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      const [u] = await tx
        .insert(units)
        .values({ code: `${tag.code}${i}`, name: `${tag.unit}${i}` })
        .returning();
      const [p] = await tx
        .insert(people)
        .values({ openId: `${tag.openId}${i}`, name: `${tag.leader}${i}`, unitId: u!.id })
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
      leaders.push({ openId: p!.openId, name: p!.name, personId: p!.id, unitId: u!.id, lineId: line!.id });
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
  const { staff } = await seedAssessedContracts(db, {
    unit: { code: 'soak_month_end', name: '浸泡月末单位' },
    vendor: { name: '浸泡物业服务有限公司', usccSeed: 434343 },
    tag: '浸泡',
    assessors: Array.from({ length: n }, (_, i) => ({
      openId: `ou_soak_assessor_${String(i).padStart(4, '0')}`,
      name: `浸泡考核员${i}`,
    })),
    contracts: n,
    assessorsOf: (i) => [i],
  });
  return staff;
}
