/** What every sheet gets and answers: the snapshot's connection, the checked scope, the writer. */

import type { Sql, Tx } from '../../../db/client';
import type { ContractStatus } from '../../../domain/contract';
import { contractNumber } from '../../../domain/contract-format';
import { contractStatusLabel } from '../../../domain/contract-status';
import type { XlsxWriter } from '../../../xlsx';

export type SheetRun<S> = {
  /** The READ ONLY REPEATABLE READ transaction: every query of the file sees one snapshot. */
  tx: Tx;
  sql: Sql;
  scope: S;
  writer: XlsxWriter;
  /** The business date the file is made on: contract statuses are as of this day. */
  today: string;
};

/** What a sheet wrote: data rows (headers and 合计 rows not counted) and a name for the file. */
export type SheetTotals = { rows: number; label: string };

/** Rows fetched per round trip: memory stays flat however long the sheet. */
export const BATCH = 2000;

/** FETCHes kept in flight: PostgreSQL always has the next ones queued while the sheet writes. */
export const AHEAD = 4;

/**
 * The rows of `text` (SQL with no parameters) as arrays, BATCH at a time, through a cursor of the
 * sheet's transaction, with AHEAD FETCHes always sent before the current batch is handed over: the
 * server produces the next batches while the sheet writes this one (a postgres.js `.cursor()` asks
 * for the next batch only once the previous one is consumed, so the two took turns; with one FETCH
 * ahead the server still idled whenever a batch took the sheet longer than the server). At most
 * AHEAD + 1 batches are held. The sheet must not send other statements on `sql` meanwhile: they would
 * queue behind the FETCHes. `cursor_tuple_fraction` = 1 plans the cursor as the whole query (as
 * COPY is planned) rather than for its first rows. `name` must be a plain identifier, unique within
 * the transaction.
 */
export async function* batchesAhead<T extends unknown[]>(
  sql: Sql,
  name: string,
  text: string,
): AsyncGenerator<T[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a cursor name: ${name}`);
  await sql.unsafe('set local cursor_tuple_fraction = 1');
  await sql.unsafe(`declare ${name} no scroll cursor for ${text}`);
  const fetch = () => {
    const p = sql.unsafe(`fetch ${BATCH} from ${name}`).values() as unknown as Promise<T[]>;
    p.catch(() => undefined); // a failure is reported where the batch is awaited
    return p;
  };
  const pending: Promise<T[]>[] = [];
  for (let i = 0; i < AHEAD; i++) pending.push(fetch());
  let more = true;
  try {
    while (more) {
      const batch = await pending.shift()!;
      // A short batch is the last: the FETCHes sent after it answer empty.
      more = batch.length === BATCH;
      if (more) pending.push(fetch());
      if (batch.length > 0) yield batch;
    }
  } finally {
    // Drain what is still in flight (empty after the end) before the cursor closes.
    await Promise.allSettled(pending);
  }
  await sql.unsafe(`close ${name}`);
}

export const TOTAL = '合计';

type HeadRow = {
  id: string;
  signed_on: string;
  unit: string;
  vendor: string;
  starts_on: string;
  ends_on: string;
  status: ContractStatus;
  ended_on: string | null;
};

/**
 * A contract's number, unit and vendor (the title of its sheets and the name of its file), and its
 * status on `today` as the dates give it.
 */
export async function contractHead(sql: Sql, contractId: number, today: string) {
  const [c] = await sql<HeadRow[]>`
    select c.id, c.signed_on, u.name as unit, v.name as vendor, c.starts_on, c.ends_on, c.status, c.ended_on
    from contracts c join units u on u.id = c.unit_id join vendors v on v.id = c.vendor_id
    where c.id = ${contractId}`;
  if (!c) throw new Error(`contract ${contractId} vanished`);
  const number = contractNumber({ id: Number(c.id), signedOn: c.signed_on });
  const status = contractStatusLabel(
    { status: c.status, startsOn: c.starts_on, endsOn: c.ends_on, endedOn: c.ended_on },
    today,
  );
  return { number, unit: c.unit, vendor: c.vendor, status };
}

/** Tenths of a point as the number the 'score' cell shows with one decimal. */
export const points = (tenths: number | null | undefined) => (tenths == null ? null : tenths / 10);

/** A timestamp as postgres.js hands it on the raw connection (a string) or a Date. */
export const at = (v: string | Date | null | undefined) => (v == null ? null : new Date(v));
