import { PassThrough } from 'node:stream';
import { createXlsxWriter } from '../../xlsx';
import type { ImportKind } from './kinds';

/** The 导入模板 file's name: the kind's label, so a folder of templates reads as a list. */
export const templateFileName = (kind: ImportKind<unknown>) => `${kind.label}导入模板.xlsx`;

/**
 * The kind's template as XLSX bytes: its headers and one example row, every cell text (an amount or a
 * year typed over the example stays exactly what was typed; the importer reads text anyway).
 */
export async function buildTemplate(kind: ImportKind<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const w = createXlsxWriter(out);
  w.sheet({
    name: kind.template.sheet,
    columns: kind.template.columns.map((c) => ({ header: c.header, type: 'text', width: c.width ?? 16 })),
  });
  await w.row(kind.template.columns.map((c) => String(c.example)));
  await w.finish();
  await ended;
  return Buffer.concat(chunks);
}
