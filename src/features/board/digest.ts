/**
 * The weekly board digest to discipline inspection: on the first working day of each ISO week (Monday,
 * or the next working day when Monday is off), each person holding a discipline grant gets, in their
 * private chat, the counts of the board for their own scope and a button to open it.
 *
 * Exactly once per week: the week's board_digests row (its Monday's date) is inserted `on conflict do
 * nothing` in the same transaction as the outbox rows, so a retried or doubled run sends nothing twice
 * and a run that dies before its commit sends nothing at all (the next run of the day sends it).
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { buildBoardDigestCard } from '../../cards/board';
import type { Db } from '../../db/client';
import { boardDigests, people, roleGrants } from '../../db/schema';
import { firstWorkingDayOfWeek, isoWeekMonday } from '../../domain/board-rules';
import { isWorkingDay, shanghaiDate } from '../../domain/calendar';
import { inOutboxTransaction, type OutboxRelay } from '../../outbox/sweep';
import { boardView } from './board';
import type { BoardScope } from './scope';

export type DigestResult = { week: string; sent: number } | { skipped: 'day_off' | 'not_first_working_day' };

/** Every person with a live discipline grant, with the scope those grants give. */
async function disciplineReaders(db: Db): Promise<{ openId: string; scope: BoardScope }[]> {
  const rows = await db
    .select({ personId: people.id, openId: people.openId, unitId: roleGrants.unitId })
    .from(roleGrants)
    .innerJoin(people, eq(people.id, roleGrants.personId))
    .where(and(eq(roleGrants.role, 'discipline'), isNull(roleGrants.revokedAt)))
    .orderBy(asc(people.id), asc(roleGrants.unitId));
  const byPerson = new Map<number, { openId: string; units: (number | null)[] }>();
  for (const r of rows) {
    const e = byPerson.get(r.personId) ?? { openId: r.openId, units: [] };
    e.units.push(r.unitId);
    byPerson.set(r.personId, e);
  }
  return [...byPerson.values()].map((e) => ({
    openId: e.openId,
    scope: { units: e.units.includes(null) ? null : (e.units as number[]) },
  }));
}

export async function sendBoardDigest(db: Db, now: Date, relay: OutboxRelay): Promise<DigestResult> {
  const today = shanghaiDate(now);
  if (!isWorkingDay(today)) return { skipped: 'day_off' };
  if (firstWorkingDayOfWeek(today) !== today) return { skipped: 'not_first_working_day' };
  const week = isoWeekMonday(today);
  const [done] = await db.select().from(boardDigests).where(eq(boardDigests.week, week));
  if (done) return { week, sent: 0 };
  // The boards are read before the transaction: it then holds its row lock only for the writes.
  const readers = await disciplineReaders(db);
  const cards = await Promise.all(
    readers.map(async (r) => ({
      to: { type: 'open_id' as const, id: r.openId },
      card: buildBoardDigestCard({ ...(await boardView(db, r.scope, today)), week }),
    })),
  );
  return inOutboxTransaction(db, relay, async (tx, out) => {
    const claimed = await tx
      .insert(boardDigests)
      .values({ week, sentAt: now, recipients: cards.length })
      .onConflictDoNothing()
      .returning({ week: boardDigests.week });
    if (claimed.length === 0) return { week, sent: 0 };
    await out.sendCards(cards);
    return { week, sent: cards.length };
  });
}
