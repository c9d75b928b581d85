import type { ReadCell, ReadSheet } from './types';

type LibCell = import('@cj-tech-master/excelts').CellValue;

/**
 * Whole workbook into memory: for tests and small uploads (budget files), not for big exports.
 * Date cells come back as a Date whose UTC fields are the wall-clock time in the file (a date-time
 * we wrote for 09:30 Shanghai reads as 09:30Z). Formulas give their cached result, rich text and
 * hyperlinks their text, errors their code ('#DIV/0!').
 */
export async function readXlsx(input: Buffer | string): Promise<ReadSheet[]> {
  // Loaded on first read, not at start: the package is large and only uploads and tests read.
  const { Workbook } = await import('@cj-tech-master/excelts');
  const wb = new Workbook();
  if (typeof input === 'string') await wb.xlsx.readFile(input);
  else await wb.xlsx.load(input);
  return wb.worksheets.map((ws) => {
    const rows: ReadCell[][] = [];
    ws.eachRow({ includeEmpty: false }, (r, n) => {
      const cells: ReadCell[] = [];
      for (let c = 1; c <= r.cellCount; c++) cells.push(plain(r.getCell(c).value));
      while (rows.length < n - 1) rows.push([]);
      rows.push(cells);
    });
    // A file without <sheetViews> (some writers leave it out) has no views at all.
    const view = (ws.views as typeof ws.views | undefined)?.[0];
    const frozenRows = view?.state === 'frozen' ? (view.ySplit ?? 0) : 0;
    return { name: ws.name, rows, frozenRows };
  });
}

function plain(v: LibCell): ReadCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if ('richText' in v && !('hyperlink' in v)) return v.richText.map((t) => t.text).join('');
  if ('hyperlink' in v) return v.text;
  if ('formula' in v || 'sharedFormula' in v) return v.result === undefined ? null : plain(v.result);
  if ('error' in v) return v.error;
  if ('checkbox' in v) return v.checkbox;
  return null;
}
