/**
 * The pager and filter of the contract-based list cards (合同管理, 结算审核, 专项督查): 筛选 by status,
 * year signed, unit, vendor, standing and a search by contract number or name; the count, always;
 * 上一页 / 下一页 carrying the filter and the page's edge (keyset, domain/list-page).
 */
import { TERM_STATUS_LABELS, TERM_STATUSES } from '../domain/contract-status';
import { type ContractFilter, filterValue, LIST_SEARCH_MAX } from '../domain/list-page';
import { STANDING_LABELS, STANDINGS } from '../domain/standing';
import { button, buttons, card, type Element, form, hr, input, md, select, text } from './kit';

/** The list actions that page this way (each declares the same value fields in cards/values). */
export type PagedList = 'contract.list' | 'settlement.list' | 'inspection.list';

/** A unit or vendor the filter offers. */
export type Choice = { id: number; name: string };

/**
 * The page shown: how many contracts match in all, the filter, the cursors of 上一页 / 下一页 when
 * there is such a page, and the filter's options: the years contracts were signed in, and the
 * units and vendors with the most contracts (`unitCount` / `vendorCount` of them in all; the search
 * finds the others by name).
 */
export interface ListPage {
  total: number;
  filter: ContractFilter;
  newer?: number;
  older?: number;
  years: number[];
  units: Choice[];
  unitCount: number;
  vendors: Choice[];
  vendorCount: number;
}

export const filterActive = (f: ContractFilter) =>
  Boolean(f.status || f.year || f.unit || f.vendor || f.standing || f.q);

const ANY = { text: '全部', value: 'all' };

/** A select of units or vendors; a chosen one not among them (not offered) stays chosen by its number. */
function choiceSelect(name: string, placeholder: string, all: Choice[], chosen: number | undefined) {
  const options = all.map((c) => ({ text: [...c.name].slice(0, 20).join(''), value: String(c.id) }));
  if (chosen && !all.some((c) => c.id === chosen))
    options.push({ text: `已选(编号 ${chosen})`, value: String(chosen) });
  return select({ name, placeholder, options: [ANY, ...options], initial: chosen ? String(chosen) : 'all' });
}

/** What the list is narrowed to, in words: `筛选:履行中 · 预警 · 某单位`. */
function filterSummary(f: ContractFilter, units: Choice[], vendors: Choice[]): string {
  const named = (all: Choice[], id: number | undefined) => all.find((c) => c.id === id)?.name;
  const parts = [
    f.status && !(f.standing && f.status === 'running') && TERM_STATUS_LABELS[f.status],
    f.standing && `履行中 · ${STANDING_LABELS[f.standing]}`,
    f.year && `${f.year}年签订`,
    f.unit && (named(units, f.unit) ?? `单位编号 ${f.unit}`),
    f.vendor && (named(vendors, f.vendor) ?? `供应商编号 ${f.vendor}`),
    f.q && `“${f.q}”`,
  ].filter((x): x is string => Boolean(x));
  return parts.map((p) => text(p)).join(' · ');
}

/** What each paged list lists, for the filter card's title and its way back. */
const LIST_TITLES: Record<PagedList, string> = {
  'contract.list': '合同管理',
  'settlement.list': '结算审核',
  'inspection.list': '专项督查',
};

/**
 * The list's filter bar: what it is narrowed to, in words, with 筛选 (the filter card, kept apart so a
 * page of 20 rows and its buttons stay within a card's 200 elements and a phone's screen) and
 * 清除筛选 when a filter is set.
 */
export function filterBar(action: PagedList, p: ListPage): Element[] {
  const f = p.filter;
  return [
    ...(filterActive(f) ? [md(`筛选:${filterSummary(f, p.units, p.vendors)}`)] : []),
    buttons([
      button({ text: '筛选', value: { a: action, edit: true, ...filterValue(f) } }),
      ...(filterActive(f) ? [button({ text: '清除筛选', value: { a: action } })] : []),
    ]),
  ];
}

/**
 * 筛选 as a card of its own: status, year signed, unit, vendor, standing and a search by contract
 * number or name, combined, each showing what is chosen now; 查看 lists page 1 with them, 返回列表
 * the list as it was.
 */
export function buildListFilterCard(action: PagedList, p: ListPage) {
  const { filter: f, years } = p;
  const any = ANY;
  const elements: Element[] = [
    md(filterActive(f) ? `当前筛选:${filterSummary(f, p.units, p.vendors)}` : '当前未筛选,列出全部合同。'),
    form(`${action.replace('.', '_')}_filter`, [
      select({
        name: 'list_status',
        placeholder: '合同状态',
        options: [any, ...TERM_STATUSES.map((s) => ({ text: TERM_STATUS_LABELS[s], value: s }))],
        initial: f.status ?? 'all',
      }),
      select({
        name: 'list_year',
        placeholder: '签订年度',
        options: [
          any,
          ...[...new Set([...years, ...(f.year ? [f.year] : [])])].map((y) => ({
            text: `${y}年`,
            value: String(y),
          })),
        ],
        initial: f.year ? String(f.year) : 'all',
      }),
      ...(p.units.length > 1 || f.unit ? [choiceSelect('list_unit', '单位', p.units, f.unit)] : []),
      ...(p.vendors.length > 1 || f.vendor
        ? [choiceSelect('list_vendor', '供应商', p.vendors, f.vendor)]
        : []),
      select({
        name: 'list_standing',
        placeholder: '合同态势(履行中)',
        options: [any, ...STANDINGS.map((s) => ({ text: `履行中 · ${STANDING_LABELS[s]}`, value: s }))],
        initial: f.standing ?? 'all',
      }),
      input({
        name: 'list_q',
        label: '合同编号或名称',
        placeholder: '如 HT-2026-0012、保洁、供应商或单位名称',
        max: LIST_SEARCH_MAX,
        ...(f.q ? { value: f.q } : {}),
      }),
      buttons([
        button({
          text: '查看',
          value: { a: action },
          type: 'primary',
          submit: true,
          name: 'filter_submit',
        }),
      ]),
    ]),
    ...(p.unitCount > p.units.length || p.vendorCount > p.vendors.length
      ? [
          md(
            `单位、供应商各列出合同最多的 ${Math.max(p.units.length, p.vendors.length)} 个(共 ${p.unitCount} 个单位、${p.vendorCount} 家供应商);其他请在搜索框输入名称。`,
          ),
        ]
      : []),
    md('各项同时生效;选「全部」即不限。'),
    hr(),
    buttons([
      button({ text: '返回列表', value: { a: action, ...filterValue(f) } }),
      button({ text: '清除筛选', value: { a: action } }),
    ]),
  ];
  const title = `筛选${LIST_TITLES[action]}`;
  return card({ title, template: 'wathet', summary: title, elements });
}

/** The count, always, and 上一页 / 下一页 carrying the filter and the page's edge. */
export function pager(action: PagedList, p: ListPage, shown: number): Element[] {
  const f = filterValue(p.filter);
  const nav = [
    ...(p.newer !== undefined
      ? [button({ text: '上一页', value: { a: action, before: p.newer, ...f } })]
      : []),
    ...(p.older !== undefined
      ? [button({ text: '下一页', value: { a: action, after: p.older, ...f } })]
      : []),
  ];
  return [
    md(`${filterActive(p.filter) ? '符合条件的合同' : '合同'}共 ${p.total} 份,本页 ${shown} 份。`),
    ...(nav.length ? [buttons(nav)] : []),
  ];
}
