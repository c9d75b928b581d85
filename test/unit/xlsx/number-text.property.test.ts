import fc from 'fast-check';
import { expect, it } from 'vitest';
import { cellEncoder, numberText } from '../../../src/xlsx/cells';

// numberText stands in for String(v) to keep numbers out of V8's number-to-string cache (cells.ts):
// the text in the file must be the same.
it('writes every finite number as String() does', () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
      expect(numberText(v)).toBe(String(v));
    }),
    { numRuns: 5000 },
  );
  for (const v of [
    0,
    -0,
    1e21,
    1e-7,
    -1.5e-300,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    2 ** 53 + 2,
    85.5,
    0.1 + 0.2,
  ]) {
    expect(numberText(v)).toBe(String(v));
  }
});

it('score, int and datetime cells carry that text', () => {
  const score = cellEncoder('score');
  fc.assert(
    fc.property(fc.integer({ min: -10_000, max: 10_000 }), (tenths) => {
      expect(score(tenths / 10)).toContain(`<v>${String(tenths / 10)}</v>`);
    }),
  );
  expect(cellEncoder('int')(123456789)).toContain('<v>123456789</v>');
  // 2026-03-01 08:00:00.123 in Shanghai: the serial of its wall-clock time, as String() writes it.
  const at = new Date('2026-03-01T00:00:00.123Z');
  const serial = (at.getTime() + 8 * 3_600_000) / 86_400_000 + 25_569;
  expect(cellEncoder('datetime')(at)).toContain(`<v>${String(serial)}</v>`);
});
