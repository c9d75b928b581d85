/**
 * A score entry with the month's survey in its management line (rule 7): kept apart from
 * survey-share.ts, which the entry's type refers to.
 */
import type { ContractClauseValues } from './contract';
import { bandOf, finalTenths } from './score';
import type { Entry } from './score-entry';
import { managementLineTenths, type SurveyResult, surveyClausesOf, surveyShown } from './survey-share';

/**
 * The entry with the month's survey in its management line: the typed (or quarter's) management
 * score becomes `assessedManagementTenths`, the line, final score and band are recomputed with the
 * contract's own weights and bands. Without a round that counts the entry only carries what to show.
 */
export function withSurvey(
  entry: Entry,
  clauses: ContractClauseValues,
  survey: { round: { id: number; period: string }; result: SurveyResult } | undefined,
): Entry {
  const sc = surveyClausesOf(clauses);
  if (!sc || !survey) return entry;
  const shown = surveyShown(survey.round, survey.result, sc);
  if (!shown.applied) return { ...entry, survey: shown };
  const assessed = entry.assessedManagementTenths ?? entry.managementTenths;
  const line = managementLineTenths(assessed, survey.result, sc);
  const final = finalTenths(entry.dailyTenths, line, clauses.scoring);
  return {
    ...entry,
    managementTenths: line,
    assessedManagementTenths: assessed,
    finalTenths: final,
    band: bandOf(clauses.deduction.bands, final),
    survey: shown,
  };
}
