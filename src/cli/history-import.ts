/**
 * `npm run history:import -- KIND FILE`: brings last year in from an XLSX or a CSV (UTF-8) file with
 * the columns of the kind's template (KIND: vendors, contracts, scores, payments; load them in that
 * order). All or nothing: exit 0 with what was added, or exit 1 with
 * every bad row and nothing written. The import is made as HISTORY_IMPORT_AS (an open_id) or else
 * as the first zone-wide admin; its one summary per unit goes to the outbox, which the running bot's
 * relay sends.
 */
import { readFile } from 'node:fs/promises';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { people, roleGrants } from '../db/schema';
import { actorByOpenId } from '../db/sql/actor';
import { parseCsv } from '../features/import-kind/csv';
import { readXlsxTable } from '../features/budget/xlsx';
import { HISTORY_KINDS } from '../features/history/kinds';
import { runHistoryImport } from '../features/history/run';
import { runCommand } from './run';

const KEYS: Record<string, string> = {
  vendors: 'history_vendors',
  contracts: 'history_contracts',
  scores: 'history_scores',
  payments: 'history_payments',
};

async function importer(db: Db): Promise<string | undefined> {
  if (process.env.HISTORY_IMPORT_AS) return process.env.HISTORY_IMPORT_AS;
  const [row] = await db
    .select({ openId: people.openId })
    .from(roleGrants)
    .innerJoin(people, eq(people.id, roleGrants.personId))
    .where(and(eq(roleGrants.role, 'admin'), isNull(roleGrants.unitId), isNull(roleGrants.revokedAt)))
    .orderBy(asc(roleGrants.personId))
    .limit(1);
  return row?.openId;
}

async function main(db: Db, kindArg: string | undefined, path: string | undefined): Promise<number> {
  const kind = HISTORY_KINDS.find((k) => k.key === KEYS[kindArg ?? '']);
  if (!kind || !path) {
    console.error(`usage: npm run history:import -- ${Object.keys(KEYS).join('|')} FILE.xlsx|FILE.csv`);
    return 1;
  }
  const openId = await importer(db);
  const actor = openId ? await actorByOpenId(db, openId) : undefined;
  if (!actor?.grants.some((g) => kind.roles.includes(g.role))) {
    console.error(`history: ${openId ?? '(无管理员)'} 无权导入「${kind.label}」`);
    return 1;
  }
  const data = await readFile(path);
  // A CSV (UTF-8) or an XLSX, the same columns; CSV record i is row i + 1, as Excel numbers it.
  const rows = /\.csv$/i.test(path)
    ? parseCsv(data.toString('utf8').replace(/^\uFEFF/, '')).map((cells, i) => ({ row: i + 1, cells }))
    : await readXlsxTable(data);
  const r = await runHistoryImport(db, kind, rows, { actor, now: new Date() });
  if (!r.ok) {
    console.error(`history: ${path} 未导入,共 ${r.plan.errors.length} 处错误,请修改后重新导入:`);
    for (const e of r.plan.errors) console.error(`  第 ${e.row} 行: ${e.message}`);
    return 1;
  }
  console.log(`history: imported ${path} (${kind.label})`);
  for (const line of r.plan.adds) console.log(`  ${line}`);
  console.log(`  ${r.outcome.summary}`);
  return 0;
}

runCommand('history: import', (db) => main(db, process.argv[2], process.argv[3]));
