/**
 * 满意度明显低于考核分: closed survey rounds that count (at least the contract's
 * minimum answers) whose months' final scores stand the policy's gap (survey.boardGapPoints, the
 * newest version's) or more above the round's satisfaction on the 100-point scale. A question for the
 * inspector, not a rule. Rounds closed within the same window as 抽查差异; one line per round, in the
 * board's units. Only counts, means and scores are read: never who answered, never a comment.
 */
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { BoardLine } from '../../cards/board';
import type { DbOrTx } from '../../db/client';
import { loadPolicy } from '../../db/policy';
import { contracts, monthlyScores, surveyAnswers, surveyRounds, units, vendors } from '../../db/schema';
import { CLUSTER_WINDOW_MONTHS } from '../../domain/board-rules';
import { contractNumber } from '../../domain/contract-format';
import { addMonths, monthOfDate } from '../../domain/months';
import { formatTenths } from '../../domain/ratio';
import { satisfactionGap } from '../../domain/satisfaction-gap';
import { monthLabel } from '../../domain/score-window';
import { periodLabel, periodMonths } from '../../domain/survey';
import { formatMean, surveyResult } from '../../domain/survey-share';
import { type BoardScope, unitList } from './scope';

export async function satisfactionGaps(db: DbOrTx, s: BoardScope, today: string): Promise<BoardLine[]> {
  const policy = await loadPolicy(db);
  const gapPoints = policy.survey?.boardGapPoints;
  if (gapPoints === undefined) return [];
  const from = `${addMonths(monthOfDate(today), -(CLUSTER_WINDOW_MONTHS - 1))}-01`;
  const rounds = await db
    .select({ round: surveyRounds, contract: contracts, vendor: vendors.name, unitName: units.name })
    .from(surveyRounds)
    .innerJoin(contracts, eq(contracts.id, surveyRounds.contractId))
    .innerJoin(vendors, eq(vendors.id, contracts.vendorId))
    .innerJoin(units, eq(units.id, contracts.unitId))
    .where(
      and(
        lt(surveyRounds.closesOn, today),
        gte(surveyRounds.closesOn, from),
        s.units === null ? undefined : inArray(contracts.unitId, unitList(s)),
      ),
    )
    .orderBy(asc(surveyRounds.closesOn), asc(surveyRounds.id));
  const counted = rounds.filter((r) => r.contract.clauses.survey);
  if (counted.length === 0) return [];
  const ids = counted.map((r) => r.round.id);
  const answers = await db
    .select({ roundId: surveyAnswers.roundId, ratings: surveyAnswers.ratings })
    .from(surveyAnswers)
    .where(inArray(surveyAnswers.roundId, ids));
  const scores = await db
    .select({
      contractId: monthlyScores.contractId,
      month: monthlyScores.month,
      finalTenths: monthlyScores.finalTenths,
    })
    .from(monthlyScores)
    .where(
      and(
        eq(monthlyScores.current, true),
        inArray(monthlyScores.contractId, [...new Set(counted.map((r) => r.contract.id))]),
      ),
    );
  const lines: BoardLine[] = [];
  for (const { round, contract, vendor, unitName } of counted) {
    const sc = contract.clauses.survey!;
    const result = surveyResult(
      answers.filter((a) => a.roundId === round.id),
      sc,
    );
    const months = periodMonths(round.period);
    const scored = months.flatMap((m) => {
      const row = scores.find((x) => x.contractId === contract.id && x.month === m);
      return row ? [{ month: m, finalTenths: row.finalTenths }] : [];
    });
    const gap = satisfactionGap(
      scored.map((x) => x.finalTenths),
      result,
      gapPoints,
    );
    if (!gap?.listed) continue;
    const no = contractNumber(contract);
    const label = periodLabel(round.period);
    const mean = formatMean(BigInt(result.sum), BigInt(result.count * result.dimensions));
    const score =
      scored.length > 1
        ? `各月考核均分 ${formatTenths(gap.averageTenths)} 分`
        : `考核 ${formatTenths(gap.averageTenths)} 分`;
    lines.push({
      key: 'satisfaction',
      id: round.id,
      unitId: contract.unitId,
      text: `满意度明显低于考核分:${unitName} 合同 ${no}(${vendor})${label} ${score},满意度 ${mean}/5(折合 ${formatTenths(gap.satisfactionTenths)} 分),请核实`,
      detailTitle: `满意度明显低于考核分 · 合同 ${no} ${label}`,
      rows: [
        `测评期间:${label}(${round.opensOn} 至 ${round.closesOn})`,
        `答卷:${result.count} 份(不少于 ${result.minAnswers} 份,计入),均分 ${mean}/5,折合 ${formatTenths(gap.satisfactionTenths)} 分`,
        `各维度均分:${result.perDimension.map((d) => `${d.name} ${formatMean(BigInt(d.sum), BigInt(result.count))}`).join(';')}`,
        ...scored.map((x) => `${monthLabel(x.month)}:最终得分 ${formatTenths(x.finalTenths)} 分`),
        `考核分高出满意度 ${formatTenths(gap.gapTenths)} 分,达到看板提示线 ${gapPoints} 分(政策第${policy.version}版)`,
        '提请核实:服务对象的评价与考核人的评分为何相差较大。此项为提示,不是扣分或处理依据。',
      ],
    });
  }
  return lines;
}
