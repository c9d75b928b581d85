import { drizzle } from 'drizzle-orm/postgres-js';
import { PostgresJsSession, PostgresJsTransaction } from 'drizzle-orm/postgres-js/session';
import postgres from 'postgres';
import { beginOnLane, connectionLostError, createLanes, type Lanes } from './lanes';
import * as schema from './schema';

export type Db = ReturnType<typeof createDb>['db'];
/** A transaction handle; queries take `Db | Tx` so they run inside or outside one. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** postgres.js's `sql`: tagged templates are named prepared statements (no query builder on the way). */
export type Sql = postgres.Sql;

/**
 * drizzle sends every query through `sql.unsafe(text, params, { prepare: false })`. For an unnamed
 * statement with parameters, postgres.js first sends Parse + Describe and waits for the parameter
 * types before it sends Bind + Execute: two round trips and two socket writes per query, and the
 * connection takes no other query meanwhile, so `Promise.all` of several queries does not pipeline.
 * As named prepared statements (cached per connection by text and parameter types, dropped with the
 * connection, which postgres.js recycles every 30 to 60 minutes) a query after the first costs one
 * Bind + Execute, and queries issued together go out in one write.
 * `PLAN_EACH_RUN` as the options of `unsafe` keeps a statement unnamed: planned for its own
 * parameters every time, for a statement whose generic plan (a prepared statement's from its sixth
 * run) is worse than the planning it saves.
 */
// `prepare: false` is postgres.js's own option; `planEachRun` tells `preparing` not to override it.
export const PLAN_EACH_RUN: { prepare: false; planEachRun: true } = { prepare: false, planEachRun: true };

function preparing<T extends Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') {
        return (text: string, params?: unknown[], opts?: { planEachRun?: boolean }) =>
          target.unsafe(text, params as never, { ...opts, prepare: !opts?.planEachRun });
      }
      // A transaction (and a savepoint in it) gets its own `sql`: it is wrapped the same way.
      if (prop === 'begin' || prop === 'savepoint') {
        const original = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const fn = args.pop() as (s: Sql) => unknown;
          return original.call(target, ...args, (s: Sql) => fn(preparing(s)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

const LANES = Symbol('lanes');

/**
 * The pool for single statements, whose `begin` (drizzle's `db.transaction`) runs on a lane and
 * whose `end` ends the lanes too (db/lanes.ts says why transactions do not use `reserve`/`begin`).
 */
function withLanes(pool: Sql, lanes: Lanes): Sql {
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop === LANES) return lanes;
      if (prop === 'begin') return (...args: unknown[]) => beginOnLane(lanes, ...args);
      if (prop === 'end') {
        return async (opts?: { timeout?: number }) => {
          await Promise.all([target.end(opts), lanes.end(opts)]);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/**
 * Opens a pool of `max` connections: half of them (at least one) are lanes for transactions, the
 * rest serve single statements. Nothing connects at import time; the caller owns `sql.end()`.
 */
export function createDb(url: string, opts: { max?: number } = {}) {
  const max = opts.max ?? 10;
  const laneCount = Math.max(1, Math.floor(max / 2));
  const pool = postgres(url, { max: Math.max(1, max - laneCount), onnotice: () => {} });
  const sql = withLanes(pool, createLanes(url, laneCount, pool));
  const db = drizzle(preparing(sql), { schema });
  return { db, sql };
}

type Internals = {
  session: { client: Sql; schema: unknown; options: object };
  dialect: ConstructorParameters<typeof PostgresJsSession>[1];
};

/**
 * The postgres.js `sql` behind a drizzle handle: the pool's, or the connection of a transaction.
 * The hot paths write their statements as tagged templates on it: no query building per call, and
 * the rows come back as the columns are named (timestamps stay strings, int8 stays a string).
 */
export function rawSql(db: DbOrTx): Sql {
  return (db as unknown as Internals).session.client;
}

type RelationalSchema = { schema: unknown; fullSchema: unknown; tableNamesMap: unknown };

/**
 * A drizzle `Tx` on `sql`. drizzle's own constructor builds a relational query builder for every
 * table of the schema, each time (a sizeable part of a click's CPU); here `tx.query` is built on
 * first use, and the rest (select, insert, update, execute, rollback) is drizzle's as it is.
 */
function lightTransaction(d: Internals, sql: Sql): Tx {
  const session = new PostgresJsSession(sql, d.dialect, d.session.schema as never, d.session.options);
  const tx = new PostgresJsTransaction(d.dialect, session as never, undefined);
  const schema = d.session.schema as RelationalSchema | undefined;
  if (schema) {
    const t = tx as unknown as { _: object; schema: unknown };
    t._ = {
      schema: schema.schema,
      fullSchema: schema.fullSchema,
      tableNamesMap: schema.tableNamesMap,
      session,
    };
    t.schema = schema;
    let query: unknown;
    Object.defineProperty(tx, 'query', {
      configurable: true,
      enumerable: true,
      get: () => (query ??= new PostgresJsTransaction(d.dialect, session as never, schema as never).query),
    });
  }
  return tx as unknown as Tx;
}

/**
 * `db.transaction`, with the BEGIN sent together with the transaction's first statements (`first`)
 * rather than a round trip of its own; the work then continues on a drizzle `Tx` over the same
 * connection (a lane, lanes.ts). `fn` may hand statements it has sent but need not wait for to
 * `beforeCommit`: COMMIT then goes out with them. A failure anywhere (or `tx.rollback()`) rolls back;
 * a COMMIT the server answers with anything but COMMIT (a statement failed and its error was
 * swallowed) throws, and so does a connection lost on the way (`isConnectionLost`).
 */
export async function pipelinedTransaction<A, T>(
  db: Db,
  first: (sql: Sql) => Promise<A>,
  fn: (tx: Tx, sql: Sql, a: A, beforeCommit: (p: Promise<unknown>) => void) => Promise<T>,
): Promise<T> {
  const d = db as unknown as Internals;
  const lanes = (d.session.client as unknown as { [LANES]: Lanes })[LANES];
  return lanes.using(async (session) => {
    const sql = preparing(session.sql);
    const tx = lightTransaction(d, sql);
    let result: T;
    try {
      // postgres.js starts a query when it is awaited (or `execute`d): BEGIN must start first.
      // READ WRITE: a lane's sessions are read-only outside the transactions it begins (lanes.ts).
      const begun = sql`begin read write`.execute();
      const [, a] = await Promise.all([begun, first(sql)]);
      // Statements already sent whose answers nobody waits for: awaited with COMMIT, which goes out
      // right behind them (one round trip). If one fails, Postgres answers the COMMIT with ROLLBACK.
      const pending: Promise<unknown>[] = [];
      const beforeCommit = (p: Promise<unknown>) => {
        p.catch(() => {});
        pending.push(p);
      };
      result = await fn(tx, sql, a, beforeCommit);
      const settled = await Promise.all([...pending, sql`commit`]);
      const done = settled.at(-1) as postgres.RowList<postgres.Row[]>;
      // A cut during the transaction fails it even if a replayed COMMIT answered (lanes.ts).
      if (session.lost) throw connectionLostError();
      if (done.command !== 'COMMIT') throw new Error(`transaction ended with ${done.command}`);
    } catch (err) {
      // Refused by the lane, without a write, when the connection is gone.
      await sql`rollback`.catch(() => {});
      throw err;
    }
    return result;
  });
}
