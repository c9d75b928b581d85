/**
 * From 1 November, when next year's holidays are neither in the package nor loaded: one notice to
 * the zone admins per year. The calendar_notices row is the claim, so two
 * workers, a retry and every later day of November and December send it once.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { appendAudit } from '../../audit/append';
import { calendarMissingCard } from '../../cards/calendar';
import type { Db } from '../../db/client';
import { calendarNotices, people, roleGrants } from '../../db/schema';
import { dateParts } from '../../domain/business-date';
import { calendarCovers, shanghaiDate } from '../../domain/calendar';
import { inOutboxTransaction, type OutboxRelay } from '../../outbox/sweep';
import { loadCalendar } from './import';

/** The month the State Council's notice is normally out; from then on, next year's gap is news. */
export const CHECK_FROM_MONTH = 11;

export type CalendarCheck =
  | { year: number; status: 'not-yet' | 'covered' | 'no-admins' | 'already' }
  | { year: number; status: 'sent'; admins: number };

export async function checkNextYearCalendar(db: Db, now: Date, relay: OutboxRelay): Promise<CalendarCheck> {
  const today = dateParts(shanghaiDate(now));
  const year = today.year + 1;
  if (today.month < CHECK_FROM_MONTH) return { year, status: 'not-yet' };
  await loadCalendar(db); // this process's copy may be minutes old
  if (calendarCovers(year)) return { year, status: 'covered' };
  return inOutboxTransaction(db, relay, async (tx, out): Promise<CalendarCheck> => {
    const admins = await tx
      .select({ openId: people.openId })
      .from(roleGrants)
      .innerJoin(people, eq(people.id, roleGrants.personId))
      .where(and(eq(roleGrants.role, 'admin'), isNull(roleGrants.unitId), isNull(roleGrants.revokedAt)));
    // Nobody to tell yet: claim nothing, so the first admin granted hears of it on the next run.
    if (admins.length === 0) return { year, status: 'no-admins' };
    const claimed = await tx
      .insert(calendarNotices)
      .values({ year, sentAt: now })
      .onConflictDoNothing()
      .returning({ year: calendarNotices.year });
    if (claimed.length === 0) return { year, status: 'already' };
    const openIds = [...new Set(admins.map((a) => a.openId))];
    const card = calendarMissingCard(year);
    for (const id of openIds) await out.send({ type: 'open_id', id }, { card });
    await appendAudit(tx, {
      aggregateType: 'calendar',
      aggregateId: year,
      actor: 'job:calendar.check',
      action: 'calendar.missing_notice',
      data: { year, admins: openIds },
      at: now,
    });
    return { year, status: 'sent', admins: openIds.length };
  });
}
