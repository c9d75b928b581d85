/** Builds the termination card's view from the database: the same card for sending, answering, patching. */
import { eq } from 'drizzle-orm';
import type { TerminationView } from '../../cards/termination';
import { monthsWithScores, ruleText } from '../../cards/threshold-messages';
import type { DbOrTx } from '../../db/client';
import { people, type terminationCases, units } from '../../db/schema';
import { shanghaiDate } from '../../domain/calendar';
import { CATEGORY_LABELS } from '../../domain/categories';
import { contractNumber, termText } from '../../domain/contract-format';
import { formatPoints } from '../../domain/score';
import { type ContractFacts, currentScores } from '../contracts/facts';

export type CaseRow = typeof terminationCases.$inferSelect;

export function clauseText(f: ContractFacts): string {
  const t = f.clauses.termination;
  const line = formatPoints(t.belowTenths);
  return `月度得分低于${line}分,连续${t.consecutiveMonths}个月或合同期内累计${t.cumulativeMonths}次,采购人可解除合同`;
}

export async function caseView(db: DbOrTx, f: ContractFacts, c: CaseRow): Promise<TerminationView> {
  const scores = await currentScores(db, f.contract.id);
  const byMonth = new Map(scores.map((s) => [s.month, s.finalTenths]));
  const [unit] = await db.select({ name: units.name }).from(units).where(eq(units.id, f.contract.unitId));
  let decision: TerminationView['decision'];
  if (c.decidedBy && c.decidedAt) {
    const [p] = await db.select({ name: people.name }).from(people).where(eq(people.id, c.decidedBy));
    decision = { by: p?.name ?? '', on: shanghaiDate(c.decidedAt), endsOn: c.endsOn, reason: c.reason };
  }
  return {
    caseId: c.id,
    contractNo: contractNumber(f.contract),
    vendorName: f.vendorName,
    unitName: unit?.name ?? '',
    category: CATEGORY_LABELS[f.contract.category] ?? f.contract.category,
    term: termText(f.contract),
    rule: ruleText(c.rule, f.clauses),
    months: monthsWithScores(c.months, byMonth),
    clause: clauseText(f),
    latestEnd: f.contract.endsOn,
    status: c.status,
    decision,
  };
}
