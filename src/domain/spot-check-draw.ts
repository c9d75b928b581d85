/**
 * The spot-check draw (rule 12): the sample is the k assessments with the smallest
 * HMAC-SHA256(seed, score id), so it depends only on the seed and the population, not on the order
 * the population was read in, and nobody who knows the seed's hash alone can steer it.
 * The keys come from `hmac-sha256.ts`.
 */
import { drawKey, hexOf, hmacOfSeed, rankerOf } from './hmac-sha256';

export { drawKey };

/** How many to draw: a fixed size (at most the population) or a rate in basis points, rounded up. */
export function sampleCount(population: number, how: { size: number | null; bp: number | null }): number {
  if (how.size !== null) return Math.min(how.size, population);
  const bp = how.bp ?? 0;
  return Math.min(population, Math.ceil((population * bp) / 10_000));
}

export type Drawn = { id: number; key: string };

/** The value of rank `k` (0-based) in ascending order; reorders `a` (Hoare's selection, linear on average). */
function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/**
 * The k ids of `population` with the smallest HMAC-SHA256(seed, id), smallest key first. Duplicated
 * ids count once; the order of `population` does not matter. Keys are ranked by their first 53 bits
 * (a linear selection), and the full keys decide among the few at the cut.
 */
export function drawSample(seedHex: string, population: readonly number[], k: number): Drawn[] {
  const rank = new Float64Array(population.length);
  if (Math.min(k, population.length) > 0) rankerOf(seedHex)(population, rank, 0);
  return drawRanked(seedHex, population, rank, k);
}

/**
 * {@link drawSample} given the ranks already computed (`rank[i]` is `rankerOf(seed)`'s rank of
 * `population[i]`, e.g. on another thread while the population was read): the same sample.
 */
export function drawRanked(
  seedHex: string,
  population: readonly number[],
  rank: Float64Array,
  k: number,
): Drawn[] {
  const n = population.length;
  const take = Math.max(0, Math.min(k, n));
  if (take === 0) return [];
  if (rank.length !== n) throw new RangeError(`drawRanked: ${rank.length} ranks for ${n} ids`);
  const ids = population;
  const mac = hmacOfSeed(seedHex);
  const out = new Int32Array(8);
  const cut = kthSmallest(rank.slice(), take - 1);
  const chosen: Drawn[] = [];
  for (let i = 0; i < n; i++) {
    if (rank[i]! <= cut) {
      mac(ids[i]!, out);
      chosen.push({ id: ids[i]!, key: hexOf(out) });
    }
  }
  chosen.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.id - y.id));
  // A duplicated id takes one slot per copy at the cut; rare (a population comes from a primary key),
  // so it is handled by drawing again from the distinct ids rather than by deduplicating every draw.
  const distinct = chosen.filter((c, i) => i === 0 || c.id !== chosen[i - 1]!.id);
  if (distinct.length < chosen.length && distinct.length < take && new Set(population).size < n)
    return drawSample(seedHex, [...new Set(population)], k);
  return distinct.slice(0, take);
}

/** Rule 12's boundary: a gap larger than the tolerance is flagged; a gap equal to it is not. */
export const gapExceeds = (gapTenths: number, toleranceTenths: number) => gapTenths > toleranceTenths;

/**
 * A set of ids as sorted inclusive ranges: how a draw's population is recorded in its audit row
 * (compact when ids run consecutively, exact always), so verify can re-draw from it.
 */
export function idRanges(ids: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let integers = true;
  for (const id of ids) {
    if (id < lo) lo = id;
    if (id > hi) hi = id;
    integers &&= Number.isSafeInteger(id);
  }
  // Ids of one table run close together: mark them in a map of the span (no sort) when it is small.
  if (integers && ids.length > 0 && hi - lo < 16 * ids.length + 1024) {
    const seen = new Uint8Array(hi - lo + 1);
    for (const id of ids) seen[id - lo] = 1;
    for (let i = 0; i < seen.length; i++) {
      if (!seen[i]) continue;
      const from = i;
      while (i + 1 < seen.length && seen[i + 1]) i++;
      out.push([lo + from, lo + i]);
    }
    return out;
  }
  const sorted = Float64Array.from(ids).sort();
  for (const id of sorted) {
    const last = out.at(-1);
    if (last && id <= last[1] + 1) last[1] = Math.max(last[1], id);
    else out.push([id, id]);
  }
  return out;
}

/** The ids of {@link idRanges}' ranges, ascending. */
export function idsOfRanges(ranges: readonly (readonly [number, number])[]): number[] {
  const out: number[] = [];
  for (const [from, to] of ranges) for (let id = from; id <= to; id++) out.push(id);
  return out;
}
