import { inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { budgetLines, units } from '../../db/schema';
import { formatYuan } from '../../domain/money';
import type { BudgetFile, BudgetFileRow, RowError } from './file';
import { insertBudgetLine, lockBudgetRegistry } from './registry';

export type BudgetImportResult =
  | { ok: true; created: number; unchanged: number }
  | { ok: false; errors: RowError[] };

type Unit = { id: number; code: string; name: string };
export type ResolvedBudgetRow = BudgetFileRow & { unitId: number; unitName: string };

/**
 * Registers the file's lines, all or nothing (rule 1: finance registers budget lines). Every row is
 * checked, those with bad cells included, so one run lists every problem; if there is any, nothing
 * is written. A line already registered with the same amount is left as is, which makes re-importing
 * a file harmless; a different amount is refused: an import must never quietly lower a line under
 * what requests have already committed.
 */
export async function importBudget(
  db: Db,
  file: BudgetFile,
  actor = 'budget:import',
): Promise<BudgetImportResult> {
  return db.transaction(async (tx) => {
    await lockBudgetRegistry(tx);
    const { errors, toCreate, unchanged } = await planBudgetImport(tx, file);
    if (errors.length > 0) return { ok: false, errors };
    for (const r of toCreate) {
      // The registry lock and the check above make a conflict impossible; throwing rolls back all.
      const id = await insertBudgetLine(tx, { ...r, actor }, 'import');
      if (id === undefined) throw new Error(`row ${r.row}: budget line appeared during the import`);
    }
    return { ok: true, created: toCreate.length, unchanged };
  });
}

export type BudgetImportPlan = { errors: RowError[]; toCreate: ResolvedBudgetRow[]; unchanged: number };

/**
 * Checks the file's rows against the units and the lines already registered, writing nothing: the
 * lines to create, the count of those already there with the same amount, and every error (sorted by
 * row). The import runs it under the registry lock; the chat preview runs it without.
 */
export async function planBudgetImport(db: DbOrTx, file: BudgetFile): Promise<BudgetImportPlan> {
  const errors = [...file.errors];
  const resolve = unitResolver(
    await db.select({ id: units.id, code: units.code, name: units.name }).from(units),
  );

  const seen = new Map<string, number>();
  const resolved: ResolvedBudgetRow[] = [];
  for (const r of file.rows) {
    const unit = resolve(r.unit);
    if (typeof unit === 'string') {
      errors.push({ row: r.row, message: unit });
      continue;
    }
    const key = lineKey(unit.id, r);
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ row: r.row, message: `与第 ${first} 行重复(单位、年度、类别、名称都相同)` });
      continue;
    }
    seen.set(key, r.row);
    resolved.push({ ...r, unitId: unit.id, unitName: unit.name });
  }

  const unitIds = [...new Set(resolved.map((r) => r.unitId))];
  const existing = new Map(
    unitIds.length === 0
      ? []
      : (await db.select().from(budgetLines).where(inArray(budgetLines.unitId, unitIds))).map((l) => [
          lineKey(l.unitId, { year: l.fiscalYear, category: l.category, name: l.name }),
          l,
        ]),
  );
  const toCreate: ResolvedBudgetRow[] = [];
  let unchanged = 0;
  for (const r of resolved) {
    const old = existing.get(lineKey(r.unitId, r));
    if (!old) toCreate.push(r);
    else if (old.amountFen === r.amountFen) unchanged++;
    else
      errors.push({
        row: r.row,
        message: `该预算额度已登记为 ${formatYuan(old.amountFen)},本行为 ${formatYuan(r.amountFen)};导入不能修改已登记的额度`,
      });
  }

  return { errors: errors.sort((a, b) => a.row - b.row), toCreate, unchanged };
}

const lineKey = (unitId: number, l: { year: number; category: string; name: string }) =>
  JSON.stringify([unitId, l.year, l.category, l.name]);

/** A unit by code (any case) or by exact name; a Chinese error when it is unknown or ambiguous. */
function unitResolver(all: Unit[]): (text: string) => Unit | string {
  const byCode = new Map(all.map((u) => [u.code, u]));
  return (text) => {
    const byThisCode = byCode.get(text.toLowerCase());
    if (byThisCode) return byThisCode;
    const named = all.filter((u) => u.name === text);
    if (named.length === 1) return named[0]!;
    if (named.length > 1) return `单位名称「${text}」对应多个单位,请改填单位编码`;
    return `未知单位「${text}」,请填写已导入的单位编码或单位名称`;
  };
}
