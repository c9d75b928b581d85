import type { ActionName, ActionValue } from '../../cards/values';
import type { Db, Sql } from '../../db/client';
import type { BotEvent } from '../normalize';
import type { BaseContext, CallbackAnswer, WriteContext } from '../types';
import type { Scope } from './scopes';

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
  /** Who may click it with this value: checked by the dispatcher before `handle`, never by the handler alone. */
  scope: Scope<V>;
  handle: (ctx: ReadContext, value: V) => Promise<CallbackAnswer>;
};
export type WriteAction<V, P = undefined> = {
  mode: 'write';
  /** Checked inside the click's transaction, after the claim and before `handle`. */
  scope: Scope<V>;
  /** Reads the action makes whatever the form says: sent with BEGIN and the event claim, no round trip of their own. */
  preload?: (sql: Sql, value: V) => Promise<P>;
  handle: (ctx: ActionWriteContext<P>, value: V) => Promise<CallbackAnswer>;
};
export type Action<V> = ReadAction<V> | WriteAction<V, any>;

/** Every button action, exhaustively: a member of the union without an entry does not compile. */
export type ActionTable = { [K in ActionName]: Action<ValueOf<K>> };

/** An action that only shows something, to those its scope (required) admits. */
export const read = <V = ActionValue>(handle: ReadAction<V>['handle'], scope: Scope<V>): ReadAction<V> => ({
  mode: 'read',
  scope,
  handle,
});

/** An action that changes state, for those its scope (required) admits; optionally with preloaded reads. */
export const write = <V = ActionValue, P = undefined>(
  handle: WriteAction<V, P>['handle'],
  scope: Scope<V>,
  preload?: WriteAction<V, P>['preload'],
): WriteAction<V, P> => ({ mode: 'write', scope, handle, ...(preload ? { preload } : {}) });
