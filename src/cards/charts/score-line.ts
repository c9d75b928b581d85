/**
 * A contract's monthly final scores over its term as a line, with the contract's two bars drawn
 * across it (rule 8's termination line, rule 10's ban line) and the months below the termination
 * line marked by a second, red series over the same months. A month without a score is a gap
 * (`invalidType: 'break'`), never a zero.
 */
import { formatPoints, formatTenths } from '../../domain/score';
import { type Element, hr, md } from '../kit';
import { BLUE, bottomLegend, chartElement, type LineSpec, type MarkLineSpec, PADDING, RED } from './chart';

export interface ScoreLineData {
  /** Every month of the term (`YYYY-MM`), in order: at most 36 are drawn, the latest. */
  months: string[];
  /** The current final score of each scored month, in tenths: the checker's where it stands. */
  scores: { month: string; finalTenths: number }[];
  /** The months whose spot check's score stands (rule 12), with the assessor's score it replaces. */
  standing?: { month: string; assessorTenths: number; checkerTenths: number }[];
  /** The months whose first score came after their due date (逾期补录), each with its label. */
  late?: { month: string; label: string }[];
  /** Below this a month counts toward termination (rule 8): 80 by default. */
  belowTenths: number;
  /** A year average below this bans the vendor (rule 10): 85 by default. */
  banTenths: number;
  /**
   * The closed satisfaction survey rounds (满意度测评), drawn at their period's last month: counts and
   * means only. A round below the minimum (样本不足) is named in the text, never drawn.
   */
  surveys?: SurveyPoint[];
}

export type SurveyPoint = {
  period: string;
  /** The period's last month: where the point is drawn. */
  month: string;
  count: number;
  minAnswers: number;
  /** `4.35` */
  mean: string;
  /** The mean on the 100-point scale, tenths. */
  pointsTenths: number;
  enough: boolean;
};

export const MAX_MONTHS = 36;
const SCORE = '月度得分';
const BELOW = '低于清退线';
const SURVEY = '满意度(百分制)';
const GREEN = '#34c724';

/**
 * The two rule lines sit 5 points apart, a few px on a phone: the lower one's label goes under its
 * line at the start, the upper one's over its line at the end, so the two never overlap.
 */
type LabelSide = 'insideStartBottom' | 'insideEndTop';

function ruleLine(tenths: number, label: string, colour: string, side: LabelSide): MarkLineSpec {
  return {
    y: tenths / 10,
    label: { visible: true, text: `${formatPoints(tenths)} ${label}`, position: side },
    line: { style: { stroke: colour, lineDash: [4, 4], lineWidth: 1 } },
    endSymbol: { visible: false },
  };
}

