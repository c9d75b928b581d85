/**
 * The board's weekly digest: on the first working day of an ISO week each discipline member gets one
 * private message with their own scope's counts; a second run sends nothing more; a Monday holiday
 * sends nothing and the Tuesday after it sends; a Wednesday sends nothing; a run whose transaction
 * fails sends nothing and leaves the week to the next run. 2026-04-06 is 清明 (a Monday off).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isWorkingDay } from '../../src/domain/calendar';
import { sendBoardDigest } from '../../src/features/board/digest';
import { boardDigest } from '../../src/jobs/board-digest';
import { seedBoardZone, UNIT_READER } from '../fixtures/board-zone';
import { botCards, titleOf } from '../helpers/cards';
import { type Harness, startHarness } from '../helpers/harness';

const at = (date: string) => new Date(`${date}T09:00:00+08:00`);
let h: Harness;
const relay = { enqueueOutbox: (ids: string[]) => h.app.enqueueOutbox(ids) };
beforeAll(async () => {
  h = await startHarness();
  await seedBoardZone(h);
}, 90_000);
afterAll(() => h.stop());

/** The digest rows in the outbox, by receiver. */
async function digestRows() {
  const rows = await h.db.execute<{ receive_id: string; receive_id_type: string }>(
    sql`select receive_id, receive_id_type from outbox where content::text like '%纪检监察看板周报%' order by created_at`,
  );
  return [...rows];
}
const weeks = async () => [
  ...(await h.db.execute<{ week: string; recipients: number }>(
    sql`select week, recipients from board_digests order by week`,
  )),
];

it('the calendar is as the test assumes', () => {
  expect([isWorkingDay('2026-04-06'), isWorkingDay('2026-04-07'), isWorkingDay('2026-04-13')]).toEqual([
    false,
    true,
    true,
  ]);
});

it('a working Monday sends one private message per discipline member; a rerun sends nothing more', async () => {
  const members = [h.person('郑毅'), UNIT_READER.openId].sort();
  expect(await sendBoardDigest(h.db, at('2026-04-13'), relay)).toEqual({ week: '2026-04-13', sent: 2 });
  const rows = await digestRows();
  expect(rows.map((r) => r.receive_id).sort()).toEqual(members);
  expect(rows.every((r) => r.receive_id_type === 'open_id')).toBe(true);
  // Twice more, once at the same moment: nothing more.
  const again = await Promise.all([
    sendBoardDigest(h.db, at('2026-04-13'), relay),
    boardDigest.process(
      { at: at('2026-04-13').toISOString() },
      { db: h.db, now: () => new Date(), ...relay } as never,
      {} as never,
    ),
  ]);
  expect(again).toEqual([
    { week: '2026-04-13', sent: 0 },
    { week: '2026-04-13', sent: 0 },
  ]);
  expect(await digestRows()).toHaveLength(2);
  expect(await weeks()).toEqual([{ week: '2026-04-13', recipients: 2 }]);
  // Delivered privately, with the reader's own scope and the button to the board.
  const card = await h.sb.waitFor(() =>
    botCards(h.sb.inbox(UNIT_READER.openId)).find((m) => titleOf(m) === '纪检监察看板周报'),
  );
  expect(JSON.stringify(card.content)).toContain('综合行政执法局');
  expect(JSON.stringify(card.content)).toContain('打开看板');
  expect(card.chatId).not.toBe('');
});

it('a Monday holiday sends nothing, the Tuesday after it sends, a Wednesday sends nothing', async () => {
  expect(await sendBoardDigest(h.db, at('2026-04-06'), relay)).toEqual({ skipped: 'day_off' });
  expect(await digestRows()).toHaveLength(2);
  expect(await sendBoardDigest(h.db, at('2026-04-07'), relay)).toEqual({ week: '2026-04-06', sent: 2 });
  expect(await sendBoardDigest(h.db, at('2026-04-08'), relay)).toEqual({ skipped: 'not_first_working_day' });
  expect(await sendBoardDigest(h.db, at('2026-04-15'), relay)).toEqual({ skipped: 'not_first_working_day' });
  expect(await digestRows()).toHaveLength(4);
  expect((await weeks()).map((w) => w.week)).toEqual(['2026-04-06', '2026-04-13']);
});

it('a run that fails before its commit sends nothing, and the next run sends the week', async () => {
  const failing = { enqueueOutbox: relay.enqueueOutbox };
  // A trigger makes the week's insert fail inside the transaction that also wrote nothing else yet.
  await h.db.execute(sql`create or replace function board_digest_fail() returns trigger as $$
    begin raise exception 'crash'; end $$ language plpgsql`);
  await h.db.execute(
    sql`create trigger board_digest_fail after insert on outbox for each row execute function board_digest_fail()`,
  );
  await expect(sendBoardDigest(h.db, at('2026-04-20'), failing)).rejects.toThrow();
  await h.db.execute(sql`drop trigger board_digest_fail on outbox`);
  expect(await digestRows()).toHaveLength(4);
  expect((await weeks()).map((w) => w.week)).not.toContain('2026-04-20');
  expect(await sendBoardDigest(h.db, at('2026-04-20'), relay)).toEqual({ week: '2026-04-20', sent: 2 });
  expect(await digestRows()).toHaveLength(6);
});
