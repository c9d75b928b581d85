import { grantsAllow } from '../../domain/actor';
import { CATEGORY_LABELS } from '../../domain/categories';
import { formatYuan } from '../../domain/money';
import type { ImportKind } from '../import-kind/kind';
import { checkTable, isBudgetHeader } from './file';
import { planBudgetImport, type ResolvedBudgetRow } from './import';
import { insertBudgetLine, lockBudgetRegistry } from './registry';

/**
 * 预算额度 through the chat (rule 1: finance registers budget lines; a zone admin may load them too).
 * The same checks as `budget:import`: a line already registered with the same amount is unchanged, a
 * different amount is refused (an import never lowers a line under what is committed). A row of a
 * unit outside the sender's finance or admin grants is refused by row.
 */
export const budgetImportKind: ImportKind<ResolvedBudgetRow[]> = {
  key: 'budget',
  label: '预算额度',
  roles: ['finance', 'admin'],
  template: {
    sheet: '预算额度',
    columns: [
      { header: '单位', example: '资产经营公司', width: 18 },
      { header: '年度', example: '2027', width: 8 },
      { header: '类别', example: '保洁', width: 14 },
      { header: '名称', example: '办公楼保洁服务', width: 24 },
      { header: '金额(元)', example: '1200000.00', width: 16 },
    ],
  },
  detect: isBudgetHeader,
  async plan(db, rows, ctx) {
    const file = checkTable(rows);
    const planned = await planBudgetImport(db, file);
    const errors = [...planned.errors];
    const mine = planned.toCreate.filter((r) => {
      const ok = (['finance', 'admin'] as const).some((role) =>
        grantsAllow(ctx.actor.grants, role, r.unitId),
      );
      if (!ok)
        errors.push({
          row: r.row,
          message: `您没有「${r.unitName}」的财政部门或管理员权限,不能登记其预算额度`,
        });
      return ok;
    });
    return {
      adds: mine.map(
        (r) =>
          `第 ${r.row} 行:${r.unitName} ${r.year} 年 ${CATEGORY_LABELS[r.category]}${r.name ? `「${r.name}」` : ''} ${formatYuan(r.amountFen)}`,
      ),
      changes: [],
      unchanged: planned.unchanged,
      errors: errors.sort((a, b) => a.row - b.row),
      notes: ['已登记且金额相同的额度保持不变;导入不能修改已登记的额度。'],
      data: mine,
    };
  },
  lock: lockBudgetRegistry,
  async apply(tx, plan, ctx) {
    for (const r of plan.data) {
      const id = await insertBudgetLine(tx, { ...r, actor: ctx.actor.openId }, 'chat-import');
      // The registry lock and the plan made under it make a conflict impossible; throwing rolls back all.
      if (id === undefined) throw new Error(`row ${r.row}: budget line appeared during the import`);
    }
    return {
      summary: `已登记 ${plan.data.length} 条预算额度${plan.unchanged ? `,${plan.unchanged} 条已存在未变` : ''}`,
      counts: { created: plan.data.length, unchanged: plan.unchanged },
    };
  },
};
