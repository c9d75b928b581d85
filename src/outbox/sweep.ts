import type { Db, Tx } from '../db/client';
import { OutboxWriter } from './write';

/** Where committed outbox rows go: the relay's enqueuer (`createOutboxEnqueuer`). */
export type OutboxRelay = { enqueueOutbox(ids: string[]): Promise<void> };

/**
 * One unit of a sweep (a stage chased, an item chased, a page of reminders, a batch of bans): `work`
 * runs in its own transaction with an outbox writer, and the rows it wrote go to the relay after the
 * commit, never before, so a unit rolled back sends nothing. A failed enqueue loses nothing: the
 * rows are committed and the relay's sweep queues them. Its error still ends the run, whose retry
 * resumes where it stopped because each unit claims its work in the same transaction as its rows.
 * `writer` builds a subclass of `OutboxWriter` for units that need one.
 */
export async function inOutboxTransaction<T>(
  db: Db,
  relay: OutboxRelay,
  work: (tx: Tx, out: OutboxWriter) => Promise<T>,
): Promise<T>;
export async function inOutboxTransaction<T, W extends OutboxWriter>(
  db: Db,
  relay: OutboxRelay,
  work: (tx: Tx, out: W) => Promise<T>,
  writer: (tx: Tx) => W,
): Promise<T>;
export async function inOutboxTransaction<T>(
  db: Db,
  relay: OutboxRelay,
  work: (tx: Tx, out: OutboxWriter) => Promise<T>,
  writer: (tx: Tx) => OutboxWriter = (tx) => new OutboxWriter(tx),
): Promise<T> {
  const { result, ids } = await db.transaction(async (tx) => {
    const out = writer(tx);
    const result = await work(tx, out);
    return { result, ids: out.ids };
  });
  if (ids.length > 0) await relay.enqueueOutbox(ids);
  return result;
}
