/**
 * 结算审计 (rule 14), from the database: the settlement report (the very rows the settlement card
 * shows and confirming stores) and the audit's other facts, read together, then the pure audit of
 * domain/settlement-audit.ts. Every read is indexed by the contract: the cost does not grow with the
 * number of contracts in the zone (bench/settlement-audit.ts measures it).
 */

import { type DbOrTx, rawSql } from '../../db/client';
import { auditFactsOn, openItemsOn } from '../../db/sql/settlement-audit';
import type { Actor } from '../../domain/actor';
import { DomainError } from '../../domain/errors';
import type { OpenItem } from '../../domain/settlement-audit';
import { type SettlementAudit, settlementAudit } from '../../domain/settlement-audit';
import { readable } from './access';
import { type SettlementReport, settlementReport } from './report';

export type AuditResult = { report: SettlementReport; audit: SettlementAudit };

/**
 * The audit of a period (or the whole term when `period` is null), without an access check; `audit`
 * is undefined when the schedule has no such period.
 */
export async function loadSettlementAudit(
  db: DbOrTx,
  contractId: number,
  period: string | null,
  today: string,
): Promise<{ report: SettlementReport; audit: SettlementAudit | undefined } | undefined> {
  const [report, facts] = await Promise.all([
    settlementReport(db, contractId),
    auditFactsOn(rawSql(db), contractId),
  ]);
  if (!report) return undefined;
  const c = report.contract;
  const audit = settlementAudit({
    today,
    period,
    rows: report.rows,
    whatIf: {
      schedule: c.schedule,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      // The report knows the termination date only through a period after it.
      endedOn: report.rows.find((r) => r.afterEnd)?.afterEnd?.endedOn ?? null,
      bands: c.clauses.deduction.bands,
      annualCapFen: BigInt(c.clauses.deduction.annualCapFen),
    },
    ...facts,
  });
  return { report, audit };
}

/** The audit for a reader of the settlement (finance, unit leadership, discipline, the leader). */
export async function readSettlementAudit(
  db: DbOrTx,
  actor: Actor,
  input: { contractId: number; period: string | null; today: string },
): Promise<AuditResult> {
  const { contractId, period, today } = input;
  const r = await loadSettlementAudit(db, contractId, period, today);
  const report = readable(r?.report, actor);
  if (!r?.audit) throw new DomainError('no_period', `该合同的付款计划中没有「${period}」这一期`);
  return { report, audit: r.audit };
}

/** The contract's rectification items not closed: what blocks confirming a period without an override. */
export function openItemsOf(db: DbOrTx, contractId: number): Promise<OpenItem[]> {
  return openItemsOn(rawSql(db), contractId);
}
