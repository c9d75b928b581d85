/**
 * A contract signed before the zone used the bot, written as history: its budget line, the approved
 * request, the procurement and the contract with the rubric, clauses and payment schedule as signed,
 * each row starting its audit chain (audit:verify names a state row without one as a deleted trail).
 * The demo's import of last year (cli/demo-year-import.ts) and the history import kind share it.
 */
import { appendAudit } from '../../audit/append';
import type { Tx } from '../../db/client';
import {
  budgetLines,
  contractAssessors,
  contracts,
  procurements,
  purchaseAssessors,
  purchaseRequests,
} from '../../db/schema';
import { yearOf } from '../../domain/business-date';
import type { ServiceCategory } from '../../domain/categories';
import type {
  ContractClauseValues,
  PaymentPeriod,
  ProcurementMethod,
  RubricItem,
} from '../../domain/contract';

export type HistoricContract = {
  unitId: number;
  vendorId: number;
  category: ServiceCategory;
  amountFen: bigint;
  startsOn: string;
  endsOn: string;
  signedOn: string;
  awardDate: string;
  method: ProcurementMethod;
  platform: string;
  referenceNo: string;
  /** Who filed the purchase and signed the contract (the importer when the file names nobody). */
  filerId: number;
  leaderId: number;
  assessorIds: number[];
  schedule: PaymentPeriod[];
  targets: string;
  rubric: RubricItem[];
  clauses: ContractClauseValues;
  policyVersion: number;
  lateSigningReason: string | null;
  /** The budget line's name and the request's description. */
  description: string;
  /**
   * What the file does not say about the purchase behind the contract (the demo tells it): by
   * default the budget line of the signing year named by `description`, one bidder, the leader as
   * the responsible department, decided on the award date.
   */
  purchase?: Partial<{
    fiscalYear: number;
    lineName: string;
    whyOutsource: string;
    suppliersAsked: number;
    bidders: number;
    departmentId: number;
    decidedAt: Date;
  }>;
};

/** The audit actor of history writes: `import:history:<who>` says it was brought in, not done here. */
export const historyActor = (who: string) => `import:history:${who}`;

export async function insertHistoricContract(
  tx: Tx,
  c: HistoricContract,
  actor: string,
  now: Date,
): Promise<{ id: number; signedOn: string }> {
  const decidedAt = c.purchase?.decidedAt ?? new Date(`${c.awardDate}T09:00:00+08:00`);
  const [line] = await tx
    .insert(budgetLines)
    .values({
      unitId: c.unitId,
      fiscalYear: c.purchase?.fiscalYear ?? yearOf(c.signedOn),
      category: c.category,
      name: c.purchase?.lineName ?? c.description,
      amountFen: c.amountFen,
      createdBy: 'import',
    })
    .returning();
  const [req] = await tx
    .insert(purchaseRequests)
    .values({
      unitId: c.unitId,
      budgetLineId: line!.id,
      category: c.category,
      description: c.description,
      whyOutsource: c.purchase?.whyOutsource ?? '上年度合同导入(历史数据)',
      suppliersAsked: c.purchase?.suppliersAsked ?? 1,
      priceLowFen: c.amountFen,
      priceHighFen: c.amountFen,
      amountFen: c.amountFen,
      method: c.method,
      filerId: c.filerId,
      leaderId: c.leaderId,
      departmentId: c.purchase?.departmentId ?? c.leaderId,
      policyVersion: c.policyVersion,
      status: 'approved',
      createdAt: decidedAt,
      decidedAt,
    })
    .returning();
  for (const personId of c.assessorIds)
    await tx.insert(purchaseAssessors).values({ requestId: req!.id, personId });
  const [proc] = await tx
    .insert(procurements)
    .values({
      requestId: req!.id,
      method: c.method,
      platform: c.platform,
      referenceNo: c.referenceNo,
      bidders: c.purchase?.bidders ?? 1,
      awardDate: c.awardDate,
      vendorId: c.vendorId,
      awardedFen: c.amountFen,
      policyVersion: c.policyVersion,
      recordedBy: c.filerId,
    })
    .returning();
  const [contract] = await tx
    .insert(contracts)
    .values({
      procurementId: proc!.id,
      requestId: req!.id,
      unitId: c.unitId,
      vendorId: c.vendorId,
      category: c.category,
      amountFen: c.amountFen,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      paymentSchedule: c.schedule,
      targets: c.targets,
      rubric: c.rubric,
      clauses: c.clauses,
      policyVersion: c.policyVersion,
      leaderId: c.leaderId,
      signedOn: c.signedOn,
      lateSigningReason: c.lateSigningReason,
      signedBy: c.filerId,
      createdAt: now,
    })
    .returning();
  for (const personId of c.assessorIds)
    await tx.insert(contractAssessors).values({ contractId: contract!.id, personId });
  const imported = (aggregateType: string, aggregateId: number, what: string, data = {}) =>
    appendAudit(tx, { aggregateType, aggregateId, actor, action: `${what}.imported`, data, at: now });
  await imported('budget_line', line!.id, 'budget_line');
  await imported('purchase', req!.id, 'purchase');
  // The facts contract.signed records too: the replay (features/replay) recomputes from them.
  await imported('contract', contract!.id, 'contract', {
    requestId: req!.id,
    procurementId: proc!.id,
    vendorId: c.vendorId,
    amountFen: String(c.amountFen),
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    signedOn: c.signedOn,
    referenceNo: c.referenceNo,
    policyVersion: c.policyVersion,
    // The clauses as signed: the replay judges the contract by them, not by the policy's values.
    clauses: c.clauses,
    history: true,
  });
  return { id: contract!.id, signedOn: contract!.signedOn };
}
