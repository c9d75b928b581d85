/** The savings ledger's statement for the savings card's charts (节约资金). */
import type { SavingCause } from '../../domain/savings';
import type { Sql } from '../client';
import { codec, fen, type WireOf } from './codec';

export type SavingMonthRow = {
  month: number;
  unitId: number;
  unitName: string;
  cause: SavingCause;
  totalFen: bigint;
};

const savingMonthRow = codec<SavingMonthRow>()({ totalFen: fen });

/**
 * The year's savings by month, unit and cause (`unitIds` limits it to those units). A saving's month
 * is when it was recorded (Asia/Shanghai); one recorded outside its year (a December deduction
 * settled in January) counts in the year's last month, or its first.
 */
export async function savingMonthsOn(sql: Sql, year: number, unitIds?: number[]): Promise<SavingMonthRow[]> {
  const rows = await sql<WireOf<typeof savingMonthRow>[]>`
    select m.month, s.unit_id::int as "unitId", u.name as "unitName", s.cause, sum(s.amount_fen)::text as "totalFen"
    from savings s
    join units u on u.id = s.unit_id
    cross join lateral (select (s.created_at at time zone 'Asia/Shanghai') as local) l
    cross join lateral (select case
      when extract(year from l.local)::int < s.year then 1
      when extract(year from l.local)::int > s.year then 12
      else extract(month from l.local)::int end as month) m
    where s.year = ${year} ${unitIds ? sql`and s.unit_id = any(${unitIds}::bigint[])` : sql``}
    group by m.month, s.unit_id, u.name, s.cause
    order by m.month, s.unit_id, s.cause`;
  return rows.map(savingMonthRow);
}
