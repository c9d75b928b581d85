/**
 * One measurement of the export bench in a process of its own, so its peak RSS is its own:
 * `export` builds the score ledger through the real path (access check, snapshot, COPY text
 * parsed, XLSX writer, sha256) into a file; `copy` drains `COPY (the same query) TO STDOUT`. Prints
 * one JSON line.
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
// RSS every 10 ms: the peak of the run's first half and of its second show whether memory grows
// with the rows once the heap has reached its working size.
const samples: [ms: number, mb: number][] = [];
const sampler = setInterval(() => samples.push([performance.now(), process.memoryUsage.rss() / 2 ** 20]), 10);
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
clearInterval(sampler);
const half = t0 + ms / 2;
const peakOf = (xs: typeof samples) => Math.max(0, ...xs.map(([, mb]) => mb));
const firstHalfMb = peakOf(samples.filter(([t]) => t <= half));
const secondHalfMb = peakOf(samples.filter(([t]) => t > half));
// maxRSS is in kilobytes: the process's peak, start-up included.
const peakRssMb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ mode, rows, bytes, ms, peakRssMb, firstHalfMb, secondHalfMb }));
await sql.end({ timeout: 1 });
process.exit(0);
