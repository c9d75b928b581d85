/**
 * The Chinese texts of the threshold engine (rules 8 and 9): what happened and what comes next.
 * Pure: every number comes in; scores are tenths, thresholds shown without a trailing `.0`.
 */

import { addMonths, monthParts } from '../domain/months';
import { formatPoints, formatTenths } from '../domain/score';
import type { ContractClauses, Month, Warning } from '../domain/threshold';

/** `2026-03` → `2026年3月`. */
export function monthLabel(m: Month): string {
  const p = monthParts(m);
  return `${p.year}年${p.month}月`;
}

/** `2026年1月 75.0分、2026年3月 78.0分` (a month without a score shows 未评分). */
export function monthsWithScores(months: Month[], byMonth: Map<Month, number>): string {
  return months
    .map((m) => {
      const v = byMonth.get(m);
      return `${monthLabel(m)} ${v === undefined ? '未评分' : `${formatTenths(v)}分`}`;
    })
    .join('、');
}

/** `连续2个月考核得分低于80分` / `合同期内累计3次考核得分低于80分`. */
export function ruleText(rule: 'consecutive' | 'cumulative', c: ContractClauses): string {
  const t = c.termination;
  const line = formatPoints(t.belowTenths);
  return rule === 'consecutive'
    ? `连续${t.consecutiveMonths}个月考核得分低于${line}分`
    : `合同期内累计${t.cumulativeMonths}次考核得分低于${line}分`;
}

export type WarningInput = {
  vendorName: string;
  clauses: ContractClauses;
  term: { endMonth: Month };
  byMonth: Map<Month, number>;
};

/** The early warning of rule 9 as a title and a paragraph. */
export function warningMessage(w: Warning, x: WarningInput): { title: string; text: string } {
  const t = x.clauses.termination;
  const line = formatPoints(t.belowTenths);
  const v = x.vendorName;
  if (w.kind === 'consecutive') {
    const last = w.months[w.months.length - 1]!;
    const what =
      w.months.length === 1
        ? `${v} ${monthLabel(last)}考核得分${formatTenths(x.byMonth.get(last) ?? 0)}分,低于${line}分。`
        : `${v} 已连续${w.months.length}个月考核得分低于${line}分(${monthsWithScores(w.months, x.byMonth)})。`;
    const next =
      addMonths(last, 1) <= x.term.endMonth ? `如下月(${monthLabel(addMonths(last, 1))})` : '如相邻月份';
    return {
      title: '考核预警:再有1个月低于标准将产生清退权',
      text: `${what}${next}仍低于${line}分,将产生清退权(连续${t.consecutiveMonths}个月低于${line}分,采购人可解除合同)。`,
    };
  }
  if (w.kind === 'cumulative') {
    return {
      title: `考核预警:累计第${w.months.length}次低于${line}分`,
      text:
        `${v} 合同期内已累计${w.months.length}个月考核得分低于${line}分(${monthsWithScores(w.months, x.byMonth)})。` +
        `如再有1个月低于${line}分,将产生清退权(累计${t.cumulativeMonths}次低于${line}分,采购人可解除合同)。`,
    };
  }
  const s = w.standing;
  const target = formatPoints(x.clauses.bidBan.annualAverageBelowTenths);
  const head = `${v} ${s.year}年已考核${s.scoredMonths}个月,月均得分${s.averageDisplay}分`;
  const body = s.reachable
    ? `余下${s.remainingMonths}个月须平均达到${s.neededDisplay}分,年度月均才能达到${target}分,已高于该供应商本合同的最高月度得分。`
    : `即使余下${s.remainingMonths}个月均得满分,年度月均也已无法达到${target}分。`;
  return {
    title: `考核预警:${s.year}年度月均${s.reachable ? '难以' : '已无法'}达到${target}分`,
    text: `${head}。${body}年度月均低于${target}分的,次年不得参与该项目投标。`,
  };
}
