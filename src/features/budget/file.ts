import { readFile } from 'node:fs/promises';
import { CATEGORY_HINT, parseCategory, type ServiceCategory } from '../../domain/categories';
import { parseAmount } from '../../domain/money';
import { parseCsv } from '../import-kind/csv';
import { readXlsxTable, type TableRow } from './xlsx';

export type { TableRow } from './xlsx';
/** A refusal tied to the row the user must fix; `message` is Chinese, shown as is. */
export type RowError = { row: number; message: string };
/** A row whose own cells are valid; the unit is still the text written, resolved on import. */
export type BudgetFileRow = {
  row: number;
  unit: string;
  year: number;
  category: ServiceCategory;
  name: string;
  amountFen: bigint;
};
export type BudgetFile = { rows: BudgetFileRow[]; errors: RowError[] };

type Field = 'unit' | 'year' | 'category' | 'amount' | 'name';
const REQUIRED: Field[] = ['unit', 'year', 'category', 'amount'];
const FIELD_LABELS: Record<Field, string> = {
  unit: '单位',
  year: '年度',
  category: '类别',
  amount: '金额',
  name: '名称',
};
const HEADERS: Record<string, Field> = {
  单位: 'unit',
  unit: 'unit',
  年度: 'year',
  财政年度: 'year',
  year: 'year',
  fiscal_year: 'year',
  类别: 'category',
  服务类别: 'category',
  category: 'category',
  金额: 'amount',
  预算金额: 'amount',
  amount: 'amount',
  名称: 'name',
  name: 'name',
};
/** `金额(元)`, `金额（元）` and ` Amount ` all name the amount column. */
const headerKey = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .replace(/[(（][^)）]*[)）]\s*$/, '')
    .trim()
    .toLowerCase();

const MAX_NAME = 100;

/** Whether a header row (cells as written) names every required column of a budget file. */
export function isBudgetHeader(header: string[]): boolean {
  const fields = new Set(header.map((h) => HEADERS[headerKey(h)]));
  return REQUIRED.every((f) => fields.has(f));
}

/** Reads a CSV or XLSX budget file (told apart by content, not by name) and checks every row. */
export async function readBudgetFile(path: string): Promise<BudgetFile> {
  const data = await readFile(path);
  // XLSX is a zip archive; the old binary .xls is an OLE file, which our reader (src/xlsx) cannot read.
  if (data[0] === 0x50 && data[1] === 0x4b) return checkTable(await readXlsxTable(data));
  if (data[0] === 0xd0 && data[1] === 0xcf)
    return fileError('不支持旧版 .xls 文件,请在 Excel 中另存为 .xlsx 或 CSV (UTF-8)');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    // Excel in a Chinese locale saves "CSV" as GBK by default; say how to get UTF-8 instead.
    return fileError('文件不是 UTF-8 编码,请在 Excel 中另存为「CSV UTF-8(逗号分隔)」');
  }
  return parseBudgetCsv(text);
}

export function parseBudgetCsv(text: string): BudgetFile {
  try {
    return checkTable(parseCsv(text.replace(/^\uFEFF/, '')).map((cells, i) => ({ row: i + 1, cells })));
  } catch (err) {
    return fileError(err instanceof Error ? err.message : String(err));
  }
}

const fileError = (message: string): BudgetFile => ({ rows: [], errors: [{ row: 1, message }] });
const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

/** Maps the header, then checks each data row; blank rows are skipped but keep their numbers. */
export function checkTable(table: TableRow[]): BudgetFile {
  const nonBlank = table.filter((r) => !isBlank(r.cells));
  const header = nonBlank[0];
  if (!header) return fileError('文件为空:第一行应为表头(单位、年度、类别、金额,可选名称)');
  const columns = new Map<Field, number>();
  const errors: RowError[] = [];
  header.cells.forEach((h, i) => {
    const field = HEADERS[headerKey(h)];
    if (!field) return; // extra columns (备注...) are allowed and ignored
    if (columns.has(field))
      errors.push({ row: header.row, message: `表头中「${FIELD_LABELS[field]}」列出现了两次` });
    columns.set(field, i);
  });
  const missing = REQUIRED.filter((f) => !columns.has(f)).map((f) => FIELD_LABELS[f]);
  if (missing.length) errors.push({ row: header.row, message: `缺少列:${missing.join('、')}` });
  if (errors.length) return { rows: [], errors };

  const rows: BudgetFileRow[] = [];
  for (const r of nonBlank.slice(1)) {
    const cell = (f: Field) => {
      const i = columns.get(f);
      return i === undefined ? '' : (r.cells[i] ?? '').trim();
    };
    const result = checkRow(r.row, cell);
    if ('unit' in result) rows.push(result);
    else errors.push(...result.errors.map((message) => ({ row: r.row, message })));
  }
  return { rows, errors };
}

function checkRow(row: number, cell: (f: Field) => string): BudgetFileRow | { errors: string[] } {
  const errors: string[] = [];
  const unit = cell('unit');
  if (!unit) errors.push('单位为空');

  const yearText = cell('year').replace(/年$/, '');
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : Number.NaN;
  if (!(year >= 2000 && year <= 2100)) errors.push(`年度「${cell('year')}」无效,应为四位年份,如 2025`);

  const category = parseCategory(cell('category'));
  if (!category) errors.push(`类别「${cell('category')}」无效,应为 ${CATEGORY_HINT} 之一`);

  // The shared parser: exact fen from the digit strings, thousands separators and 万 accepted.
  const amount = cell('amount') === '' ? undefined : parseAmount(cell('amount'));
  if (!amount) errors.push('金额为空');
  else if (!amount.ok) errors.push(amount.error);

  const name = cell('name');
  if (name.length > MAX_NAME) errors.push(`名称过长(最多 ${MAX_NAME} 个字)`);

  if (errors.length || !category || !amount?.ok) return { errors };
  return { row, unit, year, category, name, amountFen: amount.fen };
}
