/**
 * Loads a year's holiday notice: all or nothing, replacing whatever was loaded
 * for that year, audited. Loaded days beat the `chinese-days` package from the moment this process
 * reinstalls the calendar (at once) and other processes reload it (within `CALENDAR_RELOAD_MS`).
 */
import { asc, eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import type { Db, DbOrTx, Tx } from '../../db/client';
import { calendarDays } from '../../db/schema';
import { type CalendarDay, installCalendar } from '../../domain/calendar';
import type { CalendarFile, RowError } from './file';

/** How often each process rereads the table, so a load on one process reaches the others. */
export const CALENDAR_RELOAD_MS = 10 * 60_000;

export type CalendarImportResult =
  | { ok: true; year: number; holidays: number; workdays: number; replaced: number }
  | { ok: false; errors: RowError[] };

/** Reads every loaded day and installs it as the calendar of this process; returns the years. */
export async function loadCalendar(db: DbOrTx): Promise<number[]> {
  const rows = await db
    .select({
      date: calendarDays.date,
      kind: calendarDays.kind,
      name: calendarDays.name,
      year: calendarDays.year,
    })
    .from(calendarDays)
    .orderBy(asc(calendarDays.date));
  installCalendar(rows);
  return [...new Set(rows.map((r) => r.year))].sort();
}

export async function importCalendar(
  db: Db,
  file: CalendarFile,
  by: { actor: string; now: Date },
): Promise<CalendarImportResult> {
  if (file.errors.length > 0 || file.year === undefined) {
    return { ok: false, errors: file.errors.length ? file.errors : [{ row: 1, message: '文件中没有日期' }] };
  }
  const year = file.year;
  const days: CalendarDay[] = file.days;
  const result = await db.transaction((tx) => writeCalendarYear(tx, year, days, by));
  await loadCalendar(db);
  return result;
}

/**
 * Replaces the year's loaded days with `days` in the caller's transaction, audited (calendar.loaded).
 * The caller reinstalls the calendar (`loadCalendar`) once it has committed.
 */
export async function writeCalendarYear(
  tx: Tx,
  year: number,
  days: CalendarDay[],
  by: { actor: string; now: Date },
): Promise<{ ok: true; year: number; holidays: number; workdays: number; replaced: number }> {
  // The audit chain's lock of this year comes first: two loads of one year run one after the other.
  await appendAudit(tx, {
    aggregateType: 'calendar',
    aggregateId: year,
    actor: by.actor,
    action: 'calendar.loaded',
    data: { year, days: days.map((d) => [d.date, d.kind, d.name]) },
    at: by.now,
  });
  const replaced = await tx
    .delete(calendarDays)
    .where(eq(calendarDays.year, year))
    .returning({ date: calendarDays.date });
  for (const d of days) {
    const row = { ...d, year, loadedBy: by.actor, loadedAt: by.now };
    // A date another year's notice also names (a 元旦 bridge): the newer load decides it.
    await tx.insert(calendarDays).values(row).onConflictDoUpdate({ target: calendarDays.date, set: row });
  }
  return {
    ok: true as const,
    year,
    holidays: days.filter((d) => d.kind === 'holiday').length,
    workdays: days.filter((d) => d.kind === 'workday').length,
    replaced: replaced.length,
  };
}
