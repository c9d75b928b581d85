/**
 * Micro-bench of the streaming XLSX writer (not wired into `npm run bench`):
 *   npx tsx bench/xlsx-write.ts [rows] [levels, comma-separated] [columns, at most 12]
 * Writes a score-ledger-like sheet (12 columns unless fewer are asked for) to a counting sink and
 * prints time, rows/s, size, CPU seconds (main thread plus the zlib thread) and peak RSS for each
 * deflate level.
 */
import { Writable } from 'node:stream';
import type { CellValue, ColumnSpec } from '../src/xlsx/index';
import { createXlsxWriter } from '../src/xlsx/writer';

const rows = Number(process.argv[2] ?? 600_000);
const levels = (process.argv[3] ?? '1,3,6').split(',').map(Number);
const width = Number(process.argv[4] ?? 12);

const columns: ColumnSpec[] = [
  { header: '序号', type: 'int' },
  { header: '月份', type: 'date' },
  { header: '单位', type: 'text' },
  { header: '服务类别', type: 'text' },
  { header: '项目名称', type: 'text' },
  { header: '服务商', type: 'text' },
  { header: '得分', type: 'score' },
  { header: '扣分比例', type: 'percent' },
  { header: '合同金额(元)', type: 'yuan' },
  { header: '扣款(元)', type: 'yuan' },
  { header: '评分人', type: 'text' },
  { header: '评分时间', type: 'datetime' },
];
const units = ['资产经营公司', '城管执法局', '环卫所', '园林绿化中心', '街道办事处'];
const categories = ['保洁', '保安', '绿化养护', '设备运行维护', '其他'];

function sink(): { stream: Writable; bytes: () => number } {
  let n = 0;
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      cb();
    },
  });
  return { stream, bytes: () => n };
}

// Rows are made up front (and cycled) so the timing is the writer's, not the row generator's.
const base = Date.UTC(2026, 0, 1);
const sample: CellValue[][] = Array.from({ length: 8192 }, (_, i) => [
  i + 1,
  `2026-${String((i % 12) + 1).padStart(2, '0')}-01`,
  units[i % 5],
  categories[(i >> 3) % 5],
  `${categories[i % 5]}服务项目第${i % 997}标段`,
  `服务商${i % 313}有限公司`,
  (600 + (i % 400)) / 10,
  (i % 50) / 10,
  BigInt(100_000_000 + ((i * 7919) % 90_000_000)),
  (i * 131) % 500_000,
  `评分人${i % 41}`,
  new Date(base + i * 60_000),
]);

async function run(level: number): Promise<void> {
  const s = sink();
  const w = createXlsxWriter(s.stream, { level });
  let peak = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  w.sheet({ name: '评分台账', columns: columns.slice(0, width), title: '2026 年度评分台账' });
  for (let i = 0; i < rows; i++) {
    const p = w.row(sample[i % sample.length]!);
    if (p) await p;
    if ((i & 0xffff) === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const r = await w.finish();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `level ${level}: ${rows} rows in ${(ms / 1000).toFixed(2)} s = ${Math.round(rows / (ms / 1000))} rows/s, ` +
      `${(r.bytes / 1e6).toFixed(1)} MB, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, ` +
      `peak RSS ${(peak / 1e6).toFixed(0)} MB`,
  );
}

for (const level of levels) await run(level);
