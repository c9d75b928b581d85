import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divideHalfUp,
  formatWan,
  formatWanExact,
  formatYuan,
  MAX_AMOUNT_FEN,
  parseAmount,
} from '../../../src/domain/money';

const fenOf = (input: string) => {
  const r = parseAmount(input);
  if (!r.ok) throw new Error(`expected ${input} to parse, got: ${r.error}`);
  return r.fen;
};
const errorOf = (input: string) => {
  const r = parseAmount(input);
  if (r.ok) throw new Error(`expected ${input} to be refused, got ${r.fen} fen`);
  return r.error;
};

describe('parseAmount accepts what staff type', () => {
  it.each([
    ['199999.99', 19_999_999n],
    ['199,999.99', 19_999_999n],
    ['19.9万', 19_900_000n],
    ['20万元', 20_000_000n],
    ['20万', 20_000_000n],
    ['200000元', 20_000_000n],
    ['１２３', 12_300n],
    ['１９９，９９９．９９', 19_999_999n],
    ['  20万元  ', 20_000_000n],
    ['　19.9万　', 19_900_000n],
    ['20 万元', 20_000_000n],
    ['0.01', 1n],
    ['1.5', 150n],
    ['1万', 1_000_000n],
    ['0.000001万', 1n],
    ['19.999999万元', 19_999_999n],
    ['1,000,000,000,000', MAX_AMOUNT_FEN],
    // A leading yuan sign, half-width ¥ or the IME's full-width ￥, with or without a space.
    ['¥18万', 18_000_000n],
    ['￥180,000.00', 18_000_000n],
    ['¥ 1,200', 120_000n],
    ['￥２０万元', 20_000_000n],
    ['  ¥199999.99 ', 19_999_999n],
  ])('%s → %s fen', (input, fen) => {
    expect(fenOf(input)).toBe(fen);
  });
});

describe('parseAmount refuses malformed amounts with a Chinese reason', () => {
  const unknown = (s: string) => `无法识别的金额格式:${s},示例:199999.99、199,999.99、19.9万、20万元`;
  it.each([
    ['', '请输入金额'],
    ['   ', '请输入金额'],
    ['-5', '金额必须大于0'],
    ['¥-5', '金额必须大于0'],
    ['¥', '请输入金额'],
    ['¥¥5', unknown('¥5')],
    ['5¥', unknown('5¥')],
    ['－5万', '金额必须大于0'],
    ['0', '金额必须大于0'],
    ['0.00万', '金额必须大于0'],
    ['1.234', '金额最多保留两位小数'],
    ['0.0000001万', '以“万”为单位时最多保留六位小数'],
    ['1,99,999', '千分位逗号位置不正确:1,99,999,应每三位一组,如 199,999.99'],
    ['1e5', '不支持科学计数法,请直接写出金额数字'],
    ['2.5E3元', '不支持科学计数法,请直接写出金额数字'],
    ['20万万', '金额单位只能是“元”“万”或“万元”:20万万'],
    ['20元万', '金额单位只能是“元”“万”或“万元”:20元万'],
    ['1000000000000.01', '金额过大:不能超过 1,000,000,000,000.00元'],
    ['100000001万', '金额过大:不能超过 1,000,000,000,000.00元'],
    ['abc', unknown('abc')],
    ['12a', unknown('12a')],
    ['1.2.3', unknown('1.2.3')],
    ['.', unknown('.')],
    ['.5', unknown('.5')],
    ['5.', unknown('5.')],
    ['NaN', unknown('NaN')],
    ['Infinity', unknown('Infinity')],
    ['二十万', unknown('二十万')],
    ['1 000', unknown('1 000')],
    ['万', unknown('万')],
  ])('%j → %s', (input, message) => {
    expect(errorOf(input)).toBe(message);
  });

  it('never throws, whatever the input', () => {
    fc.assert(fc.property(fc.string(), (s) => typeof parseAmount(s).ok === 'boolean'));
  });
});

describe('formatting', () => {
  it('shows yuan with separators and two decimals', () => {
    expect(formatYuan(19_999_999n)).toBe('199,999.99元');
    expect(formatYuan(20_000_000n)).toBe('200,000.00元');
    expect(formatYuan(1n)).toBe('0.01元');
    expect(formatYuan(0n)).toBe('0.00元');
    expect(formatYuan(-150n)).toBe('-1.50元');
  });

  it('shows 万元 only when exact with at most two decimals, else exact 元', () => {
    expect(formatWan(20_000_000n)).toBe('20万元');
    expect(formatWan(19_500_000n)).toBe('19.5万元');
    expect(formatWan(19_990_000n)).toBe('19.99万元');
    expect(formatWan(19_999_999n)).toBe('199,999.99元');
    expect(formatWan(19_999_000n)).toBe('199,990.00元');
    expect(formatWan(1n)).toBe('0.01元');
    expect(formatWan(MAX_AMOUNT_FEN)).toBe('100,000,000万元');
  });

  it('formatWanExact keeps every digit, for chart axes in 万元', () => {
    expect(formatWanExact(20_000_000n)).toBe('20.00万元');
    expect(formatWanExact(19_999_999n)).toBe('19.999999万元');
  });
});

describe('round trips (fen 1 to 10^14)', () => {
  const anyFen = fc.bigInt({ min: 1n, max: MAX_AMOUNT_FEN });

  it('the plain yuan form parses back', () => {
    fc.assert(
      fc.property(anyFen, (fen) => {
        const plain = formatYuan(fen).replace('元', '').replaceAll(',', '');
        expect(fenOf(plain)).toBe(fen);
      }),
    );
  });

  it('the formatted yuan and 万元 forms parse back', () => {
    fc.assert(
      fc.property(anyFen, (fen) => {
        expect(fenOf(formatYuan(fen))).toBe(fen);
        expect(fenOf(formatWan(fen))).toBe(fen);
      }),
    );
  });
});

describe('divideHalfUp, the one rounding rule', () => {
  it('rounds half away from zero', () => {
    expect(divideHalfUp(5n, 2n)).toBe(3n);
    expect(divideHalfUp(-5n, 2n)).toBe(-3n);
    expect(divideHalfUp(4n, 3n)).toBe(1n);
    expect(divideHalfUp(5n, 3n)).toBe(2n);
    expect(divideHalfUp(1n, 3n)).toBe(0n);
    // 2 % of 123,456.78 CNY = 2,469.1356 CNY → 2,469.14 CNY
    expect(divideHalfUp(12_345_678n * 200n, 10_000n)).toBe(246_914n);
  });

  it('is within half a unit of the exact quotient', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        (n, d) => {
          const q = divideHalfUp(n, d);
          const twiceError = 2n * (n - q * d); // 2·(n − q·d), compared with d to avoid fractions
          expect(twiceError <= d && twiceError >= -d).toBe(true);
          expect(divideHalfUp(-n, d)).toBe(-q);
        },
      ),
    );
  });

  it('refuses a zero denominator', () => {
    expect(() => divideHalfUp(1n, 0n)).toThrow(RangeError);
  });
});
