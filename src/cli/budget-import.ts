/**
 * `npm run budget:import -- FILE`: registers budget lines from a CSV (UTF-8) or XLSX file with the
 * columns 单位, 年度, 类别, 金额 and optional 名称. All or nothing: exit 0 with a summary, or exit 1
 * with every bad row listed and nothing written.
 */
import type { Db } from '../db/client';
import { readBudgetFile } from '../features/budget/file';
import { importBudget } from '../features/budget/import';
import { runCommand } from './run';

async function main(db: Db, path: string | undefined): Promise<number> {
  if (!path) {
    console.error('usage: npm run budget:import -- FILE.csv|FILE.xlsx');
    return 1;
  }
  const r = await importBudget(db, await readBudgetFile(path));
  if (!r.ok) {
    console.error(`budget: ${path} 未导入,共 ${r.errors.length} 处错误,请修改后重新导入:`);
    for (const e of r.errors) console.error(`  第 ${e.row} 行: ${e.message}`);
    return 1;
  }
  console.log(`budget: imported ${path}`);
  console.log(`  新增预算额度 ${r.created} 条, 已存在未变 ${r.unchanged} 条`);
  return 0;
}

runCommand('budget: import', (db) => main(db, process.argv[2]));
