/**
 * `npm run calendar:import -- FILE`: loads a year's 放假 and 调休 days (the State Council's notice)
 * from a CSV (日期,类型,名称) or YAML file. All or nothing: exit 0 with a summary, or exit 1 with
 * every bad row listed and nothing written. Running processes pick it up within 10 minutes.
 */
import type { Db } from '../db/client';
import { readCalendarFile } from '../features/calendar/file';
import { importCalendar } from '../features/calendar/import';
import { runCommand } from './run';

async function main(db: Db, path: string | undefined): Promise<number> {
  if (!path) {
    console.error('usage: npm run calendar:import -- FILE.csv|FILE.yaml');
    return 1;
  }
  const r = await importCalendar(db, await readCalendarFile(path), {
    actor: 'cli:calendar-import',
    now: new Date(),
  });
  if (!r.ok) {
    console.error(`calendar: ${path} 未导入,共 ${r.errors.length} 处错误,请修改后重新导入:`);
    for (const e of r.errors) console.error(`  第 ${e.row} 行: ${e.message}`);
    return 1;
  }
  console.log(`calendar: imported ${path}`);
  console.log(`  ${r.year} 年: 放假 ${r.holidays} 天, 调休上班 ${r.workdays} 天(替换原有 ${r.replaced} 条)`);
  return 0;
}

runCommand('calendar: import', (db) => main(db, process.argv[2]));
