import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { contracts, monthlyScores, quarterScores, rectificationItems } from '../db/schema';
import { shanghaiDate } from '../domain/calendar';
import { contractNumber } from '../domain/contract-format';
import { formatTenths } from '../domain/ratio';
import { overdueWorkingDays } from '../domain/rectification-overdue';
import { monthLabel } from '../domain/score-window';
import { periodLabel } from '../domain/survey';
import { meanText, surveyPointsTenths } from '../domain/survey-share';
import { satisfactionGaps } from '../features/board/satisfaction';
import { closedSurveysOf } from '../features/surveys/closed';

/**
 * The quarterly contract's story in a few lines, read back from the database: the quarter scores, each
 * survey round (counted or 样本不足, counts and means only), the months' final scores, the daily
 * problem closed late, and the board's question.
 */
export async function quarterSummary(db: Db, contractId: number, now: Date): Promise<string[]> {
  const today = shanghaiDate(now);
  const [c] = await db.select().from(contracts).where(eq(contracts.id, contractId));
  const contract = c!;
  const quarters = await db
    .select({ quarter: quarterScores.quarter, tenths: quarterScores.managementTenths })
    .from(quarterScores)
    .where(and(eq(quarterScores.contractId, contractId), eq(quarterScores.current, true)))
    .orderBy(asc(quarterScores.quarter));
  const rounds = await closedSurveysOf(db, contract, today);
  const scores = await db
    .select({ month: monthlyScores.month, finalTenths: monthlyScores.finalTenths })
    .from(monthlyScores)
    .where(and(eq(monthlyScores.contractId, contractId), eq(monthlyScores.current, true)))
    .orderBy(asc(monthlyScores.month));
  const items = await db
    .select()
    .from(rectificationItems)
    .where(and(eq(rectificationItems.contractId, contractId), eq(rectificationItems.source, 'daily')))
    .orderBy(asc(rectificationItems.id));
  const roundIds = new Set(rounds.map((r) => r.round.id));
  const asked = (await satisfactionGaps(db, { units: null }, today)).filter((l) => roundIds.has(l.id));
  return [
    `\n## 季度考核与满意度测评小结(合同 ${contractNumber(contract)})`,
    `- 管理考核周期:按季度。${quarters.map((q) => `${periodLabel(q.quarter)}录入一次 ${formatTenths(q.tenths)} 分`).join(',')},适用于该季度各月`,
    ...rounds.map(({ round, result }) =>
      result.enough && result.count > 0
        ? `- 满意度测评 ${periodLabel(round.period)}:${result.count} 份答卷,均分 ${meanText(result)}/5(折合 ${formatTenths(surveyPointsTenths(result))} 分),已计入管理考核`
        : `- 满意度测评 ${periodLabel(round.period)}:${result.count} 份答卷,样本不足(少于 ${result.minAnswers} 份),不计入`,
    ),
    `- 月度得分:${scores.map((s) => `${monthLabel(s.month)} ${formatTenths(s.finalTenths)}`).join(',')}`,
    ...items.map((i) => {
      const submitted = i.submittedAt ? shanghaiDate(i.submittedAt) : null;
      const late = overdueWorkingDays(i.dueOn, submitted, today);
      const closed = i.closedAt ? `,${shanghaiDate(i.closedAt)} 销号` : ',尚未销号';
      return `- 日常考核问题整改:「${i.finding}」(${i.month ? monthLabel(i.month) : ''}扣分转整改),期限 ${i.dueOn},${submitted ? `${submitted} ` : '未'}提交整改${late > 0 ? `(逾期 ${late} 个工作日)` : ''}${closed}`;
    }),
    ...(asked.length
      ? asked.map((l) => `- 看板提示:${l.text}`)
      : ['- 看板提示:无满意度明显低于考核分的测评期']),
  ];
}
