import { describe, expect, it } from 'vitest';
import { parseContractRef } from '../../../src/domain/contract-format';

describe('parseContractRef: the contract a person typed', () => {
  it('reads a number, #id, 合同 #id or a bare id', () => {
    expect(parseContractRef('HT-2026-0012')).toEqual({ id: 12, year: '2026' });
    expect(parseContractRef(' ht-2027-12345 ')).toEqual({ id: 12345, year: '2027' });
    expect(parseContractRef('#12')).toEqual({ id: 12 });
    expect(parseContractRef('合同 #7')).toEqual({ id: 7 });
    expect(parseContractRef('0042')).toEqual({ id: 42 });
  });

  it('refuses anything else', () => {
    for (const s of ['', 'HT-26-0012', 'HT-2026-', '0', '#0', '12a', '1234567890', '保洁合同', '-3'])
      expect(parseContractRef(s), s).toBeUndefined();
  });
});
