import { eq } from 'drizzle-orm';
import { calendarDays } from '../../db/schema';
import type { CalendarDay } from '../../domain/calendar';
import { type ImportKind, sheetTable } from '../import-kind/kind';
import { checkCalendarRows } from './file';
import { loadCalendar, writeCalendarYear } from './import';

type Plan = { year: number; days: CalendarDay[] };

const KIND_TEXT = { holiday: '放假', workday: '调休上班' } as const;
const dayText = (d: { date: string; kind: 'holiday' | 'workday'; name: string }) =>
  `${d.date} ${KIND_TEXT[d.kind]}(${d.name})`;

/**
 * 节假日安排 through the chat: a year's State Council notice, the same checks and the same write as
 * `calendar:load` (the year's loaded days replaced as a whole, audited), so the preview lists the
 * days added, the days changed and the days the new notice no longer has.
 */
export const calendarImportKind: ImportKind<Plan | undefined> = {
  key: 'calendar',
  label: '节假日安排',
  roles: ['admin'],
  template: {
    sheet: '节假日安排',
    columns: [
      { header: '日期', example: '2027-10-01', width: 14 },
      { header: '类型', example: '放假', width: 10 },
      { header: '名称', example: '国庆节', width: 16 },
    ],
  },
  detect: (header) => header.includes('日期') && header.includes('类型'),
  async plan(db, rows) {
    const t = sheetTable(rows);
    const file = checkCalendarRows(
      t.records.map((r) => ({
        row: r.row,
        date: r.cell('日期', 'date'),
        kind: r.cell('类型', 'kind'),
        name: r.cell('名称', '节日', 'name'),
      })),
    );
    if (file.errors.length > 0 || file.year === undefined)
      return { adds: [], changes: [], unchanged: 0, errors: file.errors, data: undefined };
    const year = file.year;
    const loaded = await db.select().from(calendarDays).where(eq(calendarDays.year, year));
    const before = new Map(loaded.map((d) => [d.date, d]));
    const adds: string[] = [];
    const changes: string[] = [];
    let unchanged = 0;
    for (const d of file.days) {
      const old = before.get(d.date);
      before.delete(d.date);
      if (!old) adds.push(dayText(d));
      else if (old.kind === d.kind && old.name === d.name) unchanged++;
      else changes.push(`${dayText(old)} 改为 ${dayText(d)}`);
    }
    for (const old of before.values()) changes.push(`删除 ${dayText(old)}(新的安排中没有)`);
    return {
      adds,
      changes,
      unchanged,
      errors: [],
      notes: [`导入后 ${year} 年的节假日安排以本文件为准(整年替换)。`],
      data: { year, days: file.days },
    };
  },
  async apply(tx, plan, ctx) {
    if (!plan.data) throw new Error('a calendar plan without days reached apply');
    const r = await writeCalendarYear(tx, plan.data.year, plan.data.days, {
      actor: ctx.actor.openId,
      now: ctx.now,
    });
    // This process uses the new days at once; the others reload within CALENDAR_RELOAD_MS.
    ctx.afterCommit?.(async (db) => void (await loadCalendar(db)));
    return {
      summary: `已导入 ${r.year} 年节假日安排:放假 ${r.holidays} 天,调休上班 ${r.workdays} 天`,
      counts: { holidays: r.holidays, workdays: r.workdays, replaced: r.replaced },
    };
  },
};
