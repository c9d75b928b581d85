import { loadPolicy } from '../../src/db/policy';
import {
  contractAssessors,
  contracts,
  procurements,
  purchaseAssessors,
  purchaseRequests,
  vendors,
} from '../../src/db/schema';
import type { ServiceCategory } from '../../src/domain/categories';
import { clausesFromPolicy, rubricTemplate } from '../../src/domain/clauses';
import { withManagementPeriod } from '../../src/domain/contract-form';
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
  /** 管理考核周期: 'quarter' signs a quarterly management line (absent: monthly, as before). */
  managementPeriod?: 'month' | 'quarter';
}

async function personId(h: Harness, name: string) {
  const [row] = await h.sql`select id from people where open_id = ${h.person(name)}`;
  return Number(row!.id);
}

/** A vendor and the procurement of `requestId` awarded to it, straight in the database. */
export async function recordProcurement(h: Harness, requestId: number, awardedFen: bigint) {
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
  const policy = await loadPolicy(h.db);
  const [procurement] = await h.db
    .insert(procurements)
    .values({
      requestId,
      method: 'open_tender',
      platform: '苏州市公共资源交易平台',
      referenceNo: `SZGG-2026-${n}`,
      bidders: 4,
      awardDate: '2026-11-20',
      vendorId: vendor!.id,
      awardedFen,
      policyVersion: policy.version,
      recordedBy: await personId(h, '张伟'),
    })
    .returning();
  return { ...vendor!, procurement: procurement! };
}

/**
 * A request of the asset company straight in the database (filed by 张伟, 王建国 responsible, 张伟
 * assessing), in the given status, with its procurement unless `procured` is false.
 */
export async function requestInDb(
  h: Harness,
  o: {
    status?: 'approved' | 'pending' | 'rejected';
    procured?: boolean;
    category?: ServiceCategory;
    amountFen?: bigint;
    unitCode?: string;
    leader?: string; // demo person name
    assessors?: string[]; // demo person names
  } = {},
) {
  const amountFen = o.amountFen ?? 18_000_000n;
  const category = o.category ?? 'cleaning';
  const line = await addLine(h, o.unitCode ?? 'asset', amountFen * 2n, category);
  const [filer, leader] = [await personId(h, '张伟'), await personId(h, o.leader ?? '王建国')];
  const assessors = await Promise.all((o.assessors ?? ['张伟']).map((n) => personId(h, n)));
  const policy = await loadPolicy(h.db);
  const [req] = await h.db
    .insert(purchaseRequests)
    .values({
      unitId: line.unitId,
      budgetLineId: line.id,
      category,
      description: '办公楼日常保洁服务',
      whyOutsource: '本单位无专职人员',
      suppliersAsked: 3,
      priceLowFen: amountFen,
      priceHighFen: amountFen,
      amountFen,
      method: 'open_tender',
      filerId: filer,
      leaderId: leader,
      departmentId: leader,
      policyVersion: policy.version,
      status: o.status ?? 'approved',
      // Filed on the test's (pinned) day, not the database clock's: meetings are checked against it.
      createdAt: new Date(),
      decidedAt: o.status === 'pending' ? null : new Date(),
    })
    .returning();
  await h.db
    .insert(purchaseAssessors)
    .values(assessors.map((personId) => ({ requestId: req!.id, personId })));
  const vendor = o.procured === false ? undefined : await recordProcurement(h, req!.id, amountFen);
  return { requestId: req!.id, request: req!, vendor, assessors, line };
}

/**
 * A signed contract straight in the database: an approved request, its procurement and the contract
 * with the policy's clauses and rubric. For tests of what comes after signing (scores, reminders);
 * the signing itself is tested through the cards.
 */
export async function createContract(h: Harness, f: ContractFixture) {
  const category = f.category ?? 'cleaning';
  const amountFen = f.amountFen ?? 18_000_000n;
  const policy = await loadPolicy(h.db, f.policyVersion);
  const { request, vendor, assessors, line } = await requestInDb(h, {
    category,
    amountFen,
    unitCode: f.unitCode,
    leader: f.leader,
    assessors: f.assessors,
  });
  const [contract] = await h.db
    .insert(contracts)
    .values({
      procurementId: vendor!.procurement.id,
      requestId: request.id,
      unitId: line.unitId,
      vendorId: vendor!.id,
      category,
      amountFen,
      startsOn: f.startsOn,
      endsOn: f.endsOn,
      paymentSchedule: [],
      targets: '保洁覆盖率100%',
      rubric: rubricTemplate(policy, category),
      clauses: withManagementPeriod(clausesFromPolicy(policy), f.managementPeriod),
      policyVersion: policy.version,
      leaderId: request.leaderId,
      signedOn: f.startsOn,
      signedBy: request.filerId,
    })
    .returning();
  await h.db
    .insert(contractAssessors)
    .values(assessors.map((personId) => ({ contractId: contract!.id, personId })));
  return { contract: contract!, vendor: vendor!, request, procurement: vendor!.procurement };
}

/**
 * `合同 HT-<year>-<id> ·`, the start of a contract's label on cards (score and group reminders, the
 * group binding card), for a test that knows the contract's id but not the year it was signed.
 */
export const contractLabelRe = (id: number) => new RegExp(`合同 HT-\\d{4}-${String(id).padStart(4, '0')} ·`);
