/**
 * The filters of the request lists (采购与合同, 我的申请), paged like the contract lists (keyset,
 * domain/list-page): a status, the year the request was filed (its filing day in Asia/Shanghai), a
 * unit (采购与合同 only) and a search by text, all combined (AND). The form fields are named `req_*`
 * so they never meet the contract lists' `list_*`.
 */

import type { RequestStatus } from './approval-route';
import { DomainError } from './errors';
import { type FormValues, formText } from './form';
import { LIST_SEARCH_MAX } from './list-page';

/**
 * How far an approved request has come (采购与合同): no procurement recorded yet, a procurement
 * without a contract, a contract signed. One procurement per request and one contract per
 * procurement (unique indexes), so every request is in exactly one of them.
 */
export const PROGRESS = ['to_procure', 'to_sign', 'signed'] as const;
export type Progress = (typeof PROGRESS)[number];
export const PROGRESS_LABELS: Record<Progress, string> = {
  to_procure: '待采购',
  to_sign: '已采购待签约',
  signed: '已签约',
};

/** A request's own status (我的申请). */
export const REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  pending: '审批中',
  approved: '已审批通过',
  rejected: '已驳回',
  withdrawn: '已撤回',
};

/**
 * The most units the unit filter offers: with a page of 20 rows and their buttons, more options would
 * push the card past Feishu's 200 elements. The rest are found by typing the unit's name.
 */
export const UNIT_OPTIONS_MAX = 20;

/** What a request list is narrowed to; every part optional, all of them combined (AND). */
export type RequestFilter<S extends string> = { status?: S; year?: number; unit?: number; q?: string };

/** The form fields of the request lists' filter (筛选). */
export const REQUEST_FILTER_FIELDS = ['req_status', 'req_year', 'req_unit', 'req_q'] as const;

/** The filter as a button carries it: only the parts that are set (the value schema is strict). */
export function requestFilterValue<S extends string>(f: RequestFilter<S>): RequestFilter<S> {
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.year ? { year: f.year } : {}),
    ...(f.unit ? { unit: f.unit } : {}),
    ...(f.q ? { q: f.q } : {}),
  };
}

export const requestFilterActive = (f: RequestFilter<string>) => Boolean(f.status || f.year || f.unit || f.q);

/**
 * The filter form as sent: a status among `statuses`, a filing year 2000–2100, a unit id (only when
 * `withUnit`; whether the reader files for it is the list's check), a search text. A value no real
 * select sends is refused by name.
 */
export function readRequestFilter<S extends string>(
  form: FormValues,
  statuses: readonly S[],
  withUnit: boolean,
): RequestFilter<S> {
  const status = formText(form, 'req_status');
  const year = formText(form, 'req_year');
  const unit = withUnit ? formText(form, 'req_unit') : '';
  const q = formText(form, 'req_q');
  if (status && status !== 'all' && !(statuses as readonly string[]).includes(status))
    throw new DomainError('bad_input', '「状态」不是可选的状态,请重新选择');
  if (year && year !== 'all' && !/^20\d\d$|^2100$/.test(year))
    throw new DomainError('bad_input', '「提交年度」不是可选的年度,请重新选择');
  if (unit && unit !== 'all' && !(/^[1-9]\d{0,15}$/.test(unit) && Number.isSafeInteger(Number(unit))))
    throw new DomainError('bad_input', '「单位」不是可选的单位,请重新选择');
  if ([...q].length > LIST_SEARCH_MAX)
    throw new DomainError('bad_input', `「搜索」最多${LIST_SEARCH_MAX}字,请精简后重试`);
  return requestFilterValue<S>({
    ...(status && status !== 'all' ? { status: status as S } : {}),
    ...(year && year !== 'all' ? { year: Number(year) } : {}),
    ...(unit && unit !== 'all' ? { unit: Number(unit) } : {}),
    ...(q ? { q } : {}),
  });
}

/**
 * What a typed search names besides text: a contract number (HT-2026-0012) or a request's number
 * (#12 or 12, as the list shows it). Undefined: plain text only.
 */
export function parseRequestRef(
  typed: string,
): { contract: number; year: string } | { request: number } | undefined {
  const s = typed.trim();
  const ht = /^HT-(\d{4})-0*(\d{1,9})$/i.exec(s);
  if (ht) return Number(ht[2]) > 0 ? { contract: Number(ht[2]), year: ht[1]! } : undefined;
  const req = /^(?:申请\s*)?#?0*(\d{1,9})$/.exec(s);
  return req && Number(req[1]) > 0 ? { request: Number(req[1]) } : undefined;
}
