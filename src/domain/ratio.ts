/**
 * Exact fractions for averages of scores. Scores are integer tenths of a point, so an average is
 * `sum / count` and is kept as that fraction: 84.95 must compare below 85 (rule 10), which a float
 * or an early rounding could get wrong. Every operation here is integer arithmetic.
 */

/** `num / den` in lowest terms, `den > 0`. Two equal values have equal fields. */
export type Ratio = { num: number; den: number };

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** The fraction `num / den` in lowest terms; both must be safe integers, `den` not 0. */
export function ratio(num: number, den: number): Ratio {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den === 0)
    throw new RangeError(`ratio: bad fraction ${num}/${den}`);
  const sign = den < 0 ? -1 : 1;
  const g = gcd(num, den) || 1;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

/** -1, 0 or 1 as `a` is below, equal to or above `b` (cross-multiplied, never divided). */
export function compareRatio(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Whether `r < n` for a whole number `n`. */
export function ratioBelow(r: Ratio, n: number): boolean {
  return r.num < n * r.den;
}

/** The largest integer not above `num / den` (den > 0), by integer steps only. */
export function floorDiv(num: number, den: number): number {
  const rem = ((num % den) + den) % den;
  return (num - rem) / den;
}

/** The smallest integer not below `num / den` (den > 0). */
export function ceilDiv(num: number, den: number): number {
  return -floorDiv(-num, den);
}

/** Integer tenths as a score: `849` → `'84.9'`, `1000` → `'100.0'`, `-5` → `'-0.5'`. */
export function formatTenths(tenths: number): string {
  const abs = Math.abs(tenths);
  return `${tenths < 0 ? '-' : ''}${(abs - (abs % 10)) / 10}.${abs % 10}`;
}

/**
 * A score in tenths rounded DOWN to the tenth for display: 84.95 shows as `'84.9'`, so a value that
 * is below a threshold never displays as the threshold itself (84.95 must not read `'85.0'`).
 */
export function formatTenthsDown(r: Ratio): string {
  return formatTenths(floorDiv(r.num, r.den));
}

/** A score in tenths rounded UP to the tenth for display: what is needed, never understated. */
export function formatTenthsUp(r: Ratio): string {
  return formatTenths(ceilDiv(r.num, r.den));
}
