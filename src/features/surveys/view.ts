/** A survey round with what its card shows: the contract's service, never a score or a person. */
import { eq, inArray } from 'drizzle-orm';
import type { SurveyView } from '../../cards/survey';
import type { DbOrTx } from '../../db/client';
import { contracts, surveyRounds, vendors } from '../../db/schema';
import { CATEGORY_LABELS } from '../../domain/categories';
import type { ContractClauseValues, SurveyClauses } from '../../domain/contract';
import { contractNumber } from '../../domain/contract-format';
import { periodLabel } from '../../domain/survey';

export type RoundRow = typeof surveyRounds.$inferSelect;
/** The contract fields a survey card needs. */
export type SurveyContract = {
  id: number;
  signedOn: string;
  category: string;
  vendorName: string;
  clauses: ContractClauseValues;
};

/** The card's view of a round for a contract with clauses.survey. */
export function surveyView(
  round: Pick<RoundRow, 'id' | 'period' | 'closesOn'>,
  c: SurveyContract,
  s: SurveyClauses,
): SurveyView {
  return {
    roundId: round.id,
    contractNo: contractNumber(c),
    vendorName: c.vendorName,
    categoryLabel: CATEGORY_LABELS[c.category as keyof typeof CATEGORY_LABELS] ?? c.category,
    periodLabel: periodLabel(round.period),
    closesOn: round.closesOn,
    dimensions: s.dimensions,
  };
}

/** Rounds with their contracts (vendor name included), by round id. */
export async function roundsWithContracts(db: DbOrTx, roundIds: number[]) {
  if (roundIds.length === 0) return [];
  return db
    .select({
      round: surveyRounds,
      contract: {
        id: contracts.id,
        signedOn: contracts.signedOn,
        category: contracts.category,
        clauses: contracts.clauses,
        vendorName: vendors.name,
      },
    })
    .from(surveyRounds)
    .innerJoin(contracts, eq(contracts.id, surveyRounds.contractId))
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .where(inArray(surveyRounds.id, roundIds));
}
