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
