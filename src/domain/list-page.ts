/**
 * Keyset paging of the list cards (上一页 / 下一页): a list is ordered newest first by id, and a page
 * button carries the id at the page's edge, not an offset. Rows added while someone pages get larger
 * ids and appear before the first page, so the pages already shown neither repeat nor skip a row;
 * page 40 costs what page 1 costs (an index range, not a skip of 780 rows).
 */

import { TERM_STATUSES, type TermStatus } from './contract-status';
import { DomainError } from './errors';
import { type FormValues, formText } from './form';
import { STANDINGS, type Standing } from './standing';

/** Rows per page: 20 list rows and their buttons keep a card far under 30 KB and 200 elements. */
export const LIST_PAGE_SIZE = 20;

/**
 * Rows per page of 专项督查: each row carries two buttons (登记督查, 整改情况报告), so fewer rows
 * keep the card within its 200 elements beside the filter form.
 */
export const INSPECTION_PAGE_SIZE = 12;

/** Where a page starts: after (older than) or before (newer than) the row with that id; neither: page 1. */
export type Cursor = { after?: number; before?: number };

/** The most characters of a list search (a contract number is 12, a vendor's name rarely 30). */
export const LIST_SEARCH_MAX = 40;

/**
 * What a contract list is narrowed to; every part optional, all of them combined (AND): the status
 * its dates give, the year signed, its unit, its vendor, its standing (a running contract's 正常 /
 * 预警 / 可清退 / 禁投, as 合同态势 counts it) and a search by contract number or name.
 */
export type ContractFilter = {
  status?: TermStatus;
  year?: number;
  unit?: number;
  vendor?: number;
  standing?: Standing;
  q?: string;
};

/** The form fields of the filter (筛选), each read by {@link readContractFilter}. */
export const FILTER_FIELDS = [
  'list_status',
  'list_year',
  'list_unit',
  'list_vendor',
  'list_standing',
  'list_q',
];

/** The filter as a button carries it: only the parts that are set (the value schema is strict). */
export function filterValue(f: ContractFilter): ContractFilter {
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.year ? { year: f.year } : {}),
    ...(f.unit ? { unit: f.unit } : {}),
    ...(f.vendor ? { vendor: f.vendor } : {}),
    ...(f.standing ? { standing: f.standing } : {}),
    ...(f.q ? { q: f.q } : {}),
  };
}

/** A unit or vendor id as its select sends it: `all` or a positive id; anything else refused by name. */
function readId(form: FormValues, name: string, label: string): number | undefined {
  const v = formText(form, name);
  if (!v || v === 'all') return undefined;
  if (!/^[1-9]\d{0,15}$/.test(v) || !Number.isSafeInteger(Number(v)))
    throw new DomainError('bad_input', `「${label}」不是可选的项,请重新选择`);
  return Number(v);
}

/**
 * The LIKE pattern of a search that finds `q` anywhere: `%`, `_` and `\` typed into it match
 * themselves, not any text.
 */
export const likeContains = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A cursor with both edges is no page a card offers. */
export function checkCursor(c: Cursor): Cursor {
  if (c.after !== undefined && c.before !== undefined)
    throw new DomainError('bad_input', '翻页参数无效,请从列表第一页重新打开');
  return c;
}

/**
 * The filter form (筛选) as sent: a status among the four, a year 2000–2100, a unit and a vendor id,
 * a standing among the four, a search text. A value no real select sends is refused by name and
 * nothing is listed. A unit or vendor id outside the reader's scope is not refused here: the list
 * applies the scope, so it lists nothing the reader may not see.
 */
export function readContractFilter(form: FormValues): ContractFilter {
  const status = formText(form, 'list_status');
  const year = formText(form, 'list_year');
  const q = formText(form, 'list_q');
  const standing = formText(form, 'list_standing');
  const unit = readId(form, 'list_unit', '单位');
  const vendor = readId(form, 'list_vendor', '供应商');
  if (status && status !== 'all' && !(TERM_STATUSES as readonly string[]).includes(status))
    throw new DomainError('bad_input', '「合同状态」不是可选的状态,请重新选择');
  if (year && year !== 'all' && !/^20\d\d$|^2100$/.test(year))
    throw new DomainError('bad_input', '「签订年度」不是可选的年度,请重新选择');
  if (standing && standing !== 'all' && !(STANDINGS as readonly string[]).includes(standing))
    throw new DomainError('bad_input', '「合同态势」不是可选的项,请重新选择');
  if ([...q].length > LIST_SEARCH_MAX)
    throw new DomainError('bad_input', `「合同编号或名称」最多${LIST_SEARCH_MAX}字,请精简后重试`);
  return filterValue({
    ...(status && status !== 'all' ? { status: status as TermStatus } : {}),
    ...(year && year !== 'all' ? { year: Number(year) } : {}),
    ...(unit ? { unit } : {}),
    ...(vendor ? { vendor } : {}),
    ...(standing && standing !== 'all' ? { standing: standing as Standing } : {}),
    ...(q ? { q } : {}),
  });
}

/**
 * A page from the rows fetched in the direction of travel (`size + 1` of them, newest first after
 * a cursor or none, oldest first before one): cut to `size`, returned newest first, with whether
 * more lie beyond in that direction.
 */
export function cutPage<T>(fetched: T[], size: number, c: Cursor): { rows: T[]; more: boolean } {
  const rows = fetched.slice(0, size);
  if (c.before !== undefined) rows.reverse();
  return { rows, more: fetched.length > size };
}
