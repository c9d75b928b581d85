/**
 * `npm run org:import -- FILE`: makes the database match an org YAML file (see org/demo-zone.yaml).
 * Exit 0 on success, 1 when the file is invalid or the import fails.
 */
import { readFile } from 'node:fs/promises';
import type { Db } from '../db/client';
import { parseOrgFile } from '../features/org/file';
import { importOrg } from '../features/org/import';
import { runCommand } from './run';

async function main(db: Db, path: string | undefined): Promise<number> {
  if (!path) {
    console.error('usage: npm run org:import -- FILE.yaml');
    return 1;
  }
  const s = await importOrg(db, parseOrgFile(await readFile(path, 'utf8')));
  const c = (x: { added: number; updated?: number; revoked?: number; unchanged: number }) =>
    Object.entries(x)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
  console.log(`org: imported ${path} (${s.zone})`);
  console.log(`  units:  ${c(s.units)}`);
  console.log(`  people: ${c(s.people)}`);
  console.log(`  grants: ${c(s.grants)}`);
  return 0;
}

runCommand('org: import', (db) => main(db, process.argv[2]));
