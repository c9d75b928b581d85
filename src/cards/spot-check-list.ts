/**
 * 以往抽查: the spot checks the clicker may open, newest first, a page at a time (keyset,
 * domain/list-page), each with 查看; shown under the 抽查 form and on its own card past page 1.
 */
import { CATEGORY_LABELS, type ServiceCategory } from '../domain/categories';
import { LIST_PAGE_SIZE } from '../domain/list-page';
import { formatPercent } from '../domain/score';
import { button, buttons, card, type Element, md, text } from './kit';

/** A check's scope as a list line shows it (the same fields as spot-check's ScopeView). */
export interface ListedScope {
  units: string[] | null;
  categories: ServiceCategory[] | null;
  fromMonth: string;
  toMonth: string;
  sampleSize: number | null;
  sampleBp: number | null;
}

export interface SpotCheckListRow {
  id: number;
  /** When it was created, Shanghai time (2026-12-07 10:05). */
  createdAt: string;
  createdBy: string;
  scope: ListedScope;
  drawn: boolean;
  samples: number;
  scored: number;
  /** Scored samples whose gap exceeds the tolerance. */
  exceeds: number;
}

export interface SpotCheckListView {
  rows: SpotCheckListRow[];
  /** How many checks the clicker may open in all. */
  total: number;
  /** The ids 上一页 / 下一页 carry, when there is such a page. */
  newer?: number;
  older?: number;
}

/** Units named in a list line: a few, then how many more (a check may span the whole zone's units). */
const NAMED_UNITS = 3;

function scopeLine(s: ListedScope): string {
  const units =
    s.units === null
      ? '全区所有单位'
      : s.units.slice(0, NAMED_UNITS).map(text).join('、') +
        (s.units.length > NAMED_UNITS ? ` 等 ${s.units.length} 个单位` : '');
  const cats = s.categories === null ? '全部类别' : s.categories.map((c) => CATEGORY_LABELS[c]).join('、');
  return `${units} · ${cats} · ${text(s.fromMonth)} 至 ${text(s.toMonth)}`;
}

function resultLine(r: SpotCheckListRow): string {
  if (!r.drawn) {
    const how =
      r.scope.sampleSize !== null ? `${r.scope.sampleSize} 条` : formatPercent(r.scope.sampleBp ?? 0);
    return `尚未抽取(拟抽取 ${how})`;
  }
  const gaps = r.exceeds ? ` · ⚠️ 差距超出容差 ${r.exceeds} 条` : '';
  return `样本 ${r.samples} 条 · 已录入抽查评分 ${r.scored} 条${gaps}`;
}

/** The list, its count and 上一页 / 下一页 (to `spotcheck.list`). */
export function spotCheckListElements(v: SpotCheckListView): Element[] {
  const out: Element[] = [md('**以往抽查**')];
  const shown = v.rows.slice(0, LIST_PAGE_SIZE);
  if (!shown.length) out.push(md('暂无您可查看的抽查。'));
  for (const r of shown)
    out.push(
      md(
        `**抽查 #${r.id}** · ${text(r.createdAt)} · 创建人:${text(r.createdBy)}\n${scopeLine(r.scope)}\n${resultLine(r)}`,
      ),
      buttons([button({ text: '查看', value: { a: 'spotcheck.show', check: r.id } })]),
    );
  const nav = [
    ...(v.newer !== undefined
      ? [button({ text: '上一页', value: { a: 'spotcheck.list', before: v.newer } })]
      : []),
    ...(v.older !== undefined
      ? [button({ text: '下一页', value: { a: 'spotcheck.list', after: v.older } })]
      : []),
  ];
  out.push(md(`您可查看的抽查共 ${v.total} 次,本页 ${shown.length} 次。`));
  if (nav.length) out.push(buttons(nav));
  return out;
}

/** 以往抽查 past its first page (the first is under the 抽查 form). */
export function buildSpotCheckListCard(v: SpotCheckListView) {
  return card({
    title: '以往抽查',
    subtitle: '纪检监察 · 财政部门',
    template: 'wathet',
    summary: '以往抽查',
    elements: [
      ...spotCheckListElements(v),
      buttons([
        button({ text: '新建抽查', value: { a: 'spotcheck.open' } }),
        button({ text: '返回主菜单', value: { a: 'menu.show' } }),
      ]),
    ],
  });
}
