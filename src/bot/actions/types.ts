import type { ActionName, ActionValue } from '../../cards/values';
import type { Db, Sql } from '../../db/client';
import type { BotEvent } from '../normalize';
import type { BaseContext, CallbackAnswer, WriteContext } from '../types';

type CardEvent = Extract<BotEvent, { kind: 'card' }>;
/** The button value of action `K`, decoded once by the dispatcher. */
export type ValueOf<K extends ActionName> = Extract<ActionValue, { a: K }>;

/** A click that only reads: no transaction, no outbox; `tx` is the pool. */
export interface ReadContext extends BaseContext<CardEvent> {
  tx: Db;
}

/** A click that may write; `preloaded` is what the action's preload started with BEGIN and the claim. */
export interface ActionWriteContext<P = undefined> extends WriteContext<CardEvent> {
  preloaded: Promise<P> | undefined;
}

export type ReadAction<V> = {
  mode: 'read';
  handle: (ctx: ReadContext, value: V) => Promise<CallbackAnswer>;
};
export type WriteAction<V, P = undefined> = {
  mode: 'write';
  /** Reads the action makes whatever the form says: sent with BEGIN and the event claim, no round trip of their own. */
  preload?: (sql: Sql, value: V) => Promise<P>;
  handle: (ctx: ActionWriteContext<P>, value: V) => Promise<CallbackAnswer>;
};
export type Action<V> = ReadAction<V> | WriteAction<V, any>;

/** Every button action, exhaustively: a member of the union without an entry does not compile. */
export type ActionTable = { [K in ActionName]: Action<ValueOf<K>> };

/** An action that only shows something. */
export const read = <V = ActionValue>(handle: ReadAction<V>['handle']): ReadAction<V> => ({
  mode: 'read',
  handle,
});

/** An action that changes state, optionally with reads sent ahead of its handler. */
export const write = <V = ActionValue, P = undefined>(
  handle: WriteAction<V, P>['handle'],
  preload?: WriteAction<V, P>['preload'],
): WriteAction<V, P> => ({ mode: 'write', handle, ...(preload ? { preload } : {}) });
