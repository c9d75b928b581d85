/**
 * The month's satisfaction survey as the score cards say it (满意度测评, rule 7): counts, the mean and
 * its share in the management line; never who answered.
 */
import { formatPercent, formatTenths } from '../domain/score';
import type { SurveyShown } from '../domain/survey-share';
import { text } from './kit';

/** Beside the management field: the closed round's result, 样本不足, or no round. */
export function surveyNoteText(s: SurveyShown | 'none'): string {
  if (s === 'none') return '满意度测评:本期没有已结束的测评,不计入,管理考核得分按考核人评分计。';
  if (!s.applied)
    return `满意度测评(${text(s.period)}):样本不足(${s.count} 份,少于 ${s.minAnswers} 份),不计入。`;
  const own = formatPercent(10_000 - s.shareBp);
  return (
    `满意度测评(${text(s.period)}):${s.count} 份答卷,均分 ${s.mean}/5,` +
    `计入管理考核 ${formatPercent(s.shareBp)}(折合 ${formatTenths(s.pointsTenths)} 分)。` +
    `管理考核得分 = 考核人评分 × ${own} + 满意度 × ${formatPercent(s.shareBp)}。`
  );
}

/** The management line with its parts, when a survey's share is in it. */
export function managementLineText(e: {
  managementTenths: number;
  assessedManagementTenths?: number | null;
  survey?: SurveyShown;
}): string {
  const line = `管理考核得分:**${formatTenths(e.managementTenths)}**`;
  const s = e.survey;
  if (!s) return line;
  if (!s.applied || e.assessedManagementTenths == null) return `${line}\n${surveyNoteText(s)}`;
  return (
    `${line}(考核人评分 ${formatTenths(e.assessedManagementTenths)} × ${formatPercent(10_000 - s.shareBp)}` +
    ` + 满意度 ${formatTenths(s.pointsTenths)} × ${formatPercent(s.shareBp)},四舍五入到一位小数)\n` +
    `满意度测评(${text(s.period)}):${s.count} 份答卷,均分 ${s.mean}/5`
  );
}

/** The survey's part in a corrected management line, for the correction's recorded card. */
export function surveyPartsText(e: {
  assessedManagementTenths?: number | null;
  survey?: SurveyShown;
}): string {
  const s = e.survey;
  if (!s) return '';
  if (!s.applied || e.assessedManagementTenths == null) return surveyNoteText(s);
  return (
    `其中考核人评分 ${formatTenths(e.assessedManagementTenths)} × ${formatPercent(10_000 - s.shareBp)}` +
    ` + 满意度 ${formatTenths(s.pointsTenths)} × ${formatPercent(s.shareBp)}` +
    `(满意度测评 ${text(s.period)}:${s.count} 份答卷,均分 ${s.mean}/5)`
  );
}
