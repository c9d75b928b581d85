import { Writable } from 'node:stream';
import { type CellValue, createXlsxWriter, type SheetSpec } from '../../../src/xlsx/index';

/** Writes sheets (spec + rows) into memory and returns the file. */
export async function writeBook(sheets: { spec: SheetSpec; rows: CellValue[][] }[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  const w = createXlsxWriter(out);
  for (const s of sheets) {
    w.sheet(s.spec);
    for (const r of s.rows) await w.row(r);
  }
  const { bytes } = await w.finish();
  const file = Buffer.concat(chunks);
  if (file.length !== bytes) throw new Error(`finish() said ${bytes} bytes, wrote ${file.length}`);
  return file;
}
