import type { BoardLineKey } from '../domain/board-rules';
import { button, buttons, card, type Element, hr, md, text } from './kit';

/** The board's sections, in the order shown. */
export const BOARD_SECTIONS = [
  'threshold',
  'cluster',
  'gap',
  'split',
  'single_source',
  'overdue',
  'bans',
  'date_anomaly',
  'legal',
  'satisfaction',
] as const;
export type BoardSection = (typeof BOARD_SECTIONS)[number];

export const SECTION_TITLES: Record<BoardSection, string> = {
  threshold: '临近或已达阈值',
  cluster: '评分扎堆',
  gap: '抽查差异',
  split: '拆分采购预警',
  single_source: '单一来源占比',
  overdue: '逾期未办',
  bans: '禁投与解除',
  date_anomaly: '日期异常',
  legal: '法务审核',
  satisfaction: '满意度明显低于考核分',
};

export const SECTION_OF: Record<BoardLineKey, BoardSection> = {
  warning: 'threshold',
  termination: 'threshold',
  ban: 'threshold',
  cluster: 'cluster',
  gap: 'gap',
  split: 'split',
  single_source: 'single_source',
  overdue_score: 'overdue',
  overdue_rect: 'overdue',
  ban_recorded: 'bans',
  ban_lifted: 'bans',
  late_signing: 'date_anomaly',
  late_score: 'date_anomaly',
  unscored_paid: 'date_anomaly',
  review_overdue: 'legal',
  unreviewed: 'legal',
  satisfaction: 'satisfaction',
};

/**
 * One line of the board: what it is about (`key`, `id`: what its detail button carries), the unit it
 * belongs to, its one-line summary and the rows behind it (the detail card). Text is plain; the cards
 * escape it.
 */
export type BoardLine = {
  key: BoardLineKey;
  id: number;
  unitId: number;
  text: string;
  detailTitle: string;
  rows: string[];
  /** How many occurrences the line stands for when more than one (an assessor's late scores); else 1. */
  count?: number;
};

export interface BoardView {
  /** 全园区, or the names of the units of a unit-scoped grant. */
  scopeLabel: string;
  asOf: string;
  lines: BoardLine[];
}

const LINES_PER_SECTION = 20;

/** The read-only board: one section per signal, each line with a button to the rows behind it. */
export function buildBoardCard(v: BoardView) {
  const elements: Element[] = [md(`范围:**${text(v.scopeLabel)}**  截至 ${text(v.asOf)}(只读)`)];
  for (const section of BOARD_SECTIONS) {
    const lines = v.lines.filter((l) => SECTION_OF[l.key] === section);
    elements.push(hr(), md(`**${SECTION_TITLES[section]}**(${lines.length})`));
    if (lines.length === 0) {
      elements.push(md('无'));
      continue;
    }
    for (const l of lines.slice(0, LINES_PER_SECTION)) {
      elements.push(md(`- ${text(l.text)}`));
      elements.push(
        buttons([button({ text: '查看明细', value: { a: 'board.detail', key: l.key, id: l.id } })]),
      );
    }
    if (lines.length > LINES_PER_SECTION)
      elements.push(md(`仅显示前 ${LINES_PER_SECTION} 条,共 ${lines.length} 条。`));
  }
  elements.push(
    hr(),
    md('审计核验:核对全部审计记录是否完整、未被篡改(审计链、外部锚点、缺失的审计记录)。'),
    buttons([
      button({ text: '审计核验', value: { a: 'board.verify' } }),
      button({ text: '复算核验', value: { a: 'board.replay' } }),
      button({ text: '返回主菜单', value: { a: 'menu.show' } }),
    ]),
  );
  return card({
    title: '纪检监察看板',
    subtitle: v.scopeLabel,
    template: 'red',
    summary: '纪检监察看板',
    elements,
  });
}

/** `补签 1 · 逾期补录 3 · 无评分已付 0`: the board's date-anomaly lines, 逾期补录 counted per score. */
export function dateAnomalyCounts(lines: readonly BoardLine[]): string {
  const n = (key: BoardLineKey) =>
    lines.filter((l) => l.key === key).reduce((sum, l) => sum + (l.count ?? 1), 0);
  return `补签 ${n('late_signing')} · 逾期补录 ${n('late_score')} · 无评分已付 ${n('unscored_paid')}`;
}

/** The Monday digest: counts per section for the reader's own scope, and a button to the board. */
export function buildBoardDigestCard(v: BoardView & { week: string }) {
  const counts = BOARD_SECTIONS.map((s) => {
    const lines = v.lines.filter((l) => SECTION_OF[l.key] === s);
    if (s === 'date_anomaly') return `- ${SECTION_TITLES[s]}:${dateAnomalyCounts(lines)}`;
    return `- ${SECTION_TITLES[s]}:${lines.length === 0 ? '无' : `${lines.length} 条`}`;
  });
  return card({
    title: '纪检监察看板周报',
    subtitle: `${v.week} 当周`,
    template: 'red',
    summary: '纪检监察看板周报',
    elements: [
      md(`范围:**${text(v.scopeLabel)}**  截至 ${text(v.asOf)}`),
      md(counts.join('\n')),
      buttons([button({ text: '打开看板', value: { a: 'board.show' }, type: 'primary' })]),
    ],
  });
}
