/**
 * The rows of a query through `COPY (…) TO STDOUT` in PostgreSQL's text format, parsed here, as
 * arrays: for a long read (the 600,000-row ledger) where postgres.js's own row decoding is what the
 * memory goes to. Fetched through a cursor, every batch became ~2,000 row arrays of decoded values
 * held across several young-generation collections while the sheet wrote the batch before; over
 * 600,000 rows 290-310 MB of them were promoted to the old space, and the peak RSS followed how far
 * V8's marking fell behind (146-223 MB). COPY streams under the socket's back-pressure: a few
 * hundred rows are held at a time, each lives until the sheet has written it, and none survives
 * long enough to be promoted.
 *
 * The values are what postgres.js hands on a connection whose date and timestamp parsers are the
 * identity (drizzle installs those): text and dates as their text, `int` columns as numbers, `bool`
 * as booleans, SQL null as null. A test holds this to postgres.js's own rows for the same query.
 */
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Sql } from './client';

/** How a column's text becomes a value: `int` for int2/int4 (not int8: postgres.js keeps those as text). */
export type CopyColumn = 'text' | 'int' | 'bool';

const NEWLINE = 10;

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * One field of the text format without its escapes: `\\`, `\b \f \n \r \t \v`, octal `\ooo` and
 * hex `\xhh` (the last two PostgreSQL accepts; COPY TO writes the others), any other escaped
 * character as itself.
 */
export function unescapeCopyText(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|[\s\S])/g, (_, e: string) => {
    if (e.length > 1 || (e >= '0' && e <= '7')) {
      return String.fromCharCode(e[0] === 'x' ? Number.parseInt(e.slice(1), 16) : Number.parseInt(e, 8));
    }
    return ESCAPES[e] ?? e;
  });
}

function value(field: string, column: CopyColumn): unknown {
  if (field === '\\N') return null;
  if (column === 'int') return Number(field);
  if (column === 'bool') return field === 't';
  return unescapeCopyText(field);
}

/**
 * The rows of `lines` (whole lines, each ending in a newline), each decoded and parsed only when the
 * iteration reaches it. A chunk decoded whole would be one string of 100 KB or more: V8 puts strings
 * that large straight into the old space, and the input's every byte went there (25 MB/s of
 * promotion, the export's peak RSS). A line is a few hundred bytes and dies young. UTF-8 never
 * uses the bytes of a tab or a newline inside a character, so the bytes split where the text does.
 */
export function* parseCopyLines<T extends unknown[]>(
  lines: Buffer,
  columns: readonly CopyColumn[],
): Generator<T> {
  let start = 0;
  for (let end = lines.indexOf(NEWLINE); end !== -1; end = lines.indexOf(NEWLINE, start)) {
    const fields = lines.toString('utf8', start, end).split('\t');
    if (fields.length !== columns.length) {
      throw new Error(`COPY row has ${fields.length} fields, expected ${columns.length}`);
    }
    const row = new Array<unknown>(columns.length);
    for (let i = 0; i < columns.length; i++) row[i] = value(fields[i]!, columns[i]!);
    start = end + 1;
    yield row as T;
  }
}

/**
 * The rows of COPY text arriving in `chunks`, a batch per chunk. postgres.js hands each row whole, so
 * a chunk ends at a row's end in practice; a row split across chunks is joined all the same.
 */
export async function* rowsOfChunks<T extends unknown[]>(
  chunks: AsyncIterable<Buffer>,
  columns: readonly CopyColumn[],
): AsyncGenerator<Iterable<T>> {
  let rest: Buffer | undefined;
  for await (const chunk of chunks) {
    const got = rest ? Buffer.concat([rest, chunk]) : chunk;
    const last = got.lastIndexOf(NEWLINE);
    rest = last === got.length - 1 ? undefined : got.subarray(last + 1);
    if (last !== -1) yield parseCopyLines<T>(got.subarray(0, last + 1), columns);
  }
  if (rest) throw new Error('COPY ended inside a row');
}

/**
 * The rows of `text` (SQL with no parameters: COPY takes none) in the order it gives, in batches of
 * what arrived together; a batch is parsed as it is iterated, so each must be iterated before the
 * next is asked for. The caller must not send other statements on `sql` until the rows end:
 * the connection is busy with the COPY. If the caller stops early (the sheet failed), the rest of
 * the COPY is read and dropped before this returns, so the connection is left ready for the
 * rollback: a stream left unread keeps postgres.js's socket paused, and the connection with it.
 */
export async function* copyRows<T extends unknown[]>(
  sql: Sql,
  text: string,
  columns: readonly CopyColumn[],
): AsyncGenerator<Iterable<T>> {
  const stream = (await sql.unsafe(`copy (${text}) to stdout`).readable()) as unknown as Readable;
  let ended = false;
  try {
    yield* rowsOfChunks<T>(stream.iterator({ destroyOnReturn: false }), columns);
    ended = true;
  } finally {
    if (!ended && !stream.destroyed) {
      stream.resume();
      await finished(stream).catch(() => undefined);
    }
    // postgres.js pauses its socket when a push finds the stream full and resumes it in the stream's
    // read(), which a stream that has ended never calls again. When the last rows and the end of the
    // COPY arrive together with the stream full, the socket stays paused, and the connection's next
    // statement waits forever for an answer already in the socket's buffer (porsager/postgres #499,
    // fix proposed in #1016). Calling read() once more resumes it; on a flowing socket it does nothing.
    (stream as unknown as { _read(n: number): void })._read(0);
  }
}
