/**
 * The vendor register's search (查找) as sent: a name or credit code of at most LIST_SEARCH_MAX
 * characters, and whether only vendors with a bidding ban are listed. A value no select sends is
 * refused by name and nothing is listed.
 */
import { DomainError } from './errors';
import { type FormValues, formText, hasControlChars } from './form';
import { LIST_SEARCH_MAX } from './list-page';

export type VendorFilter = { q?: string; banned?: true };

export const VENDOR_SEARCH_FIELDS = ['vendor_q', 'vendor_banned'];

export function readVendorSearch(form: FormValues): VendorFilter {
  const q = formText(form, 'vendor_q');
  const banned = formText(form, 'vendor_banned');
  if (banned && banned !== 'all' && banned !== 'banned')
    throw new DomainError('bad_input', '「禁止投标记录」不是可选的项,请重新选择');
  if ([...q].length > LIST_SEARCH_MAX)
    throw new DomainError(
      'bad_input',
      `「供应商名称或统一社会信用代码」最多${LIST_SEARCH_MAX}字,请精简后重试`,
    );
  if (hasControlChars(q))
    throw new DomainError('bad_input', '「供应商名称或统一社会信用代码」含有无法识别的字符');
  return { ...(q ? { q } : {}), ...(banned === 'banned' ? { banned: true as const } : {}) };
}
