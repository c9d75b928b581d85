/**
 * Row codecs of the statements in db/sql. On `rawSql` a row comes back as Postgres sends it: int8
 * and numeric as strings (a JS number would round past 2^53), timestamptz as strings (drizzle turns
 * postgres.js's date parsers off). A statement's codec names the columns to decode, once, next to
 * the statement; the wire type postgres.js is told about follows from it.
 */

/** int8 or numeric text as bigint: money in fen, exact. */
export const fen = (text: string): bigint => BigInt(text);

/** timestamptz text as a Date. */
export const instant = (text: string): Date => new Date(text);

/** `decode` for a nullable column: null stays null. */
export const orNull =
  <T>(decode: (text: string) => T) =>
  (text: string | null): T | null =>
    text === null ? null : decode(text);

/** Per column of `Row`, at most one decoder from its wire value to its value. */
type Decoders<Row> = { [K in keyof Row]?: (wire: never) => Row[K] };

/** `Row` as it comes off the wire: each decoded column has its decoder's input type. */
export type Wire<Row, D> = {
  [K in keyof Row]: K extends keyof D ? (D[K] extends (wire: infer W) => unknown ? W : never) : Row[K];
};

/** The wire row a codec made by `codec` takes: what to tell postgres.js (`sql<WireOf<typeof c>[]>`). */
export type WireOf<C> = C extends (wire: infer W) => unknown ? W : never;

/**
 * A codec for `Row`: the columns named in `decoders` are decoded, the others pass unchanged.
 * Two calls, so that `Row` is given and the decoders' columns are inferred:
 * `codec<OutboxRow>()({ createdAt: instant, sentAt: orNull(instant) })`.
 */
export function codec<Row extends object>() {
  return <D extends Decoders<Row>>(decoders: D) => {
    const columns = Object.entries(decoders) as [string, (wire: unknown) => unknown][];
    return (wire: Wire<Row, D>): Row => {
      const row: Record<string, unknown> = { ...wire };
      for (const [column, decode] of columns) row[column] = decode(row[column]);
      return row as Row;
    };
  };
}
