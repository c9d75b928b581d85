/**
 * What the settlement audit (rule 14) reads beyond the settlement itself, for one contract. Every
 * statement starts from the contract's id and walks indexes (primary keys, `monthly_scores_current_uq`,
 * `spot_check_samples_contract_idx`, `rectification_items_contract_idx`, `settlements_period_uq`,
 * `savings_settlement_uq`, `split_warnings` key, `budget_lines_key_uq`, `purchase_requests_line_idx`,
 * `procurements_request_uq`), so its cost does not grow with the number of contracts in the zone.
 * A month's first score is found by walking its current row's `supersedes_id` chain back (primary
 * keys), not by scanning the contract's superseded rows, which no index covers.
 * The statements are issued together: one round trip on a pipelining connection.
 */

import { shanghaiDate } from '../../domain/business-date';
import type {
  AwardFact,
  FirstScoreFact,
  OpenItem,
  SigningFact,
  SingleSourceFact,
  SplitWarningFact,
  SpotStood,
  UnitYearFact,
} from '../../domain/settlement-audit';
import type { Sql } from '../client';

export type AuditFacts = {
  scores: { month: string; finalTenths: number }[];
  stood: SpotStood[];
  openItems: OpenItem[];
  ledger: { settlementId: number; amountFen: bigint }[];
  split: SplitWarningFact[];
  unitYear: UnitYearFact | null;
  award: AwardFact | null;
  signing: SigningFact | null;
  firstScores: FirstScoreFact[];
};

/**
 * The open rectification items of a contract (status not 'closed'), oldest first: inspection
 * findings and problems of the daily line, each daily one with its rubric item's name and how often
 * it was repeated (the length of its repeat_of chain, walked by primary key). Issued when called.
 */
export function openItemsOn(sql: Sql, contractId: number): Promise<OpenItem[]> {
  return sql<OpenItem[]>`
    with recursive chain as (
      select ri.id as start, ri.repeat_of as up, 0 as depth
      from rectification_items ri
      where ri.contract_id = ${contractId} and ri.status <> 'closed' and ri.source = 'daily'
      union all
      select chain.start, e.repeat_of, chain.depth + 1
      from chain join rectification_items e on e.id = chain.up
      where chain.depth < 1000
    )
    select ri.id::int as "id", ri.inspection_id::int as "inspectionId", i.inspected_on as "inspectedOn",
      ri.finding, ri.due_on as "dueOn", ri.status, ri.severity, ri.source, ri.month,
      (select r->>'name' from contracts c, jsonb_array_elements(c.rubric) r
        where c.id = ri.contract_id and r->>'key' = ri.rubric_item limit 1) as "rubricName",
      coalesce((select max(depth) from chain where chain.start = ri.id), 0)::int as "repeats"
    from rectification_items ri left join inspections i on i.id = ri.inspection_id
    where ri.contract_id = ${contractId} and ri.status <> 'closed'
    order by ri.id`.then((rows) => [...rows]);
}

type AuditedContract = {
  requestId: number;
  approvedFen: string;
  awardedFen: string;
  reapprovalRef: string | null;
  year: number;
  category: string;
  splitYear: number | null;
  splitTotalFen: string | null;
};
type UnitRow = {
  requestId: number;
  method: string;
  vendor: string;
  awardedFen: string;
  reason: string | null;
};

