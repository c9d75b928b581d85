/**
 * Enum checks on what a person (or a forged click) sent. `x in MAP` is true for `constructor`,
 * `toString` and `__proto__`, so a lookup table must be asked about its own properties only.
 */

/** `value` when it is one of `list`, else undefined. */
export function oneOf<T extends string>(list: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** `value` when it is an own key of `map` (never an inherited one), else undefined. */
export function keyOf<K extends string>(map: Readonly<Record<K, unknown>>, value: unknown): K | undefined {
  return typeof value === 'string' && Object.hasOwn(map, value) ? (value as K) : undefined;
}
