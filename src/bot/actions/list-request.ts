import type { ListPage } from '../../cards/list-pager';
import type { FormValues } from '../../domain/form';
import {
  type ContractFilter,
  type Cursor,
  FILTER_FIELDS,
  filterValue,
  readContractFilter,
} from '../../domain/list-page';

/** What a paged list button carries (cards/values `listPage`); `edit`: 筛选, the filter card. */
type PageValue = Cursor & ContractFilter & { edit?: true };

/**
 * The filter and cursor of a click on a paged list: the filter form's submit (筛选) starts again at
 * page 1 with what was chosen; a page button (which sends no form; a forged one with an empty form
 * is a page click) carries the filter and the page's edge.
 */
export function listRequest(
  form: FormValues,
  v: PageValue,
): { filter: ContractFilter; cursor: Cursor; edit: boolean } {
  const submitted = form !== undefined && FILTER_FIELDS.some((k) => Object.hasOwn(form, k));
  if (submitted) return { filter: readContractFilter(form), cursor: {}, edit: false };
  if (v.edit) return { filter: filterValue(v), cursor: {}, edit: true };
  return {
    filter: filterValue(v),
    cursor: { ...(v.after ? { after: v.after } : {}), ...(v.before ? { before: v.before } : {}) },
    edit: false,
  };
}

/** The card's view of a page (cards/list-pager). */
export function listPageView(
  page: Omit<ListPage, 'filter' | 'newer' | 'older'> & {
    newer?: number | undefined;
    older?: number | undefined;
  },
  filter: ContractFilter,
): ListPage {
  return {
    total: page.total,
    filter,
    years: page.years,
    units: page.units,
    unitCount: page.unitCount,
    vendors: page.vendors,
    vendorCount: page.vendorCount,
    ...(page.newer !== undefined ? { newer: page.newer } : {}),
    ...(page.older !== undefined ? { older: page.older } : {}),
  };
}
