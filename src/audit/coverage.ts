import type { Sql } from '../db/client';
import { rowsWithoutAudit } from '../db/sql/audit-anchors';

/**
 * State rows that are never written without their audit row, each with the chain it starts (issue
 * 11, point 4). A row here with no chain means the audit rows were deleted while the state stayed:
 * the chain checks cannot see that (nothing is left to check), this does. Add a table here when a
 * feature starts a chain for each of its rows.
 */
export const AUDITED_TABLES = [
  { table: 'budget_lines', aggregateType: 'budget_line', label: '预算额度' },
  { table: 'purchase_requests', aggregateType: 'purchase', label: '采购申请' },
  { table: 'vendors', aggregateType: 'vendor', label: '服务商' },
  { table: 'contracts', aggregateType: 'contract', label: '合同' },
  { table: 'contract_drafts', aggregateType: 'contract_draft', label: '合同草案' },
  { table: 'monthly_scores', aggregateType: 'monthly_score', label: '月度评分' },
  { table: 'termination_cases', aggregateType: 'termination_case', label: '解约事项' },
  { table: 'spot_checks', aggregateType: 'spot_check', label: '抽查' },
  { table: 'inspections', aggregateType: 'inspection', label: '督查' },
  { table: 'savings', aggregateType: 'saving', label: '节约资金' },
  { table: 'group_bindings', aggregateType: 'group_binding', label: '群绑定' },
  { table: 'survey_rounds', aggregateType: 'survey_round', label: '满意度测评' },
] as const;

export type UncoveredRows = { table: string; aggregateType: string; count: number; sampleIds: string[] };

const SAMPLE = 5;

/** Per table, the rows that have no audit row at all (counted, with the first few ids). */
export async function uncoveredStateRows(sql: Sql): Promise<UncoveredRows[]> {
  const out: UncoveredRows[] = [];
  for (const t of AUDITED_TABLES) {
    const rows = await rowsWithoutAudit(sql, t.table, t.aggregateType, SAMPLE);
    if (rows.length > 0) {
      out.push({
        table: t.table,
        aggregateType: t.aggregateType,
        count: Number(rows[0]!.total),
        sampleIds: rows.map((r) => r.id),
      });
    }
  }
  return out;
}
