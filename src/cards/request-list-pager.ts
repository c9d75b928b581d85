/**
 * The pager and filter of the request lists (采购与合同, 我的申请): 筛选 by status, filing year, unit
 * (采购与合同 only) and a search; the count, always; 上一页 / 下一页 carrying the filter and the
 * page's edge (keyset, domain/list-page). The fields are `req_*`, apart from the contract lists'.
 */
import { LIST_SEARCH_MAX } from '../domain/list-page';
import {
  type RequestFilter,
  requestFilterActive,
  requestFilterValue,
  UNIT_OPTIONS_MAX,
} from '../domain/request-list-filter';
import { button, buttons, type Element, form, input, md, select } from './kit';

/** The request lists that page this way (each declares its value fields in cards/values). */
export type RequestList = 'procurement.list' | 'purchase.mine';

/**
 * The page shown: how many requests match in all, the filter, the cursors of 上一页 / 下一页 when
 * there is such a page, the filing years (the year filter's options) and, for 采购与合同, the units
 * the reader files for (the unit filter's options).
 */
export interface RequestListPage<S extends string = string> {
  total: number;
  filter: RequestFilter<S>;
  newer?: number;
  older?: number;
  years: number[];
  units?: { id: number; name: string }[];
}

/** 筛选: the list's statuses, filing year, unit (when offered) and a search, combined; 清除筛选 when set. */
export function requestFilterForm(
  action: RequestList,
  p: RequestListPage,
  statuses: Record<string, string>,
): Element[] {
  const f = p.filter;
  const any = { text: '全部', value: 'all' };
  const years = [...new Set([...p.years, ...(f.year ? [f.year] : [])])];
  return [
    form(`${action.replace('.', '_')}_filter`, [
      select({
        name: 'req_status',
        placeholder: '状态',
        options: [any, ...Object.entries(statuses).map(([value, text]) => ({ text, value }))],
        initial: f.status ?? 'all',
      }),
      select({
        name: 'req_year',
        placeholder: '提交年度',
        options: [any, ...years.map((y) => ({ text: `${y}年`, value: String(y) }))],
        initial: f.year ? String(f.year) : 'all',
      }),
      ...(p.units && p.units.length > 1
        ? [
            select({
              name: 'req_unit',
              placeholder: '单位',
              options: [
                any,
                ...p.units.slice(0, UNIT_OPTIONS_MAX).map((u) => ({ text: u.name, value: String(u.id) })),
              ],
              initial: f.unit ? String(f.unit) : 'all',
            }),
          ]
        : []),
      input({
        name: 'req_q',
        label: '搜索',
        placeholder: p.units
          ? '申请编号、服务内容、单位、合同编号或供应商'
          : '申请编号、服务内容、合同编号或供应商',
        max: LIST_SEARCH_MAX,
        ...(f.q ? { value: f.q } : {}),
      }),
      buttons([
        button({ text: '筛选', value: { a: action }, type: 'primary', submit: true, name: 'filter_submit' }),
      ]),
    ]),
    ...(requestFilterActive(f) ? [buttons([button({ text: '清除筛选', value: { a: action } })])] : []),
  ];
}

/** The count, always, and 上一页 / 下一页 carrying the filter and the page's edge. */
export function requestPager(action: RequestList, p: RequestListPage, shown: number): Element[] {
  // The filter's status is one of `action`'s (its value schema checks it again on the click).
  const f = requestFilterValue(p.filter) as Record<string, never>;
  const nav = [
    ...(p.newer !== undefined
      ? [button({ text: '上一页', value: { a: action, before: p.newer, ...f } })]
      : []),
    ...(p.older !== undefined
      ? [button({ text: '下一页', value: { a: action, after: p.older, ...f } })]
      : []),
  ];
  return [
    md(`${requestFilterActive(p.filter) ? '符合条件的申请' : '申请'}共 ${p.total} 条,本页 ${shown} 条。`),
    ...(nav.length ? [buttons(nav)] : []),
  ];
}
