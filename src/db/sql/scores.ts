/** Monthly-score statements read off the hot paths' own files: late entries and a contract's current lines. */
import type { Sql } from '../client';
import { codec, instant, type WireOf } from './codec';

/** A contract's months scored late and still current (the chart's 逾期补录 marks), in month order. */
export function lateMonthsOn(
  sql: Sql,
  contractId: number,
): Promise<{ month: string; dueOn: string | null; late: boolean }[]> {
  return sql<{ month: string; dueOn: string | null; late: boolean }[]>`
      select month, due_on as "dueOn", late from monthly_scores
      where contract_id = ${contractId} and current and late order by month`.then((rows) => [...rows]);
}

/** A contract's current daily and management lines by month (tenths). */
export function currentLinesOn(
  sql: Sql,
  contractId: number,
): Promise<{ month: string; daily: number; management: number }[]> {
  return sql<{ month: string; daily: number; management: number }[]>`
      select month, daily_tenths as daily, management_tenths as management
      from monthly_scores where contract_id = ${contractId} and current`.then((rows) => [...rows]);
}

/** A month's first score entered after its due date, with who entered it. */
export type LateFirstEntry = {
  /** The late first entry's row (monthly_scores.id); its corrections keep its flag. */
  scoreId: number;
  contractId: number;
  /** The contract's signing date: with the id, its number (HT-2026-0012). */
  signedOn: string;
  month: string;
  dueOn: string | null;
  /** When the late score was entered (a timestamp; its business date is after dueOn). */
  enteredAt: Date;
  assessorId: number;
  name: string;
};

const lateFirstEntry = codec<LateFirstEntry>()({ enteredAt: instant });

/**
 * Every late first entry (a correction keeps its month's flag and is not read: `supersedes_id is
 * null`) of the contracts of `units` (null: the whole zone), by assessor, month and contract.
 */
export async function lateFirstEntriesOn(sql: Sql, units: number[] | null): Promise<LateFirstEntry[]> {
  const rows = await sql<WireOf<typeof lateFirstEntry>[]>`
    select s.id::int as "scoreId", s.contract_id::int as "contractId", c.signed_on as "signedOn",
      s.month, s.due_on as "dueOn", s.entered_at as "enteredAt",
      p.id::int as "assessorId", p.name
    from monthly_scores s
      join contracts c on c.id = s.contract_id
      join people p on p.id = s.entered_by
    where s.late and s.supersedes_id is null
      ${units === null ? sql`` : sql`and c.unit_id = any(${units.length ? units : [-1]}::bigint[])`}
    order by p.id, s.month, s.contract_id`;
  return rows.map(lateFirstEntry);
}
