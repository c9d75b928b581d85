import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { type CellValue, createXlsxWriter, type SheetSpec } from '../../../src/xlsx/index';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const spec: SheetSpec = {
  name: '台账',
  columns: [
    { header: '序号', type: 'int' },
    { header: '单位', type: 'text' },
    { header: '项目', type: 'text' },
    { header: '得分', type: 'score' },
    { header: '金额', type: 'yuan' },
    { header: '日期', type: 'date' },
    { header: '时间', type: 'datetime' },
    { header: '比例', type: 'percent' },
  ],
};
const row = (i: number): CellValue[] => [
  i,
  `单位${i % 7}`,
  `项目第${i}号`,
  (600 + (i % 400)) / 10,
  BigInt(i) * 12_345n,
  `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
  new Date(Date.UTC(2026, 0, 1) + i * 1000),
  i % 100,
];

describe('the writer streams', () => {
  it('keeps the heap flat: 200,000 rows to a null sink end within a few MB of the heap at 20,000', async () => {
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        setImmediate(cb); // a real socket completes writes later, not synchronously
      },
    });
    const w = createXlsxWriter(sink);
    w.sheet(spec);
    let early = 0;
    for (let i = 1; i <= 200_000; i++) {
      const p = w.row(row(i));
      if (p) await p;
      if (i === 20_000) {
        gc();
        early = process.memoryUsage().heapUsed;
      }
    }
    gc();
    const late = process.memoryUsage().heapUsed;
    const r = await w.finish();
    expect(r).toEqual({ bytes, rows: 200_000 });
    expect(bytes).toBeGreaterThan(1_000_000);
    // Every row stays on the heap with a shared-string table or an unbounded buffer: ~40 MB here.
    expect(late - early).toBeLessThan(4 * 1024 * 1024);
  }, 60_000);

  it('waits for a stalled output: row() returns a pending promise, and everything arrives once it drains', async () => {
    const held: (() => void)[] = [];
    let bytes = 0;
    const sink = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        held.push(cb);
      },
    });
    const w = createXlsxWriter(sink);
    w.sheet(spec);
    const stillPending = (p: Promise<void>) =>
      Promise.race([p.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 50))]);
    let i = 0;
    let pending: Promise<void> | undefined;
    // The deflater's own queue makes row() wait briefly now and then; a stalled output makes it
    // wait for good.
    while (i < 100_000) {
      const p = w.row(row(++i));
      if (p && (await stillPending(p))) {
        pending = p;
        break;
      }
    }
    expect(pending).toBeDefined();
    // Bounded: the writer stops producing within some buffers' worth of XML, not after the whole sheet.
    expect(i).toBeLessThan(50_000);
    expect(await stillPending(pending!)).toBe(true);
    // Release the output for good, then finish normally.
    const release = setInterval(() => {
      for (const cb of held.splice(0)) cb();
    }, 1);
    await pending;
    for (let k = 0; k < 5_000; k++) await w.row(row(++i));
    const r = await w.finish();
    clearInterval(release);
    for (const cb of held.splice(0)) cb();
    expect(r).toEqual({ bytes, rows: i });
  }, 60_000);
});

describe('a failing output', () => {
  it('makes a waiting writer fail instead of hanging', async () => {
    const held: ((e?: Error) => void)[] = [];
    const sink = new Writable({
      highWaterMark: 1024,
      write(_chunk: Buffer, _enc, cb) {
        held.push(cb);
      },
    });
    const w = createXlsxWriter(sink);
    w.sheet(spec);
    // Write until the writer waits on the stalled output ...
    let stalled: Promise<void> | undefined;
    for (let i = 1; !stalled && i < 100_000; i++) {
      const p = w.row(row(i));
      if (p) {
        const late = await Promise.race([
          p.then(() => false),
          new Promise<boolean>((r) => setTimeout(() => r(true), 50)),
        ]);
        if (late) stalled = p;
      }
    }
    expect(stalled).toBeDefined();
    // ... then the receiver goes away: no 'drain' will ever come.
    held.shift()!(new Error('connection reset'));
    await expect(stalled).rejects.toThrow();
    expect(() => w.row(row(0))).toThrow(/connection reset/);
  }, 20_000);
});
