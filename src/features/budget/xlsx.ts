import type ExcelJS from 'exceljs';

/** One spreadsheet row as text; `row` is the number Excel shows (the header is row 1). */
export type TableRow = { row: number; cells: string[] };

/**
 * The first worksheet as text rows, numbered as Excel shows them. Numbers are turned into their
 * shortest decimal text (`1200000.5`, not a cell's display format): a display format could round
 * `0.125` to `0.13`, and the amount check must see what was actually typed.
 */
export async function readXlsxTable(data: Uint8Array): Promise<TableRow[]> {
  // Loaded when a spreadsheet is read, not at start: it is about 24 MB of every process's memory, and
  // only the budget import (CLI or card) ever reads one.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  // exceljs types its input as its own `Buffer` interface; a Node Buffer is what it reads at run time.
  await wb.xlsx.load(Buffer.from(data) as unknown as Parameters<typeof wb.xlsx.load>[0]);
  const sheet = wb.worksheets[0];
  if (!sheet) return [];
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, row) => {
    const cells: string[] = [];
    for (let c = 1; c <= r.cellCount; c++) cells.push(cellText(r.getCell(c).value));
    rows.push({ row, cells });
  });
  return rows;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // A date where a year or amount belongs is a mistake; its ISO date text makes the error readable.
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return v.result === undefined ? '' : cellText(v.result);
  if ('hyperlink' in v) return v.text;
  if ('error' in v) return v.error;
  return '';
}
