import type { FormValues } from '../../domain/form';
import type { Cursor } from '../../domain/list-page';
import {
  REQUEST_FILTER_FIELDS,
  type RequestFilter,
  readRequestFilter,
  requestFilterValue,
} from '../../domain/request-list-filter';

/**
 * The filter and cursor of a click on a request list (采购与合同, 我的申请): the filter form's
 * submit (筛选) starts again at page 1 with what was chosen; a page button (which sends no form; a
 * forged one with an empty form is a page click) carries the filter and the page's edge.
 */
export function requestListRequest<S extends string>(
  form: FormValues,
  v: Cursor & RequestFilter<S>,
  statuses: readonly S[],
  withUnit: boolean,
): { filter: RequestFilter<S>; cursor: Cursor } {
  const submitted = form !== undefined && REQUEST_FILTER_FIELDS.some((k) => Object.hasOwn(form, k));
  if (submitted) return { filter: readRequestFilter(form, statuses, withUnit), cursor: {} };
  return {
    filter: requestFilterValue(v),
    cursor: { ...(v.after ? { after: v.after } : {}), ...(v.before ? { before: v.before } : {}) },
  };
}

/** The card's view of a page (cards/request-list-pager). */
export function requestPageView<S extends string>(
  page: {
    total: number;
    years: number[];
    newer?: number | undefined;
    older?: number | undefined;
    units?: { id: number; name: string }[];
  },
  filter: RequestFilter<S>,
) {
  return {
    total: page.total,
    filter,
    years: page.years,
    ...(page.units ? { units: page.units } : {}),
    ...(page.newer !== undefined ? { newer: page.newer } : {}),
    ...(page.older !== undefined ? { older: page.older } : {}),
  };
}
