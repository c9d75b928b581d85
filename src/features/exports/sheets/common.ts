/** What every sheet gets and answers: the snapshot's connection, the checked scope, the writer. */

import type { Sql, Tx } from '../../../db/client';
import { contractNumber } from '../../../domain/contract-format';
import type { XlsxWriter } from '../../../xlsx';

export type SheetRun<S> = {
  /** The READ ONLY REPEATABLE READ transaction: every query of the file sees one snapshot. */
  tx: Tx;
  sql: Sql;
  scope: S;
  writer: XlsxWriter;
};

/** What a sheet wrote: data rows (headers and 合计 rows not counted) and a name for the file. */
export type SheetTotals = { rows: number; label: string };

/** Rows fetched per round trip: memory stays flat however long the sheet. */
export const BATCH = 2000;

export const TOTAL = '合计';

/** A contract's number, unit and vendor: the title of its sheets and the name of its file. */
export async function contractHead(sql: Sql, contractId: number) {
  const [c] = await sql<{ id: string; signed_on: string; unit: string; vendor: string }[]>`
    select c.id, c.signed_on, u.name as unit, v.name as vendor
    from contracts c join units u on u.id = c.unit_id join vendors v on v.id = c.vendor_id
    where c.id = ${contractId}`;
  if (!c) throw new Error(`contract ${contractId} vanished`);
  const number = contractNumber({ id: Number(c.id), signedOn: c.signed_on });
  return { number, unit: c.unit, vendor: c.vendor };
}

/** Tenths of a point as the number the 'score' cell shows with one decimal. */
export const points = (tenths: number | null | undefined) => (tenths == null ? null : tenths / 10);

/** A timestamp as postgres.js hands it on the raw connection (a string) or a Date. */
export const at = (v: string | Date | null | undefined) => (v == null ? null : new Date(v));
