import type { Db, Tx } from '../db/client';
import type { Actor } from '../domain/actor';
import type { Logger } from '../log';
import type { OutboxWriter } from '../outbox/write';
import type { BotEvent } from './normalize';

export type Toast = { type: 'info' | 'success' | 'error' | 'warning'; content: string };
/** What a card callback answers with: a toast, the card to put in place of the clicked one, or both. */
export type CallbackAnswer = { toast?: Toast; card?: { type: 'raw'; data: object } };

export interface BotDeps {
  db: Db;
  logger: Logger;
  enqueueOutbox(ids: string[]): Promise<void>;
  /** Queues the fan-out of decided approval stages (cards, filer, next stage) after commit. */
  enqueueFanout(stageIds: number[]): Promise<void>;
  now(): Date;
}

export interface HandlerContext<E extends BotEvent = BotEvent> {
  /** The event's transaction; for read-only actions, the pool itself. */
  tx: Tx | Db;
  event: E;
  out: OutboxWriter;
  /** The person behind the event, if the organisation knows them. */
  actor: Actor | undefined;
  deps: BotDeps;
  log: Logger;
  /**
   * Work to hand off once the transaction has committed (and never if it rolls back), such as
   * queueing a job that reads what the transaction wrote. Failures are logged: a sweep redoes it.
   */
  afterCommit(task: () => Promise<void>): void;
  /**
   * What the action's entry in `PRELOADS` started reading in the transaction's first round trip
   * (with BEGIN and the event claim); undefined when it has none or ran outside the dispatcher.
   */
  preloaded?: Promise<unknown>;
  /**
   * A statement the handler has sent and need not see answered (it reads nothing from it): the
   * dispatcher awaits it together with COMMIT, sent right behind it; if it fails, nothing commits.
   * Absent outside the dispatcher's transaction (the handler then awaits its statements itself).
   */
  beforeCommit?(p: Promise<unknown>): void;
}

export type Handler<E extends BotEvent = BotEvent> = (
  ctx: HandlerContext<E>,
) => Promise<CallbackAnswer | undefined>;

/** The transaction of a writing handler; read-only actions (which get the pool) never call this. */
export function writeTx(ctx: { tx: Tx | Db }): Tx {
  if (!('rollback' in ctx.tx)) throw new Error('a writing action ran outside a transaction');
  return ctx.tx as Tx;
}
