import { describe, expect, it } from 'vitest';
import { checkUscc, USCC_CHARS, usccCheckChar } from '../../../src/domain/uscc';
import { makeUscc } from '../../helpers/contract';

/** Published codes: GB 32100-2015's own example, and four well-known companies' business licences. */
const REAL = [
  '91350100M000100Y43', // the standard's example
  '91330100799655058B', // 阿里巴巴(中国)有限公司
  '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  '914403001922038216', // 华为技术有限公司
  '91110108551385082Q', // 小米科技有限责任公司
];

describe('checkUscc', () => {
  it.each(REAL)('accepts the published code %s', (code) => {
    expect(checkUscc(code)).toEqual({ ok: true, code });
  });

  it('accepts lower case, spaces and full-width characters, returning the normalised code', () => {
    expect(checkUscc(' 91350100m000100y43 ')).toEqual({ ok: true, code: '91350100M000100Y43' });
    expect(checkUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toEqual({
      ok: true,
      code: '91350100M000100Y43',
    });
    expect(checkUscc('913501 00M0001 00Y43')).toMatchObject({ ok: true });
  });

  it('computes the check character with weights 3^(i-1) mod 31', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    for (const code of REAL) expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('refuses every single-character substitution of every published code', () => {
    let tried = 0;
    for (const code of REAL) {
      for (let i = 0; i < 18; i++) {
        for (const c of USCC_CHARS) {
          if (c === code[i]) continue;
          const typo = code.slice(0, i) + c + code.slice(i + 1);
          expect(checkUscc(typo).ok, typo).toBe(false);
          tried++;
        }
      }
    }
    expect(tried).toBe(REAL.length * 18 * 30);
  });

  it('refuses every swap of two adjacent different characters', () => {
    for (const code of REAL) {
      for (let i = 0; i < 17; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(checkUscc(swapped).ok, swapped).toBe(false);
      }
    }
  });

  it('a typo in the body is caught by the check digit and says so', () => {
    expect(checkUscc('91350100M000200Y43')).toEqual({
      ok: false,
      rule: 'check_digit',
      message: '统一社会信用代码校验位(第18位)不符,请逐位核对是否输错',
    });
  });

  it('names the rule that fails: length, character, authority, class, region', () => {
    expect(checkUscc('91350100M000100Y4')).toMatchObject({
      rule: 'length',
      message: '统一社会信用代码应为18位,您输入了17位',
    });
    expect(checkUscc('91350100M000100Y433')).toMatchObject({ rule: 'length' });
    expect(checkUscc('')).toMatchObject({ rule: 'length', message: '统一社会信用代码应为18位,您输入了0位' });
    expect(checkUscc('91350100MO00100Y43')).toMatchObject({
      rule: 'charset',
      message: expect.stringContaining('第10位「O」不是有效字符'),
    });
    for (const c of 'IOSVZ') expect(checkUscc(`9135010${c}M000100Y43`)).toMatchObject({ rule: 'charset' });
    expect(checkUscc('B1350100M000100Y43')).toMatchObject({
      rule: 'authority',
      message: '统一社会信用代码第1位「B」不是有效的登记管理部门代码',
    });
    expect(checkUscc('94350100M000100Y43')).toMatchObject({
      rule: 'class',
      message: '统一社会信用代码第2位「4」不是登记管理部门「工商」的机构类别代码',
    });
    expect(checkUscc('91A50100M000100Y43')).toMatchObject({ rule: 'region' });
  });

  it('accepts every authority and class of the allocation table when the check digit is right', () => {
    for (const head of [
      '11',
      '12',
      '13',
      '19',
      '21',
      '35',
      '52',
      '53',
      '62',
      '72',
      '81',
      '93',
      'A1',
      'N2',
      'Y1',
    ]) {
      const body = `${head}320583MA1K2L3M4`;
      expect(checkUscc(body + usccCheckChar(body)), head).toMatchObject({ ok: true });
    }
  });

  it("the test helper's makeUscc codes are valid", () => {
    for (const n of [1, 7919, 123_456_789]) expect(checkUscc(makeUscc(n)).ok).toBe(true);
  });
});
