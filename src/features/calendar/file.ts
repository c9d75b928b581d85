/**
 * A year's State Council holiday notice as a file: CSV (UTF-8, header 日期,类型,名称) or YAML (a list
 * of { 日期, 类型, 名称 }, or { date, kind, name }). 类型 is 放假 (a day off) or 调休 (a weekend day
 * worked). Checked as a whole: every bad row is named, and a file with any is not loaded.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { addCalendarDays, dateParts, dayNumber } from '../../domain/business-date';
import type { CalendarDay, CalendarDayKind } from '../../domain/calendar';
import { parseCsv } from '../import-kind/csv';

export type RowError = { row: number; message: string };
export type CalendarFile = { year: number | undefined; days: CalendarDay[]; errors: RowError[] };
export type RawRow = { row: number; date: string; kind: string; name: string };

const KINDS: Record<string, CalendarDayKind> = {
  放假: 'holiday',
  休息: 'holiday',
  holiday: 'holiday',
  调休: 'workday',
  上班: 'workday',
  workday: 'workday',
};
const HEADERS: Record<string, keyof Omit<RawRow, 'row'>> = {
  日期: 'date',
  date: 'date',
  类型: 'kind',
  kind: 'kind',
  名称: 'name',
  节日: 'name',
  name: 'name',
};
const MAX_NAME = 50;
const MAX_ROWS = 400;

export async function readCalendarFile(path: string): Promise<CalendarFile> {
  const content = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  return /\.ya?ml$/i.test(path) ? parseCalendarYaml(content) : parseCalendarCsv(content);
}

export function parseCalendarCsv(content: string): CalendarFile {
  const [header, ...lines] = parseCsv(content);
  const cols = (header ?? []).map((h) => HEADERS[h.trim().toLowerCase()] ?? HEADERS[h.trim()]);
  if (!cols.includes('date') || !cols.includes('kind')) {
    return {
      year: undefined,
      days: [],
      errors: [{ row: 1, message: '表头须包含 日期、类型 两列(名称可选)' }],
    };
  }
  const rows = lines
    .map((cells, i) => {
      const r: RawRow = { row: i + 2, date: '', kind: '', name: '' };
      cols.forEach((c, j) => {
        if (c) r[c] = (cells[j] ?? '').trim();
      });
      return r;
    })
    .filter((r) => r.date || r.kind || r.name);
  return checkCalendarRows(rows);
}

export function parseCalendarYaml(content: string): CalendarFile {
  let doc: unknown;
  try {
    doc = parseYaml(content);
  } catch {
    return { year: undefined, days: [], errors: [{ row: 1, message: 'YAML 格式错误' }] };
  }
  const list = Array.isArray(doc) ? doc : (doc as { days?: unknown } | null)?.days;
  if (!Array.isArray(list)) {
    return { year: undefined, days: [], errors: [{ row: 1, message: '应为日期列表(日期、类型、名称)' }] };
  }
  const rows = list.map((item, i): RawRow => {
    const o = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
    const get = (...keys: string[]) => {
      const k = keys.find((key) => Object.hasOwn(o, key));
      return k === undefined ? '' : String(o[k] ?? '').trim();
    };
    return { row: i + 1, date: get('日期', 'date'), kind: get('类型', 'kind'), name: get('名称', 'name') };
  });
  return checkCalendarRows(rows);
}

function isWeekend(date: string): boolean {
  const dow = new Date(dayNumber(date) * 86_400_000).getUTCDay();
  return dow === 0 || dow === 6;
}

/**
 * The notice's year is the year most rows fall in; a row may lie up to a week outside it (a 元旦
 * holiday or its 调休 that starts in late December). A 调休 day must be a Saturday or Sunday.
 */
export function checkCalendarRows(rows: RawRow[]): CalendarFile {
  const errors: RowError[] = [];
  if (rows.length === 0) errors.push({ row: 1, message: '文件中没有日期' });
  if (rows.length > MAX_ROWS) errors.push({ row: 1, message: `日期过多(最多 ${MAX_ROWS} 行)` });
  const valid: RawRow[] = [];
  for (const r of rows) {
    const bad = (message: string) => errors.push({ row: r.row, message });
    const before = errors.length;
    try {
      dateParts(r.date);
    } catch {
      bad(`日期「${r.date.slice(0, 20)}」无效,应为 YYYY-MM-DD 的真实日期`);
    }
    if (!Object.hasOwn(KINDS, r.kind)) bad(`类型「${r.kind.slice(0, 20)}」无效,应为 放假 或 调休`);
    if (r.name.length > MAX_NAME) bad(`名称过长(最多 ${MAX_NAME} 字)`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(r.name)) bad('名称含有控制字符');
    if (errors.length === before) valid.push(r);
  }
  const counts = new Map<number, number>();
  for (const r of valid) counts.set(dateParts(r.date).year, (counts.get(dateParts(r.date).year) ?? 0) + 1);
  const year = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  const seen = new Map<string, number>();
  const days: CalendarDay[] = [];
  for (const r of valid) {
    const kind = KINDS[r.kind]!;
    if (seen.has(r.date)) {
      errors.push({ row: r.row, message: `日期 ${r.date} 与第 ${seen.get(r.date)} 行重复` });
      continue;
    }
    seen.set(r.date, r.row);
    if (year !== undefined) {
      const first = `${year}-01-01`;
      const last = `${year}-12-31`;
      if (r.date < addCalendarDays(first, -7) || r.date > addCalendarDays(last, 7)) {
        errors.push({ row: r.row, message: `日期 ${r.date} 不属于 ${year} 年的节假日安排` });
        continue;
      }
    }
    if (kind === 'workday' && !isWeekend(r.date)) {
      errors.push({ row: r.row, message: `调休日 ${r.date} 应为周六或周日` });
      continue;
    }
    days.push({
      date: r.date,
      kind,
      name: r.name || (kind === 'workday' ? '调休上班' : '放假'),
      year: year!,
    });
  }
  errors.sort((a, b) => a.row - b.row);
  return { year, days, errors };
}
