/**
 * 满意度测评: the closed survey rounds of the contracts a score export covers (one contract, or the
 * year's ledger with its own visibility), one row per round: answers, the mean overall and per
 * dimension, the survey points, whether it counted (样本不足 otherwise) and the comments. Anonymous
 * (rule 7): no column, order or text says who answered; comments are sorted by their own text.
 */
import type { Sql } from '../../../db/client';
import type { ContractClauseValues } from '../../../domain/contract';
import { contractNumber } from '../../../domain/contract-format';
import { formatMean, meanText, surveyPointsTenths, surveyResult } from '../../../domain/survey-share';
import type { SheetRun } from './common';
import type { LedgerScope } from './score-ledger';

type Round = {
  id: string;
  contract_id: string;
  signed_on: string;
  unit: string;
  vendor: string;
  period: string;
  clauses: ContractClauseValues;
  answers: { ratings: Record<string, number>; comment: string | null }[];
};

export type SurveyScope = { contractId: number } | LedgerScope;

/** The rounds in scope, closed before `today`, with their answers' ratings and comments only. */
async function roundsOf(sql: Sql, scope: SurveyScope, today: string): Promise<Round[]> {
  const filter =
    'year' in scope
      ? sql`left(r.period, 4) = ${String(scope.year)}
          and (${scope.unitIds === null} or c.unit_id = any(${scope.unitIds ?? []}::bigint[])
            or c.leader_id = ${scope.personId}
            or exists (select 1 from contract_assessors a where a.contract_id = c.id and a.person_id = ${scope.personId}))
          and (${scope.unitId === undefined} or c.unit_id = ${scope.unitId ?? 0})`
      : sql`c.id = ${scope.contractId}`;
  return sql<Round[]>`
    select r.id, c.id as contract_id, c.signed_on, u.name as unit, v.name as vendor, r.period, c.clauses,
      coalesce((select jsonb_agg(jsonb_build_object('ratings', a.ratings, 'comment', a.comment)
                  order by a.comment)
                from survey_answers a where a.round_id = r.id), '[]'::jsonb) as answers
    from survey_rounds r
    join contracts c on c.id = r.contract_id
    join units u on u.id = c.unit_id
    join vendors v on v.id = c.vendor_id
    where r.closes_on < ${today} and c.clauses ? 'survey' and ${filter}
    order by u.id, c.id, r.period`;
}

/** Writes the 满意度测评 sheet when there is a round to show; the rows written (0: no sheet). */
export async function surveysSheet(r: SheetRun<SurveyScope>): Promise<number> {
  const rounds = await roundsOf(r.sql as Sql, r.scope, r.today);
  if (rounds.length === 0) return 0;
  r.writer.sheet({
    name: '满意度测评',
    title: '满意度测评(匿名:只列份数、均分和意见)',
    landscape: true,
    columns: [
      { header: '合同编号', type: 'text', width: 14 },
      { header: '单位', type: 'text', width: 16 },
      { header: '供应商', type: 'text', width: 24 },
      { header: '测评期间', type: 'text', width: 10 },
      { header: '答卷数', type: 'int' },
      { header: '最低份数', type: 'int' },
      { header: '均分(满分5)', type: 'text', width: 10 },
      { header: '各维度均分', type: 'text', width: 40 },
      { header: '折合分(百分制)', type: 'score', width: 12 },
      { header: '计入管理考核', type: 'text', width: 14 },
      { header: '意见', type: 'text', width: 60 },
    ],
  });
  for (const round of rounds) {
    const sc = round.clauses.survey!;
    const result = surveyResult(round.answers, sc);
    const counted = result.enough && result.count > 0;
    const perDimension = result.count
      ? result.perDimension
          .map((d) => `${d.name} ${formatMean(BigInt(d.sum), BigInt(result.count))}`)
          .join(';')
      : null;
    const comments = round.answers
      .map((a) => (a.comment ?? '').trim())
      .filter((c) => c !== '')
      .sort();
    await r.writer.row([
      contractNumber({ id: Number(round.contract_id), signedOn: round.signed_on }),
      round.unit,
      round.vendor,
      round.period,
      result.count,
      result.minAnswers,
      meanText(result),
      perDimension,
      result.count ? surveyPointsTenths(result) / 10 : null,
      counted ? `计入 ${sc.shareBp / 100}%` : '样本不足,不计入',
      comments.length ? comments.join('\n') : null,
    ]);
  }
  return rounds.length;
}
