/**
 * The contract lists' filter form (筛选) as sent: every part read, combined, and a value no select
 * offers refused by name, so nothing is listed from it.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors';
import { filterValue, readContractFilter } from '../../../src/domain/list-page';

describe('readContractFilter', () => {
  it('reads every part and drops 全部', () => {
    expect(
      readContractFilter({
        list_status: 'running',
        list_year: '2026',
        list_unit: '12',
        list_vendor: '7',
        list_standing: 'warned',
        list_q: '保洁',
      }),
    ).toEqual({ status: 'running', year: 2026, unit: 12, vendor: 7, standing: 'warned', q: '保洁' });
    expect(
      readContractFilter({
        list_status: 'all',
        list_year: 'all',
        list_unit: 'all',
        list_vendor: 'all',
        list_standing: 'all',
      }),
    ).toEqual({});
  });

  it.each([
    [{ list_unit: '0' }, '单位'],
    [{ list_unit: '-3' }, '单位'],
    [{ list_unit: '1e3' }, '单位'],
    [{ list_vendor: '99999999999999999999' }, '供应商'],
    [{ list_vendor: 'x' }, '供应商'],
    [{ list_standing: 'doomed' }, '合同态势'],
    [{ list_status: 'lost' }, '合同状态'],
    [{ list_year: '1999' }, '签订年度'],
  ])('refuses %o by naming 「%s」', (form, label) => {
    let err: unknown;
    try {
      readContractFilter(form);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).message).toContain(`「${label}」`);
  });

  it('a button carries only the parts that are set', () => {
    expect(filterValue({ unit: 3, standing: 'banned' })).toEqual({ unit: 3, standing: 'banned' });
    expect(Object.keys(filterValue({}))).toEqual([]);
  });
});
