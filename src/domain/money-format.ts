/** Showing fen to people, and the one rounding rule money ever uses. */

/** The largest amount the bot accepts: 10^12 yuan. Far above any budget, far below 2^63 fen. */
export const MAX_AMOUNT_FEN = 10n ** 14n;

/** Digits grouped by three: `1234567` → `1,234,567`. */
function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Whole part and zero-padded fraction of |fen| / `per`, as strings. */
function split(
  fen: bigint,
  per: bigint,
  decimals: number,
): { sign: string; whole: string; fraction: string } {
  const abs = fen < 0n ? -fen : fen;
  return {
    sign: fen < 0n ? '-' : '',
    whole: group((abs / per).toString()),
    fraction: (abs % per).toString().padStart(decimals, '0'),
  };
}

/**
 * Fen as yuan for cards and reports: `19999999n` → `199,999.99元`. Always two decimals, so a card
 * and a report can never show the same amount differently.
 */
export function formatYuan(fen: bigint): string {
  const { sign, whole, fraction } = split(fen, 100n, 2);
  return `${sign}${whole}.${fraction}元`;
}

/**
 * Fen in 万元, exact (a fen is 0.000001万), trailing zeros trimmed but at least two decimals:
 * `19999999n` → `19.999999万元`. Only for charts, whose axis is in 万元; people read `formatWan`.
 */
export function formatWanExact(fen: bigint): string {
  const { sign, whole, fraction } = split(fen, 1_000_000n, 6);
  const trimmed = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `${sign}${whole}.${trimmed}万元`;
}

/**
 * An amount as procurement documents head it: in 万元 when that is exact with at most two decimals
 * (`20000000n` → `20万元`, `19500000n` → `19.5万元`), otherwise in 元 (`19999999n` → `199,999.99元`),
 * since a rounded 万 next to the 20万 line would mislead and `19.999999万元` reads as nonsense.
 * The output is accepted by `parseAmount` and gives back the same fen.
 */
export function formatWan(fen: bigint): string {
  if (fen % 10_000n !== 0n || fen === 0n) return formatYuan(fen);
  const { sign, whole, fraction } = split(fen, 1_000_000n, 6);
  const trimmed = fraction.replace(/0+$/, '');
  return `${sign}${whole}${trimmed ? `.${trimmed}` : ''}万元`;
}

/**
 * `numerator / denominator` rounded to a whole fen, half away from zero (四舍五入): 2.5 → 3, -2.5 → -3.
 * The only rounding rule for money, e.g. a deduction of `fen * bp / 10000`; rounding symmetrically
 * means a refund and its charge round to the same size.
 */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('divideHalfUp: denominator is 0');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d); // floor(n/d + 1/2), exact in integers
  return negative ? -q : q;
}
