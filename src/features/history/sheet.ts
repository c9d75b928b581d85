/**
 * Reading a history import's rows by column name, as the import framework reads them
 * (features/import-kind/kind.ts `sheetTable`: the first non-blank row is the header).
 */
import { grantsAllow } from '../../domain/actor';
import type { Role } from '../../domain/roles';
import type { ImportContext, ImportRow, ImportRowError } from '../import-kind/kind';
import { normalizeHeader, sheetTable } from '../import-kind/kind';

export type Cells = { row: number; get(header: string): string };

/** The data rows with their cells by header name; blank rows are left out. */
export function rowsByHeader(rows: ImportRow[]): Cells[] {
  return sheetTable(rows).records.map((r) => ({ row: r.row, get: (header: string) => r.cell(header) }));
}

/** Whether every listed header is in the file's header row (normalized as the framework does). */
export function hasHeaders(header: string[], needed: readonly string[]): boolean {
  return needed.every((h) => header.includes(normalizeHeader(h)));
}

/** Collects a row's problems; `ok` when none was found. */
export class RowErrors {
  readonly list: ImportRowError[] = [];
  add(row: number, message: string) {
    this.list.push({ row, message });
  }
  get ok() {
    return this.list.length === 0;
  }
}

/** `YYYY-MM`. */
export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A month typed as `2025-03`, `2025-3` or an Excel date (its first day). */
export function parseMonthCell(s: string): string | undefined {
  const m = /^(\d{4})-(\d{1,2})(?:-\d{2})?$/.exec(s.trim());
  if (!m) return undefined;
  const month = `${m[1]}-${m[2]!.padStart(2, '0')}`;
  return MONTH_RE.test(month) ? month : undefined;
}

/**
 * Why the importer may not bring in this unit's history, or undefined: one of `roles` in that unit
 * (a zone-wide grant covers every unit). Checked per row, at the preview and again at 确认导入.
 */
export function unitRefusal(
  ctx: ImportContext,
  roles: readonly Role[],
  unit: { id: number; name: string },
): string | undefined {
  if (roles.some((r) => grantsAllow(ctx.actor.grants, r, unit.id))) return undefined;
  return `您没有「${unit.name}」的导入权限,不能导入其数据`;
}
