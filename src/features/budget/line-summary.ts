import { and, eq, inArray, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { LineSummary } from '../../cards/budget';
import type { DbOrTx, Tx } from '../../db/client';
import { budgetLines, purchaseRequests, units } from '../../db/schema';
import { SERVICE_CATEGORIES } from '../../domain/categories';
import { DomainError } from '../../domain/errors';
import { formatYuan, MAX_AMOUNT_FEN } from '../../domain/money';
import { insertBudgetLine, lockBudgetRegistry, type NewBudgetLine } from './registry';

/** Statuses that hold budget; a rejected request gives its amount back. */
const COMMITTING = ['pending', 'approved'] as const;
// Postgres sums bigint into numeric; text keeps every digit on the way to BigInt.
const committedSum = sql<string>`coalesce(sum(${purchaseRequests.amountFen}), 0)::text`;

const lineColumns = {
  id: budgetLines.id,
  unitId: budgetLines.unitId,
  fiscalYear: budgetLines.fiscalYear,
  category: budgetLines.category,
  name: budgetLines.name,
  amountFen: budgetLines.amountFen,
};
type LineRow = { [K in keyof typeof lineColumns]: (typeof budgetLines.$inferSelect)[K] };

const summarise = (line: LineRow, committed: string): LineSummary => {
  const committedFen = BigInt(committed);
  return { ...line, committedFen, remainingFen: line.amountFen - committedFen };
};

/** Every line of a unit's fiscal year with what is committed and what remains. */
export async function lineSummaries(db: DbOrTx, q: { unitId: number; year: number }): Promise<LineSummary[]> {
  const rows = await db
    .select({ ...lineColumns, committed: committedSum })
    .from(budgetLines)
    .leftJoin(
      purchaseRequests,
      and(
        eq(purchaseRequests.budgetLineId, budgetLines.id),
        inArray(purchaseRequests.status, [...COMMITTING]),
      ),
    )
    .where(and(eq(budgetLines.unitId, q.unitId), eq(budgetLines.fiscalYear, q.year)))
    .groupBy(budgetLines.id)
    .orderBy(budgetLines.category, budgetLines.name, budgetLines.id);
  return rows.map(({ committed, ...line }) => summarise(line, committed));
}

/**
 * Locks the line row until the caller's transaction ends and returns its summary. A filing calls
 * this before `assertFits` and before inserting its request: a second filing on the same line waits
 * here until the first commits, then its sum (a new statement, so a new snapshot under READ
 * COMMITTED) includes the first request. That is what keeps two concurrent filings from both
 * fitting into the same remainder.
 */
export async function lockLineForFiling(tx: Tx, lineId: number): Promise<LineSummary> {
  if (!(tx instanceof PgTransaction))
    throw new Error('lockLineForFiling must be called inside a transaction');
  // An id from a card value may be NaN; Postgres would fail the whole transaction on it.
  if (!Number.isSafeInteger(lineId)) throw new DomainError('budget_line_unknown', '所选预算额度不存在');
  const [line] = await tx
    .select(lineColumns)
    .from(budgetLines)
    .where(eq(budgetLines.id, lineId))
    .for('update');
  if (!line) throw new DomainError('budget_line_unknown', '所选预算额度不存在');
  const [sum] = await tx
    .select({ committed: committedSum, isolation: sql<string>`current_setting('transaction_isolation')` })
    .from(purchaseRequests)
    .where(and(eq(purchaseRequests.budgetLineId, lineId), inArray(purchaseRequests.status, [...COMMITTING])));
  // Under REPEATABLE READ or SERIALIZABLE the sum would come from the snapshot taken before the
  // wait, missing the request that just committed, and the line could be overdrawn.
  if (sum?.isolation !== 'read committed')
    throw new Error(`lockLineForFiling needs READ COMMITTED, got ${sum?.isolation ?? 'nothing'}`);
  return summarise(line, sum.committed);
}

/** Refuses an amount above the line's remainder, showing both (rule 1). */
export function assertFits(summary: LineSummary, amountFen: bigint): void {
  if (amountFen <= 0n) throw new DomainError('invalid_amount', '申请金额必须大于0');
  if (amountFen > summary.remainingFen)
    throw new DomainError(
      'over_budget',
      // formatYuan appends 元 itself (`1,000.00元`), as on every card.
      `超出预算:该预算额度剩余 ${formatYuan(summary.remainingFen)},本次申请 ${formatYuan(amountFen)}`,
    );
}

/** Registers one line (the finance card); audited. Throws DomainError for bad input or a taken key. */
export async function addBudgetLine(tx: Tx, l: NewBudgetLine): Promise<LineSummary> {
  const name = l.name.trim();
  if (!Number.isInteger(l.year) || l.year < 2000 || l.year > 2100)
    throw new DomainError('invalid_year', '年度无效,应为四位年份,如 2025');
  if (!SERVICE_CATEGORIES.includes(l.category))
    throw new DomainError('invalid_category', '请选择有效的服务类别');
  if (l.amountFen <= 0n || l.amountFen > MAX_AMOUNT_FEN)
    throw new DomainError('invalid_amount', '预算金额必须大于0且不超过 1,000,000,000,000.00元');
  const [unit] = await tx.select({ id: units.id }).from(units).where(eq(units.id, l.unitId));
  if (!unit) throw new DomainError('unit_unknown', '所选单位不存在');
  await lockBudgetRegistry(tx);
  const id = await insertBudgetLine(tx, { ...l, name }, 'card');
  if (id === undefined)
    throw new DomainError(
      'budget_line_exists',
      `该单位 ${l.year} 年度已有同类别${name ? `、名称为「${name}」` : ''}的预算额度,不能重复登记`,
    );
  return {
    id,
    unitId: l.unitId,
    fiscalYear: l.year,
    category: l.category,
    name,
    amountFen: l.amountFen,
    committedFen: 0n,
    remainingFen: l.amountFen,
  };
}
