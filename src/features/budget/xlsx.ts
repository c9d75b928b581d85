import { type ReadCell, readXlsx } from '../../xlsx';

/** One spreadsheet row as text; `row` is the number Excel shows (the header is row 1). */
export type TableRow = { row: number; cells: string[] };

/**
 * The first worksheet as text rows, numbered as Excel shows them; rows without values are left out.
 * Numbers are turned into their shortest decimal text (`1200000.5`, not a cell's display format): a
 * display format could round `0.125` to `0.13`, and the amount check must see what was actually typed.
 */
export async function readXlsxTable(data: Uint8Array): Promise<TableRow[]> {
  // readXlsx loads the XLSX library on first use, not at start: only the budget import reads files.
  const [sheet] = await readXlsx(Buffer.from(data));
  if (!sheet) return [];
  const rows: TableRow[] = [];
  sheet.rows.forEach((cells, i) => {
    if (cells.length > 0) rows.push({ row: i + 1, cells: cells.map(cellText) });
  });
  return rows;
}

function cellText(v: ReadCell): string {
  if (v === null) return '';
  // A date where a year or amount belongs is a mistake; its ISO date text makes the error readable.
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}
