import type { TerminationStatus } from '../../domain/contract';
import type { Month } from '../../domain/threshold';
import type { Sql } from '../client';

/** What the threshold engine needs of a contract's earlier termination cases. */
export type CaseSummary = {
  id: number;
  rule: 'consecutive' | 'cumulative';
  months: Month[];
  status: TerminationStatus;
};

/** Every termination case of the contract, in id order (`termination_cases_contract_idx`). Issued when called. */
export function casesOfContractOn(sql: Sql, contractId: number): Promise<CaseSummary[]> {
  return sql<CaseSummary[]>`
      select id::int as "id", rule, months, status from termination_cases
      where contract_id = ${contractId} order by id`.then((rows) => [...rows]);
}
