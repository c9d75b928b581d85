/**
 * `npm run org:import -- FILE`: makes the database match an org YAML file (see org/demo-zone.yaml).
 * Exit 0 on success, 1 when the file is invalid or the import fails.
 */
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../config';
import { createDb } from '../db/client';
import { parseOrgFile } from '../features/org/file';
import { importOrg } from '../features/org/import';

async function main(path: string | undefined): Promise<number> {
  if (!path) {
    console.error('usage: npm run org:import -- FILE.yaml');
    return 1;
  }
  const doc = parseOrgFile(await readFile(path, 'utf8'));
  const config = loadConfig();
  const { db, sql } = createDb(config.databaseUrl, { max: 1 });
  try {
    const s = await importOrg(db, doc);
    const c = (x: { added: number; updated?: number; revoked?: number; unchanged: number }) =>
      Object.entries(x)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ');
    console.log(`org: imported ${path} (${s.zone})`);
    console.log(`  units:  ${c(s.units)}`);
    console.log(`  people: ${c(s.people)}`);
    console.log(`  grants: ${c(s.grants)}`);
    return 0;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

main(process.argv[2]).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`org: import failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