/** The line chart spec; undefined when the term has no month to draw. */
export function scoreLineSpec(d: ScoreLineData): LineSpec | undefined {
  const months = d.months.slice(-MAX_MONTHS);
  if (months.length === 0) return undefined;
  const byMonth = new Map(d.scores.map((s) => [s.month, s.finalTenths]));
  const point = (month: string, series: string, shown: boolean) => {
    const t = byMonth.get(month);
    const value = shown && t !== undefined ? t / 10 : null;
    // Only the red points carry a label: the months that count toward termination.
    const label = series === BELOW && value !== null && t !== undefined ? formatTenths(t) : '';
    return { m: month, s: value, series, label };
  };
  const below = (m: string) => (byMonth.get(m) ?? Number.POSITIVE_INFINITY) < d.belowTenths;
  const values = [
    ...months.map((m) => point(m, SCORE, true)),
    ...months.map((m) => point(m, BELOW, below(m))),
  ];
  // The survey is a third series only when a counted round falls in the drawn months.
  const shownMonths = new Set(months);
  const surveys = new Map(
    (d.surveys ?? []).filter((s) => s.enough && shownMonths.has(s.month)).map((s) => [s.month, s]),
  );
  if (surveys.size)
    values.push(
      ...months.map((m) => {
        const s = surveys.get(m);
        return { m, s: s ? s.pointsTenths / 10 : null, series: SURVEY, label: '' };
      }),
    );
  const lowest = Math.min(
    d.belowTenths,
    ...[...byMonth.values()],
    ...[...surveys.values()].map((s) => s.pointsTenths),
  );
  const banAbove = d.banTenths >= d.belowTenths;
  return {
    type: 'line',
    padding: PADDING,
    title: { visible: true, text: '月度考核得分' },
    data: [{ id: 'scores', values }],
    xField: 'm',
    yField: 's',
    seriesField: 'series',
    invalidType: 'break',
    // A scale, not a list: the red stays on the months below even when none is below yet.
    color: surveys.size
      ? { type: 'ordinal', domain: [SCORE, BELOW, SURVEY], range: [BLUE, RED, GREEN] }
      : { type: 'ordinal', domain: [SCORE, BELOW], range: [BLUE, RED] },
    point: { style: { size: 6 } },
    line: { style: { lineWidth: 2 } },
    label: { visible: true, formatter: '{label}' },
    axes: [
      { orient: 'left', type: 'linear', min: Math.max(0, Math.floor(lowest / 100) * 10 - 10), max: 100 },
      { orient: 'bottom', type: 'band' },
    ],
    markLine: [
      ruleLine(d.belowTenths, '清退线', RED, banAbove ? 'insideStartBottom' : 'insideEndTop'),
      ruleLine(d.banTenths, '禁投线', '#ff8800', banAbove ? 'insideEndTop' : 'insideStartBottom'),
    ],
    legends: bottomLegend,
  };
}

export function scoreLineChart(d: ScoreLineData) {
  const spec = scoreLineSpec(d);
  // 340 px: the title, a legend of two rows (with the survey) and the axis keep about 150 of them.
  return spec && chartElement(spec, 340);
}

/**
 * The chart with its numbers in words under it (a phone that cannot draw the chart still reads
 * them): the months scored, and which ones fell below the termination line. Nothing before any month.
 */
export function scoreChartBlock(d: ScoreLineData | undefined): Element[] {
  const chart = d && scoreLineChart(d);
  if (!d || !chart) return [];
  const shown = new Set(d.months.slice(-MAX_MONTHS));
  const scored = d.scores.filter((s) => shown.has(s.month)).sort((a, b) => (a.month < b.month ? -1 : 1));
  const below = scored.filter((s) => s.finalTenths < d.belowTenths);
  const lines = [
    `已考核 ${scored.length} 个月` +
      (scored.length ? `,最近 ${scored.at(-1)!.month}:${formatTenths(scored.at(-1)!.finalTenths)}分` : ''),
    below.length
      ? `低于${formatPoints(d.belowTenths)}分:${below.map((s) => `${s.month} ${formatTenths(s.finalTenths)}`).join('、')}`
      : `没有低于${formatPoints(d.belowTenths)}分的月份`,
  ];
  const standing = (d.standing ?? []).filter((s) => shown.has(s.month));
  if (standing.length)
    lines.push(
      `按抽查评分计的月份（与考核人评分差距超出容差）:${standing
        .map(
          (s) =>
            `${s.month} 抽查 ${formatTenths(s.checkerTenths)}分（考核人 ${formatTenths(s.assessorTenths)}分）`,
        )
        .join('、')}`,
    );
  const late = (d.late ?? []).filter((s) => shown.has(s.month));
  if (late.length) lines.push(`逾期补录的月份:${late.map((s) => `${s.month} ${s.label}`).join('、')}`);
  const surveys = (d.surveys ?? []).filter((s) => shown.has(s.month));
  if (surveys.length) lines.push(`满意度测评:${surveys.map(surveyText).join(';')}`);
  return [hr(), chart, md(lines.join('\n'))];
}

/** One closed round as the contract card says it: counts and the mean, or 样本不足. */
export function surveyText(s: SurveyPoint): string {
  return s.enough
    ? `${s.period} ${s.count} 份,均分 ${s.mean}/5(折合 ${formatTenths(s.pointsTenths)} 分)`
    : `${s.period} 样本不足(${s.count} 份,少于 ${s.minAnswers} 份),不计入`;
}
