import { appendAudit } from '../../audit/append';
import { rawSql, type Tx } from '../../db/client';
import { budgetLines } from '../../db/schema';
import { advisoryXactLock } from '../../db/sql/locks';
import type { ServiceCategory } from '../../domain/categories';

export type NewBudgetLine = {
  unitId: number;
  year: number;
  category: ServiceCategory;
  name: string;
  amountFen: bigint;
  actor: string;
};

/**
 * Serialises registrations of budget lines (file import and the finance card): an import checks
 * the existing lines and then writes, and nobody may add a line between the two. Registering is
 * rare, so one zone-wide lock costs nothing. Released at commit.
 */
export async function lockBudgetRegistry(tx: Tx): Promise<void> {
  await advisoryXactLock(rawSql(tx), { kind: 'budget-registry' });
}

/**
 * Inserts the line and its audit row in the caller's transaction. Returns undefined, writing
 * nothing, when the (unit, year, category, name) key is taken: `on conflict do nothing` keeps the
 * transaction usable, where a unique violation would abort it.
 */
export async function insertBudgetLine(tx: Tx, l: NewBudgetLine, via: string): Promise<number | undefined> {
  const [row] = await tx
    .insert(budgetLines)
    .values({
      unitId: l.unitId,
      fiscalYear: l.year,
      category: l.category,
      name: l.name,
      amountFen: l.amountFen,
      createdBy: l.actor,
    })
    .onConflictDoNothing()
    .returning({ id: budgetLines.id });
  if (!row) return undefined;
  await appendAudit(tx, {
    aggregateType: 'budget_line',
    aggregateId: row.id,
    actor: l.actor,
    action: 'budget_line.created',
    // JSON has no bigint: the amount is kept as its exact digit string.
    data: {
      unitId: l.unitId,
      fiscalYear: l.year,
      category: l.category,
      name: l.name,
      amountFen: l.amountFen.toString(),
      via,
    },
  });
  return row.id;
}
