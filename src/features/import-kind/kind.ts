/**
 * Spreadsheet imports through the chat (导入): the registry of import kinds.
 *
 * An admin or finance officer sends the bot an XLSX in the private chat. The framework
 * (features/imports/inbound.ts) checks the size, downloads it, reads the first worksheet as text rows
 * (numbered as Excel shows them, the header is the first non-blank row), finds the kind whose header
 * the file carries (`detect`), checks the sender against `roles`, and calls `plan` to build the
 * preview card (adds, changes, every bad row with its number and reason) without writing anything.
 * The rows are stored on a pending import row; 确认导入 locks that row, calls `plan` again inside the
 * transaction (the data may have moved since the preview: the confirmation is refused when the
 * preview no longer holds) and then `apply`, all or nothing; a second click finds the row done.
 * 导入模板 sends `template` as an XLSX; its headers must be ones `detect` and `plan` accept (a test
 * round-trips every registered kind).
 *
 * To add a kind: write an `ImportKind` in your feature folder (features/<feature>/import-kind.ts is
 * the convention) and add it to IMPORT_KINDS in features/imports/registry.ts. This file is a folder of
 * its own on the lowest floor (src/features/README.md), so every kind's folder may import it and the
 * import desk above may import every kind. Nothing else in the framework names a kind.
 */
import type { Db, DbOrTx, Tx } from '../../db/client';
import type { Actor } from '../../domain/actor';
import type { Role } from '../../domain/roles';

/** One spreadsheet row as text; `row` is the number Excel shows (the header is usually row 1). */
export type ImportRow = { row: number; cells: string[] };
/** A refusal tied to the row the user must fix; `message` is Chinese, shown as is. */
export type ImportRowError = { row: number; message: string };

/** Who imports and when: the actor's live grants, read at this click or message. */
export interface ImportContext {
  actor: Actor;
  now: Date;
  /**
   * Work for after the confirmation's transaction commits (never if it rolls back), such as reloading
   * an in-process cache from what `apply` wrote. Absent in `plan`.
   */
  afterCommit?(task: (db: Db) => Promise<void>): void;
}

/**
 * What `plan` found. The lines are Chinese, one per row or per thing changed, shown on the preview
 * card (capped there, with their total counted). `errors` lists every bad row; any error means
 * nothing can be imported. `data` is what `apply` needs: the kind's own shape, built from the rows
 * and the database as read in `plan` (never stored: `plan` runs again right before `apply`).
 */
export interface ImportPlan<P> {
  adds: string[];
  changes: string[];
  /** Rows that are already there exactly as written (a re-sent file imports nothing twice). */
  unchanged: number;
  errors: ImportRowError[];
  /** Optional lines said on the preview card above the lists (what the import will and will not do). */
  notes?: string[];
  data: P;
}

/** What `apply` did, in Chinese, for the card that replaces the preview and for the audit row. */
export interface ImportOutcome {
  summary: string;
  /** Small counts for the framework's own audit row (import.applied); the kind audits each write. */
  counts: Record<string, number>;
}

/** A template column: its Chinese header (the first one `detect` looks for) and one example value. */
export interface TemplateColumn {
  header: string;
  example: string | number;
  /** Column width in characters (default 16). */
  width?: number;
}

export interface ImportKind<P = unknown> {
  /** Stable key stored on pending imports and in button values: lowercase ascii, e.g. 'budget'. */
  key: string;
  /** Chinese name on cards and buttons: 预算额度, 组织架构, 节假日安排, 供应商 ... */
  label: string;
  /**
   * Roles that may import this kind (held anywhere: unit or zone). The sender is checked when the
   * file arrives and again at 确认导入; `plan` may refuse rows outside the sender's scope.
   */
  roles: readonly Role[];
  /** The 导入模板: a sheet name (≤ 31 chars) and its columns with one example row. */
  template: { sheet: string; columns: TemplateColumn[] };
  /**
   * Whether a header row is this kind's. Headers arrive trimmed; match on the column names that
   * only this kind has (several kinds matching makes the bot ask which one).
   */
  detect(header: string[]): boolean;
  /**
   * Runs first in the confirmation's transaction, before `plan` is run again there: take the lock
   * that keeps what `plan` reads from moving until commit (a registry's advisory lock).
   */
  lock?(tx: Tx): Promise<void>;
  /**
   * Checks every row against the database and says what would change; writes nothing. `rows` is the
   * first worksheet's non-blank rows, the header row first (`sheetTable` maps them by header name).
   */
  plan(db: DbOrTx, rows: ImportRow[], ctx: ImportContext): Promise<ImportPlan<P>>;
  /**
   * Writes the plan in the caller's transaction, auditing each write (appendAudit). Throw to roll
   * everything back; the framework has already re-run `plan` in this transaction, so `data` is current.
   */
  apply(tx: Tx, plan: ImportPlan<P>, ctx: ImportContext): Promise<ImportOutcome>;
}

/**
 * A header cell as `detect` sees it: BOM and surrounding space dropped, a trailing unit in brackets
 * removed (`金额(元)`, `金额（元）` → `金额`), ascii lowercased.
 */
export function normalizeHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .replace(/[(（][^)）]*[)）]\s*$/, '')
    .trim()
    .toLowerCase();
}

/** The sheet as a header and records: each record's cells looked up by a header name or its aliases. */
export interface SheetTable {
  /** The header row's cells as `normalizeHeader` gives them. */
  header: string[];
  headerRow: number;
  records: { row: number; cell(...names: string[]): string }[];
}

/** The first row is the header; every later row with a value is a record (its Excel number kept). */
export function sheetTable(rows: ImportRow[]): SheetTable {
  const nonBlank = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = (nonBlank[0]?.cells ?? []).map(normalizeHeader);
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (h && !index.has(h)) index.set(h, i);
  });
  return {
    header,
    headerRow: nonBlank[0]?.row ?? 1,
    records: nonBlank.slice(1).map((r) => ({
      row: r.row,
      cell: (...names: string[]) => {
        for (const n of names) {
          const i = index.get(normalizeHeader(n));
          if (i !== undefined) return (r.cells[i] ?? '').trim();
        }
        return '';
      },
    })),
  };
}
