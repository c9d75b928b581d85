import { clausesFromPolicy, rubricTemplate } from '../../src/contracts/clauses';
import { loadPolicy } from '../../src/db/queries/policy';
import {
  contractAssessors,
  contracts,
  procurements,
  purchaseAssessors,
  purchaseRequests,
  type ServiceCategory,
  vendors,
} from '../../src/db/schema';
import type { Harness } from './harness';
import { addLine } from './purchase';

let seq = 0;

/** A valid unified social credit code (the check digit computed per GB 32100-2015). */
export function makeUscc(n: number): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `91320583${String(n).padStart(9, '0')}`.slice(0, 17);
  const sum = [...body].reduce((acc, c, i) => acc + chars.indexOf(c) * weights[i]!, 0);
  return body + chars[(31 - (sum % 31)) % 31];
}

export interface ContractFixture {
  unitCode?: string;
  category?: ServiceCategory;
  amountFen?: bigint;
  startsOn: string;
  endsOn: string;
  leader?: string; // demo person name
  assessors?: string[]; // demo person names
  policyVersion?: number;
}

/**
 * A signed contract straight in the database: an approved request, its procurement and the contract
 * with the policy's clauses and rubric. For tests of what comes after signing (scores, reminders);
 * the signing itself is tested through the cards.
 */
export async function createContract(h: Harness, f: ContractFixture) {
  const category = f.category ?? 'cleaning';
  const amountFen = f.amountFen ?? 18_000_000n;
  const line = await addLine(h, f.unitCode ?? 'asset', amountFen * 2n, category);
  const policy = await loadPolicy(h.db, f.policyVersion);
  const id = async (name: string) => {
    const [row] = await h.sql`select id from people where open_id = ${h.person(name)}`;
    return Number(row!.id);
  };
  const leaderId = await id(f.leader ?? '王建国');
  const filerId = await id('张伟');
  const assessorIds = await Promise.all((f.assessors ?? ['张伟']).map(id));
  const n = ++seq;
  const [vendor] = await h.db
    .insert(vendors)
    .values({
      name: `测试物业服务有限公司${n}`,
      uscc: makeUscc(n * 7919),
      contactName: '孙经理',
      createdBy: 'test',
    })
    .returning();
  const [req] = await h.db
    .insert(purchaseRequests)
    .values({
      unitId: line.unitId,
      budgetLineId: line.id,
      category,
      description: '园区公共区域日常保洁服务',
      whyOutsource: '本单位无专职人员',
      suppliersAsked: 3,
      priceLowFen: amountFen,
      priceHighFen: amountFen,
      amountFen,
      method: 'open_tender',
      filerId,
      leaderId,
      departmentId: leaderId,
      policyVersion: policy.version,
      status: 'approved',
      decidedAt: new Date(),
    })
    .returning();
  await h.db
    .insert(purchaseAssessors)
    .values(assessorIds.map((personId) => ({ requestId: req!.id, personId })));
  const [proc] = await h.db
    .insert(procurements)
    .values({
      requestId: req!.id,
      method: 'open_tender',
      platform: '苏州市公共资源交易平台',
      referenceNo: `SZGG-${n}`,
      bidders: 3,
      awardDate: f.startsOn,
      vendorId: vendor!.id,
      awardedFen: amountFen,
      policyVersion: policy.version,
      recordedBy: filerId,
    })
    .returning();
  const [contract] = await h.db
    .insert(contracts)
    .values({
      procurementId: proc!.id,
      requestId: req!.id,
      unitId: line.unitId,
      vendorId: vendor!.id,
      category,
      amountFen,
      startsOn: f.startsOn,
      endsOn: f.endsOn,
      paymentSchedule: [],
      targets: '保洁覆盖率100%',
      rubric: rubricTemplate(policy, category),
      clauses: clausesFromPolicy(policy),
      policyVersion: policy.version,
      leaderId,
      signedOn: f.startsOn,
      signedBy: filerId,
    })
    .returning();
  await h.db
    .insert(contractAssessors)
    .values(assessorIds.map((personId) => ({ contractId: contract!.id, personId })));
  return { contract: contract!, vendor: vendor!, request: req!, procurement: proc! };
}
