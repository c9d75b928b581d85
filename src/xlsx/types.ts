/** The public contract of the spreadsheet module (the export helper codes against it). */

export type CellType =
  | 'text' // string
  | 'int' // integer number
  | 'score' // number shown with one decimal; a number or a numeric string like '84.5'
  | 'yuan' // integer fen (number, bigint or integer string), written as the exact decimal yuan
  | 'date' // 'YYYY-MM-DD' string; a real Excel date cell
  | 'datetime' // Date; shown in Asia/Shanghai as a real Excel date-time
  | 'percent'; // a number in percent units (12.5 means 12.5%)

export interface ColumnSpec {
  header: string;
  type: CellType;
  width?: number;
}

export interface SheetSpec {
  /** <= 31 chars, none of []:*?/\ (checked). */
  name: string;
  columns: ColumnSpec[];
  /** Printed in the page header when given. */
  title?: string;
  /** Default: true when more than 6 columns. */
  landscape?: boolean;
}

export type CellValue = string | number | bigint | Date | null | undefined;

export interface XlsxWriter {
  /** Starts the next sheet (the previous one is closed). Sheets are written one after another. */
  sheet(spec: SheetSpec): void;
  /**
   * One row of the current sheet in column order. Await it: it resolves at once unless the output
   * needs draining. (About every 128 KB of XML it also returns a promise for the deflater's previous
   * chunk: that turn of the event loop lets zlib compress on its thread while the next rows are built.)
   */
  row(values: readonly CellValue[]): void | Promise<void>;
  /** Finishes the workbook and ends `out`; resolves once everything is flushed. */
  finish(): Promise<{ bytes: number; rows: number }>;
}

export type ReadCell = string | number | boolean | Date | null;

export interface ReadSheet {
  name: string;
  /** rows[i] is the row Excel numbers i + 1; a row with no cells is []. */
  rows: ReadCell[][];
  frozenRows: number;
}
