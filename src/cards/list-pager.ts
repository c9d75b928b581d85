/**
 * The pager and filter of the contract-based list cards (合同管理, 结算审核): 筛选 by status, year
 * signed and a search by contract number or name; the count, always; 上一页 / 下一页 carrying the
 * filter and the page's edge (keyset, domain/list-page).
 */
import { TERM_STATUS_LABELS, TERM_STATUSES } from '../domain/contract-status';
import { type ContractFilter, filterValue, LIST_SEARCH_MAX } from '../domain/list-page';
import { button, buttons, type Element, form, input, md, select } from './kit';

/** The list actions that page this way (each declares the same value fields in cards/values). */
export type PagedList = 'contract.list' | 'settlement.list' | 'inspection.list';

/**
 * The page shown: how many contracts match in all, the filter, the cursors of 上一页 / 下一页 when
 * there is such a page, and the years contracts were signed in (the year filter's options).
 */
export interface ListPage {
  total: number;
  filter: ContractFilter;
  newer?: number;
  older?: number;
  years: number[];
}

export const filterActive = (f: ContractFilter) => Boolean(f.status || f.year || f.q);

/** 筛选: status, year signed and a search by contract number or name, combined; 清除筛选 when set. */
export function filterForm(action: PagedList, f: ContractFilter, years: number[]): Element[] {
  const any = { text: '全部', value: 'all' };
  return [
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
      input({
        name: 'list_q',
        label: '合同编号或名称',
        placeholder: '如 HT-2026-0012、保洁、供应商名称',
        max: LIST_SEARCH_MAX,
        ...(f.q ? { value: f.q } : {}),
      }),
      buttons([
        button({
          text: '筛选',
          value: { a: action },
          type: 'primary',
          submit: true,
          name: 'filter_submit',
        }),
      ]),
    ]),
    ...(filterActive(f) ? [buttons([button({ text: '清除筛选', value: { a: action } })])] : []),
  ];
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