/** Everything but the settlement rows, in one pipelined batch. */
export async function auditFactsOn(sql: Sql, contractId: number): Promise<AuditFacts> {
  const scores = sql<{ month: string; finalTenths: number }[]>`
    select month, final_tenths as "finalTenths" from monthly_scores
    where contract_id = ${contractId} and current order by month`;
  const stood = sql<SpotStood[]>`
    select spot_check_id::int as "spotCheckId", month, assessor_final_tenths as "assessorTenths",
      checker_final_tenths as "checkerTenths", gap_tenths as "gapTenths"
    from spot_check_samples
    where contract_id = ${contractId} and exceeds_tolerance and checker_final_tenths is not null`;
  const open = openItemsOn(sql, contractId);
  const ledger = sql<{ settlementId: number; amountFen: string }[]>`
    select sv.settlement_id::int as "settlementId", sv.amount_fen::text as "amountFen"
    from settlements st join savings sv on sv.settlement_id = st.id
    where st.contract_id = ${contractId} and sv.cause = 'deduction'`;
  // The split warning is keyed by the award year (as features/purchase/split-warning.ts writes it).
  const contract = sql<AuditedContract[]>`
    select r.id::int as "requestId", r.amount_fen::text as "approvedFen", p.awarded_fen::text as "awardedFen",
      p.reapproval_ref as "reapprovalRef", bl.fiscal_year as "year", c.category,
      w.year as "splitYear", w.total_fen::text as "splitTotalFen"
    from contracts c
    join purchase_requests r on r.id = c.request_id
    join procurements p on p.id = c.procurement_id
    join budget_lines bl on bl.id = r.budget_line_id
    left join split_warnings w on w.unit_id = c.unit_id and w.category = c.category
      and w.year = substr(p.award_date, 1, 4)::int
    where c.id = ${contractId}`;
  // The unit's procurements of the contract's budget year: its lines, their requests, their awards.
  const unit = sql<UnitRow[]>`
    select r.id::int as "requestId", p.method, v.name as "vendor", p.awarded_fen::text as "awardedFen",
      p.single_source_reason as "reason"
    from contracts c
    join purchase_requests cr on cr.id = c.request_id
    join budget_lines cl on cl.id = cr.budget_line_id
    join budget_lines bl on bl.unit_id = c.unit_id and bl.fiscal_year = cl.fiscal_year
    join purchase_requests r on r.budget_line_id = bl.id
    join procurements p on p.request_id = r.id
    join vendors v on v.id = p.vendor_id
    where c.id = ${contractId}
    order by r.id`;
  const signing = sql<SigningFact[]>`
    select c.signed_on as "signedOn", c.starts_on as "startsOn", c.ends_on as "endsOn",
      c.late_signing_reason as "reason", p.name as "signer"
    from contracts c join people p on p.id = c.signed_by
    where c.id = ${contractId}`;
  const first = sql<{ month: string; enteredAt: Date; by: string; dueOn: string | null; late: boolean }[]>`
    with recursive chain as (
      select id, supersedes_id, month, entered_at, entered_by, due_on, late from monthly_scores
      where contract_id = ${contractId} and current
      union all
      select s.id, s.supersedes_id, s.month, s.entered_at, s.entered_by, s.due_on, s.late
      from monthly_scores s join chain on s.id = chain.supersedes_id
    )
    select chain.month, chain.entered_at as "enteredAt", p.name as "by", chain.due_on as "dueOn", chain.late
    from chain join people p on p.id = chain.entered_by
    where chain.supersedes_id is null
    order by chain.month`;
  const [s, st, o, l, [c], u, [g], f] = await Promise.all([
    scores,
    stood,
    open,
    ledger,
    contract,
    unit,
    signing,
    first,
  ]);
  return {
    scores: [...s],
    stood: [...st],
    openItems: o,
    ledger: l.map((x) => ({ settlementId: x.settlementId, amountFen: BigInt(x.amountFen) })),
    split:
      c && c.splitYear !== null
        ? [{ category: c.category, year: c.splitYear, totalFen: BigInt(c.splitTotalFen!) }]
        : [],
    unitYear: c
      ? {
          year: c.year,
          totalFen: u.reduce((sum, p) => sum + BigInt(p.awardedFen), 0n),
          count: u.length,
          singleSource: u
            .filter((p) => p.method === 'single_source')
            .map(
              (p): SingleSourceFact => ({
                requestId: p.requestId,
                vendor: p.vendor,
                awardedFen: BigInt(p.awardedFen),
                reason: p.reason,
              }),
            ),
        }
      : null,
    signing: g ?? null,
    firstScores: f.map((x) => ({
      month: x.month,
      enteredOn: shanghaiDate(new Date(x.enteredAt)),
      by: x.by,
      dueOn: x.dueOn,
      late: x.late,
    })),
    award: c
      ? {
          requestId: c.requestId,
          approvedFen: BigInt(c.approvedFen),
          awardedFen: BigInt(c.awardedFen),
          reapprovalRef: c.reapprovalRef,
        }
      : null,
  };
}
