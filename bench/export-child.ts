/**
 * One measurement of the export bench in a process of its own, so its peak RSS is its own:
 * `export` builds the score ledger through the real path (access check, snapshot, COPY text parsed, XLSX
 * writer, sha256) into a file; `copy` drains `COPY (the same query) TO STDOUT`. Prints one JSON line.
 *
 *   tsx bench/export-child.ts <export|copy> <databaseUrl> <openId> <year> <unitId|-> <outPath>
 */
import { createDb, rawSql } from '../src/db/client';
import { actorByOpenId } from '../src/db/sql/actor';
import { authorizeExport } from '../src/features/exports/access';
import { buildExportFile } from '../src/features/exports/file';
import { ledgerSql } from '../src/features/exports/sheets/score-ledger';

const [mode, url, openId, year, unit, out] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const { db, sql } = createDb(url, { max: 2 });
const actor = await actorByOpenId(db, openId);
const params = { year: Number(year), ...(unit === '-' ? {} : { unit: Number(unit) }) };
const t0 = performance.now();
let rows = 0;
let bytes = 0;
if (mode === 'export') {
  const f = await buildExportFile(db, actor, { kind: 'scores', params, outPath: out });
  rows = f.rows;
  bytes = f.bytes;
} else {
  const scope = await authorizeExport(db, actor, 'scores', params);
  if (scope.kind !== 'scores' || scope.contractId !== null) throw new Error('not a ledger scope');
  const stream = await rawSql(db)
    .unsafe(`copy (${ledgerSql(scope)}) to stdout`)
    .readable();
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) rows++;
  }
}
const ms = performance.now() - t0;
// maxRSS is in kilobytes: the process's peak, start-up included.
const peakRssMb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ mode, rows, bytes, ms, peakRssMb }));
await sql.end({ timeout: 1 });
process.exit(0);
