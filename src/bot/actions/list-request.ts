import type { ListPage } from '../../cards/list-pager';
import type { FormValues } from '../../domain/form';
import { type ContractFilter, type Cursor, filterValue, readContractFilter } from '../../domain/list-page';

/** What a paged list button carries (cards/values `listPage`). */
type PageValue = Cursor & ContractFilter;

/**
 * The filter and cursor of a click on a paged list: the filter form's submit (筛选) starts again at
 * page 1 with what was chosen; a page button (which sends no form; a forged one with an empty form
 * is a page click) carries the filter and the page's edge.
 */
export function listRequest(form: FormValues, v: PageValue): { filter: ContractFilter; cursor: Cursor } {
  const submitted =
    form !== undefined && ['list_status', 'list_year', 'list_q'].some((k) => Object.hasOwn(form, k));
  if (submitted) return { filter: readContractFilter(form), cursor: {} };
  return {
    filter: filterValue(v),
    cursor: { ...(v.after ? { after: v.after } : {}), ...(v.before ? { before: v.before } : {}) },
  };
}

/** The card's view of a page (cards/list-pager). */
export function listPageView(
  page: { total: number; years: number[]; newer?: number | undefined; older?: number | undefined },
  filter: ContractFilter,
): ListPage {
  return {
    total: page.total,
    filter,
    years: page.years,
    ...(page.newer !== undefined ? { newer: page.newer } : {}),
    ...(page.older !== undefined ? { older: page.older } : {}),
  };
}
