/** Everything XLSX goes through here: our streaming writer, and excelts (loaded lazily) for reading. */

export { readXlsx } from './read';
export type { CellType, CellValue, ColumnSpec, ReadCell, ReadSheet, SheetSpec, XlsxWriter } from './types';
export { createXlsxWriter } from './writer';
